import type * as z from 'zod/mini';
import { type Principal, requireRole } from '../core/access.js';
import { APPEAL_CATEGORY_NAMES, type BadReview, type EvidenceFile, type TaskOrder, unitStepDone, type UnitStep } from '../core/bad-review.js';
import { provisionalReason, type WorkingCalendar } from '../core/calendar.js';
import { invalid } from '../core/errors.js';
import { stepName } from '../supervision/definition.js';
import * as core from '../supervision/engine.js';
import { addTimeline, behindSchedule, canCompleteTaskOrder as canComplete, isOpen, secondsLeft, workStep } from '../supervision/model.js';
import { BAD_REVIEW, badReviewPolicy, reviews } from './bad-review-definition.js';
import type {
  AppealBody,
  DecisionBody,
  EvidenceBody,
  ExtensionBody,
  ManualTaskOrderBody,
  OutcomeBody,
  RectificationBody,
  ReplyBody,
  TaskOrderNoteBody,
  VerificationBody,
  VisitBody,
} from './bad-review-bodies.js';
import { loadCalendar, workingDays } from './calendar.js';
import { badReviewActions, extensionDaysLeft } from './case-actions.js';
import { downloadUpload, storeUpload } from './files.js';
import type { BadReviewDeps } from './deps.js';
import { ratingView } from './views.js';

/**
 * The bad-review API: the unit's verification, rectification, reply and evidence, the
 * appeal and the rater's return visit (the bad review's own actions), and the supervision
 * actions every supervised workflow has (extensions, task orders, escalation outcomes,
 * the 通报 list), which the supervision core (functions/supervision/engine.ts) does. Each
 * returns a domain result; the handlers make the HTTP answer.
 */

export { MAX_EVIDENCE_BYTES } from '../core/evidence.js';

type D<K extends keyof BadReviewDeps> = Pick<BadReviewDeps, K>;

const now = (deps: D<'clock'>) => deps.clock.now().toISOString();
const label = (step?: string) => stepName(BAD_REVIEW, step);

/** The unit's work on a unit step: save it, then hand the current token back to the workflow once the step is done. */
async function unitAction(
  deps: D<'badReviews' | 'clock' | 'workflow'>,
  p: Principal,
  id: string,
  step: UnitStep,
  apply: (c: BadReview) => 'replay' | undefined,
) {
  const { replayed, after } = await core.recordUnitWork({ ...reviews(deps), clock: deps.clock, workflow: deps.workflow }, p, id, step, apply);
  return { replayed, review: detailView(after, deps.clock.now()) };
}

export const recordVerification = (deps: D<'badReviews' | 'clock' | 'workflow'>, p: Principal, id: string, body: z.output<typeof VerificationBody>) =>
  unitAction(deps, p, id, 'verify', (c) => {
    if (c.verification && c.verification.facts === body.facts && c.verification.contacted === body.contacted) return 'replay';
    core.assertWorkStep(BAD_REVIEW, c, 'verify');
    // The step may still read `verify` for a moment after it was done (or while the workflow is down).
    if (c.verification) throw core.stale('核实情况已记录', 'already_recorded');
    c.verification = { ...body, at: now(deps), by: p.sub };
    addTimeline(c, now(deps), p, '记录核实情况', body.contacted ? '已联系评价人' : '未能联系评价人');
  });

/** The review's uploaded files these ids name, in order; an id it does not have is a 400 on `${field}.${i}`. */
function uploadedFiles(c: BadReview, fileIds: readonly string[], field: string, what: string): EvidenceFile[] {
  return fileIds.map((fileId, i) => {
    const f = c.files.find((x) => x.fileId === fileId);
    if (!f) throw invalid(`${field}.${i}`, 'exists', `${what}不存在，请先上传`);
    return f;
  });
}

export const recordRectification = (deps: D<'badReviews' | 'clock' | 'workflow'>, p: Principal, id: string, body: z.output<typeof RectificationBody>) =>
  unitAction(deps, p, id, 'rectify', (c) => {
    const mine = c.rectifications.find((r) => r.round === c.round);
    if (mine && mine.measures === body.measures) return 'replay';
    core.assertWorkStep(BAD_REVIEW, c, 'rectify');
    if (mine) throw core.stale('本轮整改已记录', 'already_recorded');
    const evidence = uploadedFiles(c, body.evidence, 'evidence', '整改材料');
    c.rectifications.push({ round: c.round, measures: body.measures, evidence, at: now(deps), by: p.sub });
    addTimeline(c, now(deps), p, `记录整改措施（第 ${c.round} 轮）`, evidence.length ? `附材料 ${evidence.length} 份` : undefined);
  });

export const replyToRater = (deps: D<'badReviews' | 'clock' | 'workflow'>, p: Principal, id: string, body: z.output<typeof ReplyBody>) =>
  unitAction(deps, p, id, 'rectify', (c) => {
    if (c.anonymous) throw core.stale('匿名差评无需答复评价人', 'anonymous_no_reply');
    const mine = c.replies.find((r) => r.round === c.round);
    if (mine && mine.text === body.text) return 'replay';
    core.assertWorkStep(BAD_REVIEW, c, 'rectify');
    if (mine) throw core.stale('本轮已答复评价人', 'already_recorded');
    c.replies.push({ round: c.round, text: body.text, at: now(deps), by: p.sub });
    addTimeline(c, now(deps), p, `答复评价人（第 ${c.round} 轮）`);
  });

/** Evidence file (整改材料): PNG, JPEG or PDF up to 4 MiB (core/evidence.ts), kept in S3 / the local folder. */
export async function uploadEvidence(deps: D<'badReviews' | 'files'>, p: Principal, id: string, body: z.output<typeof EvidenceBody>): Promise<EvidenceFile> {
  requireRole(p, 'staff', 'leader');
  const c = await core.load(reviews(deps), p, id);
  core.assertOpen(BAD_REVIEW, c);
  const file = await storeUpload(deps.files, `evidence/${id}`, body);
  await core.mutate(reviews(deps), id, (r) => {
    r.files.push(file);
  });
  return file;
}

/** An evidence file to download (always as an attachment). */
export async function downloadEvidence(deps: D<'badReviews' | 'files'>, p: Principal, id: string, fileId: string) {
  const c = await core.load(reviews(deps), p, id);
  return downloadUpload(
    deps.files,
    `evidence/${id}`,
    c.files.find((x) => x.fileId === fileId),
    'evidence',
    '整改材料',
  );
}

/** The unit asks for more time during rectification (整改), before its deadline; all approved ones together stay under the cap. */
export async function requestExtension(
  deps: D<'badReviews' | 'clock' | 'notifier' | 'badReviewConfig'>,
  p: Principal,
  id: string,
  body: z.output<typeof ExtensionBody>,
) {
  const s = { ...reviews(deps), clock: deps.clock, notifier: deps.notifier, policy: badReviewPolicy(deps.badReviewConfig) };
  const after = await core.requestExtension(s, p, id, body);
  return { review: detailView(after, deps.clock.now()) };
}

/** A supervisor decides the pending extension; approval moves the rectification deadline and re-plans the step. */
export async function decideExtension(
  deps: D<'badReviews' | 'clock' | 'notifier' | 'workflow' | 'calendarStore' | 'demoWorkdaySeconds'>,
  p: Principal,
  id: string,
  body: z.output<typeof DecisionBody>,
) {
  const s = {
    ...reviews(deps),
    clock: deps.clock,
    notifier: deps.notifier,
    workflow: deps.workflow,
    calendar: workingDays(deps),
    demoWorkdaySeconds: deps.demoWorkdaySeconds,
  };
  const after = await core.decideExtension(s, p, id, body);
  return { review: detailView(after, deps.clock.now()) };
}

/** The unit appeals (申诉) a malicious or mistaken rating; deadlines run on meanwhile. */
export async function fileAppeal(deps: D<'badReviews' | 'clock' | 'notifier'>, p: Principal, id: string, body: z.input<typeof AppealBody>) {
  const category = body.category ?? 'other';
  requireRole(p, 'staff', 'leader');
  await core.load(reviews(deps), p, id);
  const { after } = await core.mutate(reviews(deps), id, (c) => {
    core.assertOpen(BAD_REVIEW, c);
    if (c.appeal) throw core.stale(c.appeal.decision ? '申诉已裁定，不能再次申诉' : '申诉正在复核中', 'one_appeal');
    if (c.step === 'visit') throw core.stale('已进入回访环节，不能再申诉');
    const attachments = uploadedFiles(c, body.attachments ?? [], 'attachments', '申诉材料');
    c.appeal = { category, reason: body.reason, attachments, at: now(deps), by: p.sub };
    addTimeline(c, now(deps), p, `提出申诉（${APPEAL_CATEGORY_NAMES[category]}），复核期间时限照常计算`, body.reason);
  });
  await core.tell({ def: BAD_REVIEW, notifier: deps.notifier, clock: deps.clock }, after, [
    {
      kind: 'decision',
      to: { kind: 'supervisors', regionCode: after.regionCode },
      title: '差评申诉待复核',
      body: `单位 ${after.unitId} 对办件 ${after.caseNumber} 的差评提出申诉。`,
      key: 'appeal',
    },
  ]);
  return { review: detailView(after, deps.clock.now()) };
}

/** A supervisor decides an appeal: upheld voids the rating (out of every indicator) and ends the case. */
export async function decideAppeal(deps: D<'badReviews' | 'clock' | 'notifier' | 'workflow'>, p: Principal, id: string, body: z.output<typeof DecisionBody>) {
  requireRole(p, 'supervisor', 'admin');
  await core.load(reviews(deps), p, id);
  const { before, after } = await core.mutate(reviews(deps), id, (c) => {
    core.assertOpen(BAD_REVIEW, c);
    if (!c.appeal || c.appeal.decision) throw core.stale('没有待复核的申诉', 'pending_appeal');
    c.appeal.decision = { uphold: body.approve, comment: body.comment, by: p.sub, at: now(deps) };
    if (body.approve) delete c.token;
    addTimeline(c, now(deps), p, body.approve ? '申诉成立：评价作废' : '申诉不成立：继续整改，时限照常', body.comment);
  });
  if (body.approve) {
    await deps.badReviews.voidRating(after.ratingId, now(deps));
    await core.completeStep({ def: BAD_REVIEW, workflow: deps.workflow }, before.token, { outcome: 'voided' }, id);
  }
  await core.tell({ def: BAD_REVIEW, notifier: deps.notifier, clock: deps.clock }, after, [
    {
      kind: 'decision',
      to: { kind: 'unitStaff', unitId: after.unitId },
      title: body.approve ? '申诉成立' : '申诉不成立',
      key: 'appeal-decision',
      body: `办件 ${after.caseNumber} 的申诉复核结果：${body.approve ? '成立，评价作废' : '不成立，请继续整改'}。`,
    },
  ]);
  return { review: detailView(after, deps.clock.now()) };
}

/** A supervisor issues a task order by hand for any open case in their region. */
export async function issueManualTaskOrder(
  deps: D<'badReviews' | 'clock' | 'notifier' | 'calendarStore' | 'demoWorkdaySeconds'>,
  p: Principal,
  id: string,
  body: z.output<typeof ManualTaskOrderBody>,
) {
  const s = { ...reviews(deps), clock: deps.clock, notifier: deps.notifier, calendar: workingDays(deps), demoWorkdaySeconds: deps.demoWorkdaySeconds };
  const { taskOrder, after } = await core.issueManualTaskOrder(s, p, id, body);
  return { taskOrder, review: detailView(after, deps.clock.now()) };
}

export const acknowledgeTaskOrder = async (deps: D<'badReviews' | 'clock'>, p: Principal, id: string, n: number) => ({
  taskOrder: await core.acknowledgeTaskOrder({ ...reviews(deps), clock: deps.clock }, p, id, n),
});

/** Completes a task order: a manual one with a note; an automatic one only once its overdue step is done. */
export const completeTaskOrder = async (deps: D<'badReviews' | 'clock'>, p: Principal, id: string, n: number, body: z.output<typeof TaskOrderNoteBody>) => ({
  taskOrder: await core.completeTaskOrder({ ...reviews(deps), clock: deps.clock }, p, id, n, body),
});

/** The supervisor records what came of an escalation: 约谈 (interview), 通报 (public notice) or none. */
export const recordEscalationOutcome = async (deps: D<'badReviews' | 'clock'>, p: Principal, id: string, n: number, body: z.output<typeof OutcomeBody>) => ({
  escalation: await core.recordEscalationOutcome({ ...reviews(deps), clock: deps.clock }, p, id, n, body),
});

/** The rater's return-visit answer (回访): 满意 / 基本满意 / 不满意. */
export async function answerVisit(deps: D<'badReviews' | 'clock' | 'workflow'>, p: Principal, id: string, body: z.output<typeof VisitBody>) {
  requireRole(p, 'citizen');
  await core.load(reviews(deps), p, id);
  let replayed = false;
  const { before, after } = await core.mutate(reviews(deps), id, (c) => {
    const mine = c.visits.find((v) => v.round === c.round);
    if (mine && mine.answer === body.answer) {
      replayed = true;
      return;
    }
    core.assertOpen(BAD_REVIEW, c);
    if (c.step !== 'visit' || mine) throw core.stale('当前不在回访环节');
    c.visits.push({ round: c.round, answer: body.answer, ...(body.comment ? { comment: body.comment } : {}), at: now(deps) });
    delete c.token;
    addTimeline(c, now(deps), p, `评价人回访：${{ satisfied: '满意', basic: '基本满意', dissatisfied: '不满意' }[body.answer]}`);
  });
  if (!replayed) await core.completeStep({ def: BAD_REVIEW, workflow: deps.workflow }, before.token, { outcome: body.answer }, id);
  return { replayed, review: detailView(after, deps.clock.now()) };
}

// ── Views and lists ──────────────────────────────────────────────────────────

/**
 * Whether 办结 of a task order would be accepted now: not yet completed, and for an automatic
 * one its overdue step is done. completeTaskOrder enforces it; the views send it as `canComplete`.
 */
export const canCompleteTaskOrder = (c: BadReview, t: TaskOrder) => canComplete(c, t, unitStepDone);

/**
 * Whether the current step's deadline is only provisional: its working days run through
 * a year without holiday data (Monday–Friday assumed), with the reason in Chinese.
 */
function deadlineProvisional(c: BadReview, calendar: WorkingCalendar) {
  const years = c.stepDeadline && isOpen(c) ? calendar.provisionalYears(c.stepStartedAt ?? c.createdAt, c.stepDeadline) : [];
  return { deadlineProvisional: years.length > 0, ...(years.length ? { deadlineProvisionalReason: provisionalReason(years) } : {}) };
}

/** Inbox and progress views: step, deadline, time left, overdue flag (and, given the calendar, whether the deadline is provisional). */
export function summaryView(c: BadReview, at: Date, calendar?: WorkingCalendar) {
  const left = secondsLeft(c, at);
  return {
    reviewId: c.reviewId,
    caseNumber: c.caseNumber,
    unitId: c.unitId,
    regionCode: c.regionCode,
    itemCode: c.itemCode,
    level: c.level,
    anonymous: c.anonymous,
    status: c.status,
    round: c.round,
    step: c.step,
    stepName: label(c.step),
    workStep: workStep(c),
    deadline: c.stepDeadline,
    secondsLeft: left,
    overdue: left !== undefined && left < 0,
    openTaskOrders: c.taskOrders.filter((t) => t.status !== 'completed').length,
    escalations: c.escalations.length,
    pendingAppeal: !!c.appeal && !c.appeal.decision,
    pendingExtension: c.extensions.some((e) => !e.decision),
    createdAt: c.createdAt,
    closedAt: c.closedAt,
    closeReason: c.closeReason,
    ...(calendar ? deadlineProvisional(c, calendar) : {}),
  };
}

function detailView(c: BadReview, at: Date, calendar?: WorkingCalendar) {
  const { token: _t, personKey: _k, ...rest } = c;
  // The summary's `escalations` is a count; the detail keeps the records (n, period, 约谈 outcome).
  return {
    ...rest,
    ...summaryView(c, at, calendar),
    escalations: c.escalations,
    taskOrders: c.taskOrders.map((t) => ({ ...t, canComplete: canCompleteTaskOrder(c, t) })),
  };
}

/** The detail with what this caller may do now (`actions`, case-actions.ts) and the extension days still available. */
export async function getBadReview(deps: D<'badReviews' | 'ratings' | 'clock' | 'calendarStore' | 'badReviewConfig'>, p: Principal, id: string) {
  const c = await core.load(reviews(deps), p, id);
  const rating = await deps.ratings.get(c.ratingId);
  const at = deps.clock.now();
  const max = deps.badReviewConfig.maxExtensionDays;
  return {
    ...detailView(c, at, await loadCalendar(deps.calendarStore)),
    rating: rating ? ratingView(p, rating) : undefined,
    actions: badReviewActions(p, c, at, max),
    extensionDaysLeft: extensionDaysLeft(c, max),
  };
}

export type BadReviewFilter = 'open' | 'overdue' | 'escalated' | 'appeal' | 'extension' | 'all';

/**
 * Lists: unit staff/leaders their unit's reviews (the open ones, or `all`: open ones first);
 * supervisors the open reviews of their region, optionally only overdue, escalated, or
 * waiting for their decision on an appeal (`appeal`) or an extension request (`extension`);
 * citizens their own. Pages are read by key and filled: `limit` items unless it is the last.
 */
export async function listBadReviews(
  deps: D<'badReviews' | 'ratings' | 'clock' | 'calendarStore'>,
  p: Principal,
  q: { filter?: BadReviewFilter; cursor?: string; limit?: number },
) {
  const at = deps.clock.now();
  const calendar = await loadCalendar(deps.calendarStore);
  const filter = q.filter ?? 'open';
  const wanted: Record<Exclude<BadReviewFilter, 'all'>, (c: BadReview) => boolean> = {
    open: () => true,
    overdue: (c) => behindSchedule(c, at),
    escalated: (c) => c.escalations.length > 0,
    appeal: (c) => !!c.appeal && !c.appeal.decision,
    extension: (c) => c.extensions.some((e) => !e.decision),
  };
  const keep = (c: BadReview) => filter === 'all' || (isOpen(c) && wanted[filter](c));
  if (p.role === 'citizen') {
    // A citizen's bad reviews follow their ratings (by person key), read page by page.
    const ofRatings = async (pq: { cursor?: string; limit?: number }) => {
      const page = await deps.ratings.listByPerson(p.personKey!, pq);
      const found = await Promise.all(page.items.filter((r) => r.bad).map((r) => deps.badReviews.get(r.ratingId)));
      return { items: found.filter((c): c is BadReview => !!c), next: page.next };
    };
    const page = await core.fillPage(ofRatings, keep, { cursor: q.cursor, limit: q.limit });
    return { items: page.items.map((c) => summaryView(c, at, calendar)), next: page.next };
  }
  const page = await core.fillPage(core.scopedCases(reviews(deps), p, { open: filter !== 'all' }), keep, { cursor: q.cursor, limit: q.limit });
  return { items: page.items.map((c) => summaryView(c, at, calendar)), next: page.next };
}

/** Task orders (任务交办单) of the caller's unit, or of the supervisor's region; open ones unless `all`. */
export const listTaskOrders = (deps: D<'badReviews' | 'clock'>, p: Principal, q: { status?: 'open' | 'all'; cursor?: string; limit?: number } = {}) =>
  core.listTaskOrders({ ...reviews(deps), clock: deps.clock }, p, q);

/**
 * The bi-weekly 通报 list of the period that contains `date` (any day of it), limited to
 * the supervisor's region; `period` (= `periodStart`) and `periodEnd` are its first and last day.
 */
export async function listNotices(deps: D<'badReviews'>, p: Principal, date: string) {
  const { items, ...period } = await core.listNotices(reviews(deps), p, date);
  return {
    ...period,
    items: items.map(({ caseId, ...e }) => ({
      period: e.period,
      unitId: e.unitId,
      regionCode: e.regionCode,
      reviewId: caseId,
      caseNumber: e.caseNumber,
      escalation: e.escalation,
      at: e.at,
    })),
  };
}
