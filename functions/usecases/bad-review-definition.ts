import { type BadReview, type BadReviewConfig, type CloseReason, STEP_NAMES, type Step, unitStepDone } from '../core/bad-review.js';
import { shanghaiTime } from '../core/calendar.js';
import { type Supervision, type SupervisedWorkflow, supervisorsOf, unitLeader, unitStaff } from '../supervision/definition.js';
import type { DeadlinePolicy } from '../supervision/model.js';
import { workingDays } from './calendar.js';
import type { BadReviewDeps } from './deps.js';

/**
 * The bad-review workflow (差评整改) as the supervision core runs it: its steps and names,
 * who is told what, and its own rules (when the unit has done a step, what a step's
 * outcome already is). The machinery is functions/supervision/engine.ts; the state
 * machine is workflows/bad-review.asl.json.
 */

export const CLOSE_TEXT: Record<CloseReason, string> = {
  visitAnswered: '评价人已回访确认，办结',
  visitDissatisfiedFinal: '第二轮整改后评价人仍不满意，按规定办结',
  noAnswer: '回访期限内评价人未答复，办结',
  anonymousRectified: '匿名差评整改完成，办结',
  voided: '申诉成立，评价作废，办结',
};

/** The rater, when they may be told (named reviews only). */
const rater = (c: BadReview) => (c.personKey && !c.anonymous ? { kind: 'citizen' as const, personKey: c.personKey } : undefined);

export const BAD_REVIEW: SupervisedWorkflow<BadReview> = {
  kind: 'badReview',
  key: 'reviewId',
  log: { title: 'bad-review', plural: 'bad reviews' },
  noun: '差评',
  openRule: 'review_open',
  steps: {
    verify: { name: STEP_NAMES.verify, unit: true, reminders: true },
    rectify: { name: STEP_NAMES.rectify, unit: true, reminders: true, extension: '整改' },
    // The rater's step: no reminders, and silence closes the case (no task order).
    visit: { name: STEP_NAMES.visit },
    taskOrder: { name: STEP_NAMES.taskOrder, reminders: true },
    escalated: { name: STEP_NAMES.escalated, reminders: true },
  },
  closeTexts: CLOSE_TEXT,
  texts: {
    dispatched: '派发至办件单位（谁办理、谁负责）',
    taskOrder: (c, step, deadline) => `办件 ${c.caseNumber} 的差评${STEP_NAMES[step]}环节已超期，请于 ${shanghaiTime(deadline)} 前完成并反馈。`,
  },
  messages: {
    dispatched: (c, policy) => [
      {
        kind: 'dispatched',
        to: unitStaff(c),
        title: '收到差评，请及时核实整改',
        body: `办件 ${c.caseNumber} 收到${c.anonymous ? '匿名' : '实名'}差评，请在 ${policy.days.verify} 个工作日内核实。`,
        key: 'dispatch',
      },
    ],
    // The return visit is the rater's step: tell them the unit has answered and it is their turn.
    stepPlanned: (c, step, deadline) => {
      const to = rater(c);
      if (step !== 'visit' || !to) return [];
      const body = `办件 ${c.caseNumber} 的办理单位已整改并答复，请于 ${shanghaiTime(deadline)} 前选择 满意、基本满意 或 不满意。`;
      return [{ kind: 'reply', to, title: '请对差评整改结果进行回访评价', body, key: `visit-${c.round}` }];
    },
    taskOrderIssued: (c, order) => [
      { kind: 'taskOrder', to: unitLeader(c), title: '任务交办单', body: order.content, key: `auto-${order.n}` },
      { kind: 'taskOrder', to: unitStaff(c), title: '任务交办单', body: order.content, key: `auto-${order.n}-staff` },
    ],
    manualTaskOrder: (c, order) => [{ kind: 'taskOrder', to: unitLeader(c), title: '任务交办单', body: order.content, key: `manual-${order.n}` }],
    escalated: (c, e) => [
      {
        kind: 'escalation',
        to: supervisorsOf(c),
        title: '差评整改逾期升级',
        key: `esc-${e.n}`,
        body: `单位 ${c.unitId} 未按任务交办单办理办件 ${c.caseNumber} 的差评（${STEP_NAMES[e.overdueStep]}），已列入通报名单，建议约谈。`,
      },
      {
        kind: 'escalation',
        to: unitLeader(c),
        title: '差评整改已升级督办',
        body: `办件 ${c.caseNumber} 的差评因逾期已升级至监管部门。`,
        key: `esc-${e.n}-leader`,
      },
    ],
    reminder: (c, fraction) => [
      {
        kind: 'reminder',
        to: unitStaff(c),
        title: '差评办理提醒',
        key: `remind-${c.step}-${c.stepStartedAt}-${fraction}`,
        body: `办件 ${c.caseNumber} 的差评${c.step ? STEP_NAMES[c.step] : '—'}环节已用时 ${Math.round(fraction * 100)}%，截止 ${shanghaiTime(c.stepDeadline!)}。`,
      },
    ],
    extensionRequested: (c, request) => [
      {
        kind: 'decision',
        to: supervisorsOf(c),
        title: '差评整改延期申请',
        body: `单位 ${c.unitId} 申请延期 ${request.days} 个工作日（办件 ${c.caseNumber}）。`,
        key: `ext-${c.extensions.length}`,
      },
    ],
    extensionDecided: (c, approve) => [
      {
        kind: 'decision',
        to: unitStaff(c),
        title: approve ? '延期申请已批准' : '延期申请未批准',
        key: `ext-decision-${c.extensions.length}`,
        body: `办件 ${c.caseNumber} 的延期申请${approve ? '已批准' : '未批准'}。`,
      },
    ],
    closed: (c, reason) => {
      const to = rater(c);
      return to
        ? [
            {
              kind: 'closed',
              to,
              title: '您的差评已办结',
              body: `办件 ${c.caseNumber} 的差评处理已办结：${CLOSE_TEXT[reason as CloseReason]}。`,
              key: 'closed',
            },
          ]
        : [];
    },
    alert: (c, errorName, at) => [
      {
        kind: 'alert',
        to: { kind: 'operators' },
        title: '差评流程异常',
        body: `差评 ${c.reviewId} 的流程出错（${errorName}），将由巡检任务自动恢复。`,
        key: `alert-${at}`,
      },
    ],
  },
  id: (c) => c.reviewId,
  owner: (c) => ({ unitId: c.unitId, regionCode: c.regionCode, personKey: c.anonymous ? undefined : c.personKey }),
  executionInput: (c) => ({ reviewId: c.reviewId, anonymous: c.anonymous }),
  unitStepDone,
  knownOutcome: (c, work) => {
    if (c.appeal?.decision?.uphold) return 'voided';
    if (work === 'visit') return c.visits.find((v) => v.round === c.round)?.answer;
    return (work === 'verify' || work === 'rectify') && unitStepDone(c, work) ? 'done' : undefined;
  },
};

/** The configured numbers (BAD_REVIEW_CONFIG) as the core's deadline policy. */
export const badReviewPolicy = (cfg: BadReviewConfig): DeadlinePolicy<Step> => ({
  days: { verify: cfg.verifyDays, rectify: cfg.rectifyDays, visit: cfg.visitDays, taskOrder: cfg.taskOrderDays, escalated: cfg.escalatedDays },
  maxExtensionDays: cfg.maxExtensionDays,
  reminderFractions: cfg.reminderFractions,
});

/** The bad reviews as the core stores them. */
export const reviews = (deps: Pick<BadReviewDeps, 'badReviews'>) => ({ def: BAD_REVIEW, cases: deps.badReviews });

export type SupervisionDeps = Pick<
  BadReviewDeps,
  'badReviews' | 'workflow' | 'notifier' | 'calendarStore' | 'clock' | 'badReviewConfig' | 'demoWorkdaySeconds'
>;

/** Every port of the core, from the bad-review deps (read at each call: the local stack and tests swap the engine). */
export const supervision = (deps: SupervisionDeps): Supervision<BadReview> => ({
  ...reviews(deps),
  workflow: deps.workflow,
  notifier: deps.notifier,
  calendar: workingDays(deps),
  clock: deps.clock,
  demoWorkdaySeconds: deps.demoWorkdaySeconds,
  policy: badReviewPolicy(deps.badReviewConfig),
});
