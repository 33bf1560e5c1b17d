import { z } from 'zod';
import { type BadReview, CloseReason, isOpen, noticePeriod, secondsUntil, type Step, stepDays, unitStepDone, dueReminder } from '../core/bad-review.js';
import { shanghaiDate, shanghaiTime, type WorkingCalendar } from '../core/calendar.js';
import { logger } from '../observability.js';
import { addTimeline, completeStep, deadlineIn, mutateReview, notify, stepLabel } from './bad-review-steps.js';
import type { BadReviewDeps } from './deps.js';

/**
 * The bad-review task function: what each Task state of workflows/bad-review.asl.json
 * does. Payloads carry keys only; the review record holds the rest.
 */
const StepName = z.enum(['verify', 'rectify', 'visit', 'taskOrder', 'escalated']);
const UnitStepName = z.enum(['verify', 'rectify']);
export const TaskPayload = z.discriminatedUnion('action', [
  z.object({ action: z.literal('dispatch'), reviewId: z.string() }),
  z.object({ action: z.literal('planStep'), reviewId: z.string(), step: StepName, overdueStep: UnitStepName.optional() }),
  z.object({ action: z.literal('openStep'), reviewId: z.string(), step: StepName, overdueStep: UnitStepName.optional(), taskToken: z.string() }),
  z.object({ action: z.literal('issueTaskOrder'), reviewId: z.string(), overdueStep: UnitStepName }),
  z.object({ action: z.literal('escalate'), reviewId: z.string(), overdueStep: UnitStepName }),
  z.object({ action: z.literal('reopen'), reviewId: z.string() }),
  z.object({ action: z.literal('close'), reviewId: z.string(), reason: CloseReason }),
  z.object({ action: z.literal('alert'), reviewId: z.string(), error: z.unknown().optional() }),
]);
export type TaskPayload = z.infer<typeof TaskPayload>;

const unitStaff = (c: BadReview) => ({ kind: 'unitStaff' as const, unitId: c.unitId });
const unitLeader = (c: BadReview) => ({ kind: 'unitLeader' as const, unitId: c.unitId });
const supervisors = (c: BadReview) => ({ kind: 'supervisors' as const, regionCode: c.regionCode });

export async function runBadReviewTask(deps: BadReviewDeps, raw: unknown): Promise<unknown> {
  const payload = TaskPayload.parse(raw);
  logger.appendKeys({ reviewId: payload.reviewId, action: payload.action });
  const now = deps.clock.now();
  const at = now.toISOString();
  const cfg = deps.badReviewConfig;

  switch (payload.action) {
    case 'dispatch': {
      const { after } = await mutateReview(deps, payload.reviewId, (c) => {
        if (c.status === 'pending') {
          c.status = 'open';
          addTimeline(c, at, 'system', '派发至办件单位（谁办理、谁负责）');
        }
      });
      await notify(deps, after, 'dispatched', unitStaff(after), '收到差评，请及时核实整改', `办件 ${after.caseNumber} 收到${after.anonymous ? '匿名' : '实名'}差评，请在 ${cfg.verifyDays} 个工作日内核实。`, 'dispatch');
      return { round: after.round };
    }

    case 'planStep': {
      const step: Step = payload.step;
      let deadline = '';
      const current = await deps.badReviews.get(payload.reviewId);
      if (!current) throw new Error('review not found');
      // Same step again (resume after a restart, or an extension): keep its deadline, give the time left.
      const keep = current.step === step && current.deadlines[step] && (step !== 'taskOrder' || current.overdueStep === payload.overdueStep);
      const taskOrder = step === 'taskOrder' ? current.taskOrders.filter((t) => t.kind === 'auto').at(-1) : undefined;
      deadline = keep ? current.deadlines[step]! : taskOrder ? taskOrder.deadline : await deadlineIn(deps, stepDays(step, cfg), now);
      await mutateReview(deps, payload.reviewId, (c) => {
        if (!keep) {
          c.stepStartedAt = at;
          c.remindersSent = [];
          // An extension not decided while rectification lasted lapses with it.
          for (const e of c.extensions)
            if (!e.decision && step !== 'rectify') e.decision = { approve: false, days: 0, comment: '整改环节已结束，申请自动失效', by: 'system', at };
        }
        c.step = step;
        if (payload.overdueStep) c.overdueStep = payload.overdueStep;
        c.stepDeadline = deadline;
        c.deadlines[step] = deadline;
        if (!keep) addTimeline(c, at, 'system', `进入${stepLabel(step)}环节`, `截止 ${shanghaiTime(deadline)}`);
      });
      // The return visit is the rater's step: tell them the unit has answered and it is their turn.
      if (step === 'visit' && !keep && current.personKey && !current.anonymous)
        await notify(deps, current, 'reply', { kind: 'citizen', personKey: current.personKey }, '请对差评整改结果进行回访评价',
          `办件 ${current.caseNumber} 的办理单位已整改并答复，请于 ${shanghaiTime(deadline)} 前选择 满意、基本满意 或 不满意。`, `visit-${current.round}`);
      return { seconds: secondsUntil(deadline, now), deadline };
    }

    case 'openStep': {
      const { after } = await mutateReview(deps, payload.reviewId, (c) => {
        c.token = payload.taskToken;
      });
      // The outcome may already be known (recorded while the previous token timed out, or while
      // no execution was running before the reconciler resumed it): finish at once.
      const work = payload.step === 'taskOrder' || payload.step === 'escalated' ? payload.overdueStep : payload.step;
      const outcome = after.appeal?.decision?.uphold
        ? 'voided'
        : payload.step === 'visit'
          ? after.visits.find((v) => v.round === after.round)?.answer
          : (work === 'verify' || work === 'rectify') && unitStepDone(after, work)
            ? 'done'
            : undefined;
      if (outcome) {
        await mutateReview(deps, payload.reviewId, (c) => {
          if (c.token === payload.taskToken) delete c.token;
        });
        await completeStep(deps, payload.taskToken, { outcome }, payload.reviewId);
      }
      return {};
    }

    case 'issueTaskOrder': {
      const deadline = await deadlineIn(deps, cfg.taskOrderDays, now);
      const { after } = await mutateReview(deps, payload.reviewId, (c) => {
        const n = c.taskOrders.length + 1;
        c.taskOrders.push({
          n, kind: 'auto', overdueStep: payload.overdueStep, issuedAt: at, issuedBy: 'system', deadline, status: 'issued',
          content: `办件 ${c.caseNumber} 的差评${stepLabel(payload.overdueStep)}环节已超期，请于 ${shanghaiTime(deadline)} 前完成并反馈。`,
        });
        addTimeline(c, at, 'system', `${stepLabel(payload.overdueStep)}超期，自动下发任务交办单 #${n}`, `新期限 ${shanghaiTime(deadline)}`);
      });
      const order = after.taskOrders.at(-1)!;
      await notify(deps, after, 'taskOrder', unitLeader(after), '任务交办单', order.content, `auto-${order.n}`);
      await notify(deps, after, 'taskOrder', unitStaff(after), '任务交办单', order.content, `auto-${order.n}-staff`);
      return {};
    }

    case 'escalate': {
      const period = noticePeriod(shanghaiDate(now));
      const { after } = await mutateReview(deps, payload.reviewId, (c) => {
        const order = c.taskOrders.filter((t) => t.kind === 'auto').at(-1);
        if (order && order.status !== 'completed') order.status = 'overdue';
        const n = c.escalations.length + 1;
        c.escalations.push({ n, at, overdueStep: payload.overdueStep, noticePeriod: period, proposal: '约谈' });
        // Each escalation gives the unit a fresh period: without this, planStep would keep the
        // previous (already passed) escalation deadline and escalate again every second.
        delete c.deadlines.escalated;
        addTimeline(c, at, 'system', `任务交办单逾期，升级督办 #${n}`, `列入 ${period} 双周通报名单，建议约谈`);
      });
      const esc = after.escalations.at(-1)!;
      await deps.badReviews.addNotice({ period, unitId: after.unitId, regionCode: after.regionCode, reviewId: after.reviewId, caseNumber: after.caseNumber, escalation: esc.n, at });
      await notify(deps, after, 'escalation', supervisors(after), '差评整改逾期升级',
        `单位 ${after.unitId} 未按任务交办单办理办件 ${after.caseNumber} 的差评（${stepLabel(payload.overdueStep)}），已列入通报名单，建议约谈。`, `esc-${esc.n}`);
      await notify(deps, after, 'escalation', unitLeader(after), '差评整改已升级督办', `办件 ${after.caseNumber} 的差评因逾期已升级至监管部门。`, `esc-${esc.n}-leader`);
      return {};
    }

    case 'reopen': {
      const { after } = await mutateReview(deps, payload.reviewId, (c) => {
        if (c.round === 1) {
          c.round = 2;
          addTimeline(c, at, 'system', '评价人对整改不满意，退回重新整改（第二轮）');
        }
      });
      await notify(deps, after, 'reminder', unitStaff(after), '差评退回重新整改', `办件 ${after.caseNumber} 的评价人对整改结果不满意，请重新整改并反馈。`, 'reopen');
      return { round: after.round };
    }

    case 'close': {
      const reason = payload.reason;
      const { after } = await mutateReview(deps, payload.reviewId, (c) => {
        if (!isOpen(c)) return;
        c.status = reason === 'voided' ? 'voided' : 'closed';
        c.closeReason = reason;
        c.closedAt = at;
        delete c.token;
        addTimeline(c, at, 'system', CLOSE_TEXT[reason]);
      });
      if (after.personKey && !after.anonymous)
        await notify(deps, after, 'closed', { kind: 'citizen', personKey: after.personKey }, '您的差评已办结', `办件 ${after.caseNumber} 的差评处理已办结：${CLOSE_TEXT[reason]}。`, 'closed');
      return {};
    }

    case 'alert': {
      const errorName = (payload.error as { Error?: string } | undefined)?.Error ?? 'unknown';
      logger.error('bad-review workflow failed', { errorName });
      const review = await deps.badReviews.get(payload.reviewId);
      if (review) await notify(deps, review, 'alert', { kind: 'operators' }, '差评流程异常', `差评 ${review.reviewId} 的流程出错（${errorName}），将由巡检任务自动恢复。`, `alert-${at}`);
      return {};
    }
  }
}

const CLOSE_TEXT: Record<CloseReason, string> = {
  visitAnswered: '评价人已回访确认，办结',
  visitDissatisfiedFinal: '第二轮整改后评价人仍不满意，按规定办结',
  noAnswer: '回访期限内评价人未答复，办结',
  anonymousRectified: '匿名差评整改完成，办结',
  voided: '申诉成立，评价作废，办结',
};

/** Starts the workflow of a new bad review; the name makes a repeated start harmless. */
export async function startBadReview(deps: BadReviewDeps, review: { reviewId: string; anonymous: boolean }, attempt = 1) {
  const { executionId } = await deps.workflow.start({ name: `${review.reviewId}-${attempt}`, input: { reviewId: review.reviewId, anonymous: review.anonymous } });
  await mutateReview(deps, review.reviewId, (c) => {
    c.executionId = executionId;
    c.attempt = Math.max(c.attempt, attempt);
  });
}

/** Every open bad review, page by page (the working set of the scheduled jobs). */
async function* openReviews(deps: BadReviewDeps) {
  let cursor: string | undefined;
  do {
    const page = await deps.badReviews.listOpen({ cursor, limit: 100 });
    yield* page.items;
    cursor = page.next;
  } while (cursor);
}

/**
 * The reconciler (never stranded): every open review without a running execution is
 * restarted at its current step with the time it has left. Pending reviews that never
 * started are started (after a grace minute, so a start in flight is not doubled).
 */
export async function reconcileBadReviews(deps: BadReviewDeps): Promise<{ checked: number; resumed: number; started: number }> {
  let checked = 0, resumed = 0, started = 0;
  const now = deps.clock.now().getTime();
  for await (const c of openReviews(deps)) {
    checked++;
    if (c.executionId && (await deps.workflow.isRunning(c.executionId))) continue;
    if (!c.step) {
      if (now - Date.parse(c.createdAt) < 60_000 && !c.executionId) continue;
      // A used name would only return the execution that already ended before the first step
      // (e.g. dispatch failed): start the next attempt from the beginning instead.
      await startBadReview(deps, c, c.attempt + 1);
      started++;
      continue;
    }
    await resumeAtStep(deps, c, new Date(now).toISOString());
    resumed++;
  }
  if (resumed || started) logger.info('reconciled bad reviews', { checked, resumed, started });
  return { checked, resumed, started };
}

/**
 * Starts the next execution of an open review at its current step (the reconciler's
 * resume): planStep then keeps the stored deadline and gives the time it leaves.
 */
async function resumeAtStep(deps: BadReviewDeps, c: BadReview, at: string) {
  const attempt = c.attempt + 1;
  const resume = { step: c.step, ...(c.overdueStep && (c.step === 'taskOrder' || c.step === 'escalated') ? { overdueStep: c.overdueStep } : {}) };
  const { executionId } = await deps.workflow.start({ name: `${c.reviewId}-${attempt}`, input: { reviewId: c.reviewId, anonymous: c.anonymous, round: c.round, resume } });
  await mutateReview(deps, c.reviewId, (r) => {
    r.executionId = executionId;
    r.attempt = attempt;
    delete r.token;
    addTimeline(r, at, 'system', `流程自动恢复（第 ${attempt} 次执行），从${stepLabel(c.step)}环节继续`);
  });
}

/** A change of the working-day calendar: its first changed date and the calendars before and after it. */
export interface CalendarChange {
  fromDate: string;
  before: WorkingCalendar;
  after: WorkingCalendar;
}

/**
 * Re-plans open reviews after a calendar change. Each open deadline on or after the first
 * changed date keeps its number of working days (counted on the calendar it was computed
 * on) from its start — the step's start, a task order's issue — counted again on the new
 * calendar; past deadlines stay. When the current step's deadline moved, the workflow plans
 * the step again the way a resumed execution does (planStep keeps the stored deadline and
 * gives the time it leaves): a waiting step is completed with `extended`, and a review
 * without a running execution is resumed at once through the reconciler's resume.
 * Demo-clock deadlines (seconds per working day) do not depend on the calendar.
 */
export async function replanOpenReviews(deps: BadReviewDeps, change: CalendarChange): Promise<{ checked: number; moved: number }> {
  if (deps.demoWorkdaySeconds) return { checked: 0, moved: 0 };
  const now = deps.clock.now();
  const at = now.toISOString();
  const shift = (start: string | undefined, deadline: string) => {
    if (!start || Date.parse(deadline) <= now.getTime() || shanghaiDate(deadline) < change.fromDate) return deadline;
    return change.after.deadlineAfter(start, change.before.workingDaysBetween(shanghaiDate(start), shanghaiDate(deadline)));
  };
  let checked = 0, moved = 0;
  for await (const c of openReviews(deps)) {
    checked++;
    let stepMoved = false;
    const { before, after } = await mutateReview(deps, c.reviewId, (r) => {
      stepMoved = false;
      if (!isOpen(r) || !r.step || !r.stepDeadline) return;
      for (const t of r.taskOrders) if (t.status === 'issued' || t.status === 'acknowledged') t.deadline = shift(t.issuedAt, t.deadline);
      const order = r.step === 'taskOrder' ? r.taskOrders.filter((t) => t.kind === 'auto').at(-1) : undefined;
      const deadline = order && order.status !== 'overdue' && order.status !== 'completed' ? order.deadline : shift(r.stepStartedAt, r.stepDeadline);
      if (deadline === r.stepDeadline) return;
      addTimeline(r, at, 'system', `工作日历调整，${stepLabel(r.step)}环节期限重新计算`, `截止 ${shanghaiTime(r.stepDeadline)} → ${shanghaiTime(deadline)}`);
      r.stepDeadline = deadline;
      r.deadlines[r.step] = deadline;
      delete r.token;
      stepMoved = true;
    });
    if (!stepMoved) continue;
    moved++;
    if (!(after.executionId && (await deps.workflow.isRunning(after.executionId)))) await resumeAtStep(deps, after, at);
    else if (before.token) await completeStep(deps, before.token, { outcome: 'extended' }, c.reviewId);
  }
  if (moved) logger.info('re-planned bad reviews after a calendar change', { checked, moved, fromDate: change.fromDate });
  return { checked, moved };
}

/** Sends the 50% / 80% reminders of the current step to the unit. */
export async function sendReminders(deps: BadReviewDeps): Promise<{ sent: number }> {
  let sent = 0;
  const now = deps.clock.now();
  for await (const c of openReviews(deps)) {
    const fraction = dueReminder(c, now, deps.badReviewConfig);
    if (fraction === undefined) continue;
    const { after } = await mutateReview(deps, c.reviewId, (r) => {
      r.remindersSent = [...new Set([...r.remindersSent, ...deps.badReviewConfig.reminderFractions.filter((f) => f <= fraction)])];
      addTimeline(r, now.toISOString(), 'system', `${stepLabel(r.step)}环节已用时 ${Math.round(fraction * 100)}%，已提醒单位`);
    });
    await notify(deps, after, 'reminder', unitStaff(after), '差评办理提醒',
      `办件 ${after.caseNumber} 的差评${stepLabel(after.step)}环节已用时 ${Math.round(fraction * 100)}%，截止 ${shanghaiTime(after.stepDeadline!)}。`, `remind-${after.step}-${after.stepStartedAt}-${fraction}`);
    sent++;
  }
  return { sent };
}
