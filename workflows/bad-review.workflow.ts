/**
 * The bad-review workflow (差评整改), built with workflows/builder.ts into
 * workflows/bad-review.asl.json (`npm run workflows`). How it works: bad-review.md.
 *
 * Steps: verify → rectify → (anonymous? close) → return visit. A missed verify or rectify
 * deadline goes up the builder's overdue ladder (task order, escalation); silence at the
 * return visit closes the case.
 */
import type { CloseReason, Step } from '../functions/core/bad-review.js';
import { AGAIN, type HumanStep, stepNames, unitOutcomes, workflowBuilder } from './builder.js';

const { task, workflow } = workflowBuilder<Step, CloseReason>({
  taskFunction: 'BadReviewTaskFunctionArn',
  key: 'reviewId',
  errorPrefix: 'BadReview',
  title: 'bad-review',
});

// State names (domain words).
const DISPATCH = 'Dispatch to unit';
const ANONYMOUS = 'Anonymous review?';
const REOPEN = 'Reopen for second round';
const VERIFY = stepNames('verification');
const RECTIFY = stepNames('rectification', 'rectification and reply');
const VISIT = stepNames('return visit');

/** One close state per reason the task function's `close` action knows. */
const CLOSE = {
  visitAnswered: { name: 'Close case: visit answered', comment: 'The rater answered 满意 or 基本满意.' },
  visitDissatisfiedFinal: { name: 'Close case: dissatisfied after second round', comment: 'Dissatisfied again after the second round: the case closes.' },
  noAnswer: { name: 'Close case: no answer', comment: 'No return-visit answer in time.' },
  anonymousRectified: { name: 'Close case: anonymous rectified', comment: 'Anonymous review rectified: no reply, no return visit.' },
  voided: { name: 'Close case: voided', comment: 'An appeal (申诉) was upheld: the rating is void and excluded from indicators.' },
} satisfies Record<CloseReason, { name: string; comment: string }>;

/** Dispatch and reopen reset the state to the execution's keys and the round the task function returns. */
const FRESH_STATE = {
  'reviewId.$': '$$.Execution.Input.reviewId',
  'anonymous.$': '$$.Execution.Input.anonymous',
  'round.$': '$.Payload.round',
};

const verify: HumanStep<Step> = {
  step: 'verify',
  names: VERIFY,
  comments: {
    plan: '核实 deadline (default 1 working day) as seconds from now.',
    await: 'The unit contacts the rater and establishes the facts.',
    outcome: 'done → rectify; extended → same step again; voided → close.',
  },
  outcomes: unitOutcomes(RECTIFY.plan, CLOSE.voided.name),
  onTimeout: 'overdue',
};

const rectify: HumanStep<Step> = {
  step: 'rectify',
  names: RECTIFY,
  comments: {
    plan: '整改、反馈 deadline (default 5 working days, or what an extension left) as seconds from now.',
    await: 'The unit records its measures and answers the rater (anonymous reviews: rectification only).',
    outcome: 'done → return visit (or close when anonymous); extended → same step again; voided → close.',
  },
  outcomes: unitOutcomes(ANONYMOUS, CLOSE.voided.name),
  onTimeout: 'overdue',
  after: {
    [ANONYMOUS]: {
      Type: 'Choice',
      Comment: 'Anonymous bad reviews have no reply and no return visit.',
      Choices: [{ Variable: '$.anonymous', BooleanEquals: true, Next: CLOSE.anonymousRectified.name }],
      Default: VISIT.plan,
    },
  },
};

const visit: HumanStep<Step> = {
  step: 'visit',
  names: VISIT,
  comments: {
    plan: '回访 deadline (default 5 working days) as seconds from now.',
    await: "The rater rates the handling. Silence closes the case: a citizen's silence never issues a task order.",
  },
  outcomes: [
    { on: ['satisfied', 'basic'], next: CLOSE.visitAnswered.name },
    { on: 'dissatisfied', and: { Variable: '$.round', NumericLessThan: 2 }, next: REOPEN },
    { on: 'dissatisfied', next: CLOSE.visitDissatisfiedFinal.name },
    { on: 'extended', next: AGAIN }, // the calendar changed: the deadline was recomputed
    { on: 'voided', next: CLOSE.voided.name },
  ],
  onTimeout: CLOSE.noAnswer.name,
  after: {
    [REOPEN]: task({
      comment: 'One dissatisfied return visit sends the case back for one more rectification round. The state becomes {reviewId, anonymous, round: 2}.',
      action: 'reopen',
      resultSelector: FRESH_STATE,
      next: RECTIFY.plan,
    }),
  },
};

export const badReviewDefinition = workflow({
  comment:
    'Bad-review handling (差评整改): dispatch, verify, rectify and reply, return visit; missed unit deadlines issue a task order, missed task orders escalate. See bad-review.md.',
  start: {
    [DISPATCH]: task({
      comment: '谁办理、谁负责: the unit that handled the case owns the bad review. The state becomes {reviewId, anonymous, round}.',
      action: 'dispatch',
      resultSelector: FRESH_STATE,
      next: VERIFY.plan,
    }),
  },
  steps: [verify, rectify, visit],
  closes: CLOSE,
});
