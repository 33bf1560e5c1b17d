/**
 * The consultation and complaint workflow (咨询投诉), built with workflows/builder.ts into
 * workflows/complaint.asl.json (`npm run workflows`). How it works: complaint.md.
 *
 * Steps: dispatch → (unit known? accept : assign) → handle → (review needed? review) →
 * release the answer → (anonymous? close : return visit). A missed handling deadline goes
 * up the builder's overdue ladder (task order, escalation); a supervisor step that runs
 * over (assign, review) nudges the supervisors and waits again.
 */
import type { CloseReason, Step } from '../functions/core/complaints/complaint.js';
import { AGAIN, type HumanStep, stepNames, unitOutcomes, workflowBuilder } from './builder.js';

const { task, workflow } = workflowBuilder<Step, CloseReason>({
  taskFunction: 'ComplaintTaskFunctionArn',
  key: 'complaintId',
  errorPrefix: 'Complaint',
  title: 'complaint',
});

// State names (domain words).
const DISPATCH = 'Receive and dispatch';
const UNIT_KNOWN = 'Unit known?';
const REVIEW_NEEDED = 'Answer review needed?';
const RELEASE = 'Release answer';
const ANONYMOUS = 'Anonymous?';
const REOPEN = 'Reopen for second round';
const NUDGE_ASSIGN = 'Nudge supervisors to assign';
const NUDGE_REVIEW = 'Nudge supervisors to review';
const ASSIGN = stepNames('assignment');
const ACCEPT = stepNames('acceptance', 'acceptance or return');
const HANDLE = stepNames('handling', 'handling and draft answer');
const REVIEW = stepNames('answer review');
const VISIT = stepNames('return visit');

const CLOSE = {
  answered: { name: 'Close: answer accepted', comment: 'The person rated the answer 满意 or 基本满意.' },
  dissatisfiedFinal: { name: 'Close: dissatisfied', comment: 'Dissatisfied for objective reasons, or again after the second round: the item closes.' },
  noFeedback: { name: 'Close: no feedback', comment: 'No rating of the answer in time.' },
  anonymousAnswered: { name: 'Close: anonymous answered', comment: 'Anonymous: the answer is released (readable by tracking code); no return visit.' },
  voided: { name: 'Close: voided', comment: 'Withdrawn by the person or voided by a supervisor (e.g. a duplicate).' },
} satisfies Record<CloseReason, { name: string; comment: string }>;

/** Dispatch and reopen reset the state to the execution's keys and the round the task function returns. */
const FRESH_STATE = {
  'complaintId.$': '$$.Execution.Input.complaintId',
  'anonymous.$': '$$.Execution.Input.anonymous',
  'skipReview.$': '$$.Execution.Input.skipReview',
  'round.$': '$.Payload.round',
  'assigned.$': '$.Payload.assigned',
};

/** A supervisor step that ran over: tell the supervisors, then plan the step again. */
const nudge = (step: Step, next: string) =>
  task({
    comment: `The ${step} step ran over its time: supervisors are reminded (催办), the step is planned again.`,
    action: 'nudge',
    payload: { step },
    resultPath: null,
    next,
  });

const assign: HumanStep<Step> = {
  step: 'assign',
  names: ASSIGN,
  comments: {
    plan: '派单 deadline (default 1 working day) as seconds from now.',
    await: 'No unit was named, or the unit returned it: a supervisor assigns the responsible unit.',
    outcome: 'assigned → acceptance; voided → close.',
  },
  outcomes: [
    { on: 'assigned', next: ACCEPT.plan },
    { on: 'extended', next: AGAIN },
    { on: 'voided', next: CLOSE.voided.name },
  ],
  onTimeout: NUDGE_ASSIGN,
  after: { [NUDGE_ASSIGN]: nudge('assign', ASSIGN.plan) },
};

const accept: HumanStep<Step> = {
  step: 'accept',
  names: ACCEPT,
  comments: {
    plan: '签收 window (default 1 working day) as seconds from now.',
    await: 'The unit signs for it, or returns a wrong assignment with its reason (退回改派). Silence is acceptance.',
    outcome: 'accepted → handling; returned → assignment again; voided → close.',
  },
  outcomes: [
    { on: 'accepted', next: HANDLE.plan },
    { on: 'returned', next: ASSIGN.plan },
    { on: 'extended', next: AGAIN },
    { on: 'voided', next: CLOSE.voided.name },
  ],
  onTimeout: HANDLE.plan,
};

const handle: HumanStep<Step> = {
  step: 'handle',
  names: HANDLE,
  comments: {
    plan: 'Handling ends at the due date (承诺时限: the kind’s working days from the day after receipt, a transfer’s own, or what an extension left) as seconds from now.',
    await: 'The unit handles it and submits a draft answer; the answer check runs on submission.',
    outcome: 'done → answer review (or release); extended → same step again; voided → close.',
  },
  outcomes: unitOutcomes(REVIEW_NEEDED, CLOSE.voided.name),
  onTimeout: 'overdue',
  after: {
    [REVIEW_NEEDED]: {
      Type: 'Choice',
      Comment: 'Consultations may skip the answer review (a policy setting, read at dispatch).',
      Choices: [{ Variable: '$.skipReview', BooleanEquals: true, Next: RELEASE }],
      Default: REVIEW.plan,
    },
  },
};

const review: HumanStep<Step> = {
  step: 'review',
  names: REVIEW,
  comments: {
    plan: '回复审核 deadline (default 1 working day) as seconds from now.',
    await: 'A supervisor reads the draft and the answer check’s findings, then approves it or sends it back with comments.',
    outcome: 'approved → release; sentBack → handling again (same due date); voided → close.',
  },
  outcomes: [
    { on: 'approved', next: RELEASE },
    { on: 'sentBack', next: HANDLE.plan },
    { on: 'extended', next: AGAIN },
    { on: 'voided', next: CLOSE.voided.name },
  ],
  onTimeout: NUDGE_REVIEW,
  after: {
    [NUDGE_REVIEW]: nudge('review', REVIEW.plan),
    [RELEASE]: task({
      comment: 'The approved answer goes to the person (and the source platform); answered on time or not is recorded.',
      action: 'release',
      resultPath: null,
      next: ANONYMOUS,
    }),
    [ANONYMOUS]: {
      Type: 'Choice',
      Comment: 'Anonymous items have no return visit: the person reads the answer by tracking code.',
      Choices: [{ Variable: '$.anonymous', BooleanEquals: true, Next: CLOSE.anonymousAnswered.name }],
      Default: VISIT.plan,
    },
  },
};

const visit: HumanStep<Step> = {
  step: 'visit',
  names: VISIT,
  comments: {
    plan: '回访 deadline (default 5 working days) as seconds from now.',
    await: 'The person (or the 12345 operator on a call) rates the answer. Silence closes it.',
    outcome: 'satisfied/basic → close; reopen (dissatisfied for the unit’s own reasons, first round) → handling again; dissatisfied → close.',
  },
  outcomes: [
    { on: ['satisfied', 'basic'], next: CLOSE.answered.name },
    { on: 'reopen', and: { Variable: '$.round', NumericLessThan: 2 }, next: REOPEN },
    { on: ['dissatisfied', 'reopen'], next: CLOSE.dissatisfiedFinal.name },
    { on: 'extended', next: AGAIN },
    { on: 'voided', next: CLOSE.voided.name },
  ],
  onTimeout: CLOSE.noFeedback.name,
  after: {
    [REOPEN]: task({
      comment: 'Dissatisfied for subjective reasons (主观原因) reopens once: a second handling round with its own deadline.',
      action: 'reopen',
      resultSelector: FRESH_STATE,
      next: HANDLE.plan,
    }),
  },
};

export const complaintDefinition = workflow({
  comment:
    'Consultation and complaint handling (咨询投诉): receive, assign, accept or return, handle and draft, review, release, return visit; a missed handling deadline issues a task order, a missed task order escalates. See complaint.md.',
  start: {
    [DISPATCH]: task({
      comment: 'The state becomes {complaintId, anonymous, skipReview, round, assigned}.',
      action: 'dispatch',
      resultSelector: FRESH_STATE,
      next: UNIT_KNOWN,
    }),
    [UNIT_KNOWN]: {
      Type: 'Choice',
      Comment: 'The unit named (or the item’s unit) gets it at once; otherwise a supervisor assigns.',
      Choices: [{ Variable: '$.assigned', BooleanEquals: true, Next: ACCEPT.plan }],
      Default: ASSIGN.plan,
    },
  },
  steps: [assign, accept, handle, review, visit],
  closes: CLOSE,
  ladderComments: {
    issueTaskOrder: 'A missed handling deadline auto-issues a task order (任务交办单, 催办通知书) to the unit leader.',
    taskOrder: {
      plan: 'Task order deadline (default 5 working days) as seconds from now.',
      await: 'The unit leader has the answer submitted; `done` means it is.',
      outcome: 'done → the step after handling; extended → same step again; voided → close.',
    },
    escalate: 'More than 5 working days overdue: supervisor alert, the unit goes on the 通报 list and a 约谈 is proposed.',
    escalated: {
      plan: 'Time allowed after an escalation before escalating again, as seconds from now.',
      await: 'The item stays open until it is really answered; each missed deadline escalates again.',
      outcome: 'done → the step after handling; extended → same step again; voided → close.',
    },
  },
});
