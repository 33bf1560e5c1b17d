import { shanghaiTime } from '../core/calendar.js';
import {
  type CloseReason,
  type Complaint,
  type ComplaintConfig,
  currentAssignment,
  currentDraft,
  dueNow,
  KIND_NAMES,
  STEP_NAMES,
  type Step,
  unitStepDone,
} from '../core/complaints/complaint.js';
import type { Audience } from '../ports/notifier.js';
import { type Message, type Supervision, type SupervisedWorkflow, supervisorsOf, unitLeader, unitStaff } from '../supervision/definition.js';
import type { DeadlinePolicy } from '../supervision/model.js';
import { workingDays } from './calendar.js';
import type { ComplaintDeps } from './deps.js';

/**
 * The consultation and complaint workflow (咨询投诉) as the supervision core runs it: its
 * steps and names, who is told what, and its own rules. The machinery is
 * functions/supervision/engine.ts; the state machine is workflows/complaint.asl.json.
 */

export const CLOSE_TEXT: Record<CloseReason, string> = {
  answered: '诉求人对答复满意或基本满意，办结',
  dissatisfiedFinal: '诉求人不满意（客观原因或第二轮答复后），按规定办结',
  noFeedback: '回访期限内诉求人未评价，办结',
  anonymousAnswered: '匿名诉求已答复，办结',
  voided: '诉求已撤回或作废，办结',
};

const what = (c: Complaint) => `${KIND_NAMES[c.kind]} ${c.complaintId}「${c.title.slice(0, 20)}」`;
/** The person, when they may be told in the app (signed in, named). */
const person = (c: Complaint): Audience | undefined => (c.personKey && !c.anonymous ? { kind: 'citizen', personKey: c.personKey } : undefined);
const toPerson = (c: Complaint, m: Omit<Message, 'to'>): Message[] => {
  const to = person(c);
  return to ? [{ ...m, to }] : [];
};

export const COMPLAINT: SupervisedWorkflow<Complaint> = {
  kind: 'complaint',
  key: 'complaintId',
  log: { title: 'complaint', plural: 'complaints' },
  noun: '诉求',
  openRule: 'complaint_open',
  steps: {
    assign: { name: STEP_NAMES.assign },
    accept: { name: STEP_NAMES.accept },
    handle: { name: STEP_NAMES.handle, unit: true, reminders: true, extension: '办理' },
    review: { name: STEP_NAMES.review },
    visit: { name: STEP_NAMES.visit },
    taskOrder: { name: STEP_NAMES.taskOrder, reminders: true },
    escalated: { name: STEP_NAMES.escalated, reminders: true },
  },
  closeTexts: CLOSE_TEXT,
  texts: {
    dispatched: '进入办理流程',
    taskOrder: (c, _step, deadline) => `${what(c)}已超过答复期限，请于 ${shanghaiTime(deadline)} 前提交答复（催办通知书）。`,
  },
  messages: {
    dispatched: (c, policy) =>
      c.unitId
        ? [
            {
              kind: 'dispatched',
              to: unitStaff(c),
              title: `收到${KIND_NAMES[c.kind]}，请签收办理`,
              body: `${what(c)}已派至本单位，请在 ${policy.days.accept} 个工作日内签收或退回，${shanghaiTime(dueNow(c)!)} 前答复。${c.repeatOf.length ? '注意：该诉求为重复投诉。' : ''}`,
              key: 'dispatch',
            },
          ]
        : [{ kind: 'decision', to: supervisorsOf(c), title: `${KIND_NAMES[c.kind]}待派单`, body: `${what(c)}未指明承办单位，请派单。`, key: 'dispatch' }],
    stepPlanned: (c, step, deadline) => {
      const n = c.assignments.length;
      if (step === 'assign' && n > 0)
        return [
          { kind: 'decision', to: supervisorsOf(c), title: '诉求被退回，待重新派单', body: `${what(c)}被承办单位退回，请重新派单。`, key: `assign-${n}` },
        ];
      // The first unit named at intake was told at dispatch.
      if (step === 'accept' && !(n === 1 && c.assignments[0]?.at === c.receivedAt))
        return [
          {
            kind: 'dispatched',
            to: unitStaff(c),
            title: `收到派单的${KIND_NAMES[c.kind]}`,
            body: `${what(c)}已派至本单位，请于 ${shanghaiTime(deadline)} 前签收或退回。`,
            key: `accept-${n}`,
          },
        ];
      if (step === 'review')
        return [{ kind: 'decision', to: supervisorsOf(c), title: '答复待审核', body: `${what(c)}的答复已提交，请审核。`, key: `review-${c.answers.length}` }];
      if (step === 'handle' && currentDraft(c)?.status === 'sentBack')
        return [
          {
            kind: 'reminder',
            to: unitStaff(c),
            title: '答复被退回修改',
            body: `${what(c)}的答复未通过审核，请按审核意见修改。`,
            key: `sent-back-${c.answers.length}`,
          },
        ];
      if (step === 'visit')
        return toPerson(c, {
          kind: 'reply',
          title: '请对答复进行评价',
          body: `您的${what(c)}已答复，请于 ${shanghaiTime(deadline)} 前评价。`,
          key: `visit-${c.round}`,
        });
      return [];
    },
    taskOrderIssued: (c, order) => [
      { kind: 'taskOrder', to: unitLeader(c), title: '任务交办单（催办）', body: order.content, key: `auto-${order.n}` },
      { kind: 'taskOrder', to: unitStaff(c), title: '任务交办单（催办）', body: order.content, key: `auto-${order.n}-staff` },
    ],
    manualTaskOrder: (c, order) => [{ kind: 'taskOrder', to: unitLeader(c), title: '任务交办单', body: order.content, key: `manual-${order.n}` }],
    escalated: (c, e) => [
      {
        kind: 'escalation',
        to: supervisorsOf(c),
        title: '咨询投诉逾期升级',
        body: `单位 ${c.unitId} 逾期未答复${what(c)}，超期已逾 5 个工作日，已列入 ${e.noticePeriod} 双周通报名单，建议约谈。`,
        key: `esc-${e.n}`,
      },
      { kind: 'escalation', to: unitLeader(c), title: '咨询投诉已升级督办', body: `${what(c)}因逾期已升级至监管部门。`, key: `esc-${e.n}-leader` },
    ],
    reminder: (c, fraction) => [
      {
        kind: 'reminder',
        to: unitStaff(c),
        title: '咨询投诉办理提醒',
        body: `${what(c)}的${c.step ? STEP_NAMES[c.step] : '—'}环节已用时 ${Math.round(fraction * 100)}%，截止 ${shanghaiTime(c.stepDeadline!)}。`,
        key: `remind-${c.step}-${c.stepStartedAt}-${fraction}`,
      },
    ],
    extensionRequested: (c, r) => [
      {
        kind: 'decision',
        to: supervisorsOf(c),
        title: '咨询投诉延期申请',
        body: `单位 ${c.unitId} 申请${what(c)}延期 ${r.days} 个工作日。`,
        key: `ext-${c.extensions.length}`,
      },
    ],
    extensionDecided: (c, approve) => [
      {
        kind: 'decision',
        to: unitStaff(c),
        title: approve ? '延期申请已批准' : '延期申请未批准',
        body: `${what(c)}的延期申请${approve ? `已批准，新的答复期限 ${shanghaiTime(dueNow(c)!)}` : '未批准'}。`,
        key: `ext-decision-${c.extensions.length}`,
      },
    ],
    closed: (c, reason) =>
      toPerson(c, { kind: 'closed', title: '您的诉求已办结', body: `${what(c)}已办结：${CLOSE_TEXT[reason as CloseReason]}。`, key: 'closed' }),
    alert: (c, errorName, at) => [
      {
        kind: 'alert',
        to: { kind: 'operators' },
        title: '咨询投诉流程异常',
        body: `诉求 ${c.complaintId} 的流程出错（${errorName}），将由巡检任务自动恢复。`,
        key: `alert-${at}`,
      },
    ],
  },
  id: (c) => c.complaintId,
  owner: (c) => ({ unitId: c.unitId, regionCode: c.regionCode, personKey: c.anonymous ? undefined : c.personKey }),
  executionInput: (c) => ({ complaintId: c.complaintId, anonymous: c.anonymous, skipReview: c.skipReview }),
  unitStepDone,
  knownOutcome: (c, work) => {
    if (c.closeReason === 'voided') return 'voided';
    const assignment = currentAssignment(c);
    const draft = currentDraft(c);
    switch (work) {
      case 'assign':
        return assignment && !assignment.returned ? 'assigned' : undefined;
      case 'accept':
        return assignment?.returned ? 'returned' : assignment?.acceptedAt ? 'accepted' : undefined;
      case 'handle':
        return unitStepDone(c, 'handle') ? 'done' : undefined;
      case 'review':
        return draft?.status === 'approved' ? 'approved' : draft?.status === 'sentBack' ? 'sentBack' : undefined;
      case 'visit': {
        const f = c.feedback.find((x) => x.round === c.round);
        return f && feedbackOutcome(c, f);
      }
      default:
        return undefined;
    }
  },
  // Handling ends at the due date (承诺时限), extensions included, whenever the step starts.
  plannedDeadline: (c, step) => (step === 'handle' ? dueNow(c) : undefined),
  // The due date counts working days from receipt: a calendar change moves it, but never a transfer's own.
  replanOwn: (c, shift) => {
    if (c.source === 'national') return;
    if (c.deadlines.handle) c.deadlines.handle = shift(c.receivedAt, c.deadlines.handle);
    else if (c.dueAt) c.dueAt = shift(c.receivedAt, c.dueAt);
  },
};

/** The visit's outcome: dissatisfied for the unit's own reasons (主观原因) in the first round reopens. */
export function feedbackOutcome(c: Pick<Complaint, 'round'>, f: Complaint['feedback'][number]): string {
  if (f.answer !== 'dissatisfied') return f.answer;
  return f.reason && f.reason !== 'policy' && c.round === 1 ? 'reopen' : 'dissatisfied';
}

/** The configured numbers (COMPLAINT_CONFIG) as the core's deadline policy; `handle` is the kind's due days (the definition plans it from the due date). */
export const complaintPolicy = (cfg: ComplaintConfig): DeadlinePolicy<Step> => ({
  days: {
    assign: cfg.assignDays,
    accept: cfg.acceptDays,
    handle: cfg.dueDays.complaint,
    review: cfg.reviewDays,
    visit: cfg.visitDays,
    taskOrder: cfg.taskOrderDays,
    escalated: cfg.escalatedDays,
  },
  maxExtensionDays: cfg.maxExtensionDays,
  reminderFractions: cfg.reminderFractions,
});

/** The complaints as the core stores them. */
export const complaintCases = (deps: Pick<ComplaintDeps, 'complaints'>) => ({ def: COMPLAINT, cases: deps.complaints });

export type ComplaintSupervisionDeps = Pick<
  ComplaintDeps,
  'complaints' | 'complaintWorkflow' | 'notifier' | 'calendarStore' | 'clock' | 'complaintConfig' | 'demoWorkdaySeconds'
>;

/** Every port of the core, from the complaint deps. */
export const complaintSupervision = (deps: ComplaintSupervisionDeps): Supervision<Complaint> => ({
  ...complaintCases(deps),
  workflow: deps.complaintWorkflow,
  notifier: deps.notifier,
  calendar: workingDays(deps),
  clock: deps.clock,
  demoWorkdaySeconds: deps.demoWorkdaySeconds,
  policy: complaintPolicy(deps.complaintConfig),
});
