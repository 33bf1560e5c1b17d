import { contentMatchesType } from '../core/file-content.js';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { assertCanSee, type Owned, type Principal, regionContains, requireRole } from '../core/access.js';
import { type BadReview, type EvidenceFile, isOpen, noticePeriod, type TaskOrder, type UnitStep, unitStepDone, workStep } from '../core/bad-review.js';
import { addCalendarDays, provisionalReason, type WorkingCalendar } from '../core/calendar.js';
import { DomainError, invalid, notFound } from '../core/errors.js';
import { EVIDENCE_TYPES, type EvidenceContentType, MAX_EVIDENCE_BYTES } from '../core/evidence.js';
import { ok, type Reply } from '../http/http-handler.js';
import { addTimeline, assertOpen, completeStep, deadlineIn, mutateReview, notify, stepLabel, workingDeadline } from './bad-review-steps.js';
import { loadCalendar } from './calendar.js';
import type { BadReviewDeps } from './deps.js';
import { ratingView } from './views.js';
import type {
  AppealBody, DecisionBody, EvidenceBody, ExtensionBody, ManualTaskOrderBody, OutcomeBody, RectificationBody, ReplyBody,
  TaskOrderNoteBody, VerificationBody, VisitBody,
} from './bad-review-bodies.js';

export { MAX_EVIDENCE_BYTES } from '../core/evidence.js';

const owner = (c: BadReview): Owned => ({ unitId: c.unitId, regionCode: c.regionCode, personKey: c.anonymous ? undefined : c.personKey });

async function load(deps: BadReviewDeps, p: Principal, id: string): Promise<BadReview> {
  const c = await deps.badReviews.get(id);
  assertCanSee(p, c ? owner(c) : undefined, '差评');
  return c!;
}

const stale = (message: string, rule = 'step_not_current') => new DomainError('CONFLICT', message, [{ field: '', rule, message }]);

/** The unit may act only at the step it acts on (also during its task order or escalation). */
function assertWorkStep(c: BadReview, step: UnitStep) {
  assertOpen(c);
  if (workStep(c) !== step) throw stale(`当前环节为「${stepLabel(c.step)}」，不能办理「${stepLabel(step)}」`);
}

const now = (deps: BadReviewDeps) => deps.clock.now().toISOString();

/** A unit action that may finish its step: save, then hand the current token back to the workflow. */
async function unitAction(deps: BadReviewDeps, p: Principal, id: string, step: UnitStep, apply: (c: BadReview) => 'replay' | void) {
  requireRole(p, 'staff', 'leader');
  await load(deps, p, id);
  let replay = false;
  const { before, after } = await mutateReview(deps, id, (c) => {
    replay = apply(c) === 'replay';
    if (!replay && unitStepDone(c, step)) {
      delete c.token;
      for (const t of c.taskOrders) if (t.kind === 'auto' && t.overdueStep === step && t.status !== 'completed') Object.assign(t, { status: 'completed', completedAt: now(deps) });
    }
  });
  if (!replay && unitStepDone(after, step) && before.token) await completeStep(deps, before.token, { outcome: 'done' }, id);
  return ok({ replayed: replay, review: detailView(p, after, deps.clock.now()) });
}

export const recordVerification = (deps: BadReviewDeps, p: Principal, id: string, body: z.output<typeof VerificationBody>) =>
  unitAction(deps, p, id, 'verify', (c) => {
    if (c.verification && c.verification.facts === body.facts && c.verification.contacted === body.contacted) return 'replay';
    assertWorkStep(c, 'verify');
    // The step may still read `verify` for a moment after it was done (or while the workflow is down).
    if (c.verification) throw stale('核实情况已记录', 'already_recorded');
    c.verification = { ...body, at: now(deps), by: p.sub };
    addTimeline(c, now(deps), p, '记录核实情况', body.contacted ? '已联系评价人' : '未能联系评价人');
  });

export const recordRectification = (deps: BadReviewDeps, p: Principal, id: string, body: z.output<typeof RectificationBody>) =>
  unitAction(deps, p, id, 'rectify', (c) => {
    const mine = c.rectifications.find((r) => r.round === c.round);
    if (mine && mine.measures === body.measures) return 'replay';
    assertWorkStep(c, 'rectify');
    if (mine) throw stale('本轮整改已记录', 'already_recorded');
    const evidence: EvidenceFile[] = body.evidence.map((fileId, i) => {
      const f = c.files.find((x) => x.fileId === fileId);
      if (!f) throw invalid(`evidence.${i}`, 'exists', '整改材料不存在，请先上传');
      return f;
    });
    c.rectifications.push({ round: c.round, measures: body.measures, evidence, at: now(deps), by: p.sub });
    addTimeline(c, now(deps), p, `记录整改措施（第 ${c.round} 轮）`, evidence.length ? `附材料 ${evidence.length} 份` : undefined);
  });

export const replyToRater = (deps: BadReviewDeps, p: Principal, id: string, body: z.output<typeof ReplyBody>) =>
  unitAction(deps, p, id, 'rectify', (c) => {
    if (c.anonymous) throw stale('匿名差评无需答复评价人', 'anonymous_no_reply');
    const mine = c.replies.find((r) => r.round === c.round);
    if (mine && mine.text === body.text) return 'replay';
    assertWorkStep(c, 'rectify');
    if (mine) throw stale('本轮已答复评价人', 'already_recorded');
    c.replies.push({ round: c.round, text: body.text, at: now(deps), by: p.sub });
    addTimeline(c, now(deps), p, `答复评价人（第 ${c.round} 轮）`);
  });

/** Evidence file (整改材料): PNG, JPEG or PDF up to 4 MiB (core/evidence.ts), kept in S3 / the local folder. */
export async function uploadEvidence(deps: BadReviewDeps, p: Principal, id: string, body: z.output<typeof EvidenceBody>): Promise<Reply> {
  requireRole(p, 'staff', 'leader');
  const c = await load(deps, p, id);
  assertOpen(c);
  const data = Buffer.from(body.data, 'base64');
  if (data.length > MAX_EVIDENCE_BYTES) throw invalid('data', 'max_bytes', `文件不能超过 ${MAX_EVIDENCE_BYTES / 1024 / 1024} MiB`);
  if (!contentMatchesType(body.contentType, data)) throw invalid('data', 'content_matches_type', `文件内容不是 ${body.contentType}`);
  const file: EvidenceFile = { fileId: randomUUID(), name: body.fileName, contentType: body.contentType, size: data.length };
  await deps.files.put(`evidence/${id}/${file.fileId}`, data, body.contentType);
  await mutateReview(deps, id, (r) => {
    r.files.push(file);
  });
  return ok(file, 201);
}

export async function downloadEvidence(deps: BadReviewDeps, p: Principal, id: string, fileId: string): Promise<Reply> {
  const c = await load(deps, p, id);
  const f = c.files.find((x) => x.fileId === fileId);
  const stored = f ? await deps.files.get(`evidence/${id}/${fileId}`) : undefined;
  if (!f || !stored) throw notFound('整改材料');
  // Always a download with the stored type, never rendered in the API's origin; the ASCII name is safe
  // for every client, the original name (already free of control characters) rides in filename*.
  const ascii = `evidence-${fileId.slice(0, 8)}${EVIDENCE_TYPES[f.contentType as EvidenceContentType]?.extensions[0] ?? '.bin'}`;
  return {
    raw: stored.data.toString('base64'), base64: true, contentType: f.contentType,
    headers: { 'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`, 'x-content-type-options': 'nosniff' },
  };
}

export async function requestExtension(deps: BadReviewDeps, p: Principal, id: string, body: z.output<typeof ExtensionBody>): Promise<Reply> {
  requireRole(p, 'staff', 'leader');
  await load(deps, p, id);
  // The cap is on the total: all approved extensions of the case together (建立台账、限期整改).
  const max = deps.badReviewConfig.maxExtensionDays;
  const granted = (await deps.badReviews.get(id))!.extensions.reduce((sum, e) => sum + (e.decision?.approve ? e.decision.days : 0), 0);
  if (granted + body.days > max) throw invalid('days', 'max_extension', `延期合计不能超过 ${max} 个工作日（已批准 ${granted} 个）`);
  const { after } = await mutateReview(deps, id, (c) => {
    assertOpen(c);
    if (c.step !== 'rectify') throw stale('只有在整改环节、期限届满前可以申请延期');
    if (c.stepDeadline && Date.parse(c.stepDeadline) <= deps.clock.now().getTime()) throw stale('整改期限已过，不能再申请延期', 'before_deadline');
    if (c.extensions.some((e) => !e.decision)) throw stale('已有待审批的延期申请', 'pending_request');
    c.extensions.push({ days: body.days, reason: body.reason, at: now(deps), by: p.sub });
    addTimeline(c, now(deps), p, `申请延期 ${body.days} 个工作日`, body.reason);
  });
  await notify(deps, after, 'decision', { kind: 'supervisors', regionCode: after.regionCode }, '差评整改延期申请', `单位 ${after.unitId} 申请延期 ${body.days} 个工作日（办件 ${after.caseNumber}）。`, `ext-${after.extensions.length}`);
  return ok({ review: detailView(p, after, deps.clock.now()) }, 201);
}

/** Supervisor decides the pending extension; approval moves the rectification deadline and re-plans the step. */
export async function decideExtension(deps: BadReviewDeps, p: Principal, id: string, body: z.output<typeof DecisionBody>): Promise<Reply> {
  requireRole(p, 'supervisor', 'admin');
  await load(deps, p, id);
  const calendar = await loadCalendar(deps.calendarStore);
  const { before, after } = await mutateReview(deps, id, (c) => {
    assertOpen(c);
    const pending = c.extensions.find((e) => !e.decision);
    if (!pending) throw stale('没有待审批的延期申请', 'pending_request');
    if (body.approve && c.step !== 'rectify') throw stale('整改环节已超期或已结束，延期申请失效');
    pending.decision = { approve: body.approve, days: body.approve ? pending.days : 0, comment: body.comment, by: p.sub, at: now(deps) };
    if (body.approve) {
      const extended = workingDeadline(deps, calendar, pending.days, c.deadlines.rectify ?? now(deps));
      c.deadlines.rectify = extended;
      c.stepDeadline = extended;
      delete c.token;
    }
    addTimeline(c, now(deps), p, body.approve ? `批准延期 ${pending.days} 个工作日（建立台账、限期整改）` : '不批准延期', body.comment);
  });
  if (body.approve) await completeStep(deps, before.token, { outcome: 'extended' }, id);
  await notify(deps, after, 'decision', { kind: 'unitStaff', unitId: after.unitId }, body.approve ? '延期申请已批准' : '延期申请未批准', `办件 ${after.caseNumber} 的延期申请${body.approve ? '已批准' : '未批准'}。`, `ext-decision-${after.extensions.length}`);
  return ok({ review: detailView(p, after, deps.clock.now()) });
}

export async function fileAppeal(deps: BadReviewDeps, p: Principal, id: string, body: z.output<typeof AppealBody>): Promise<Reply> {
  requireRole(p, 'staff', 'leader');
  await load(deps, p, id);
  const { after, before } = await mutateReview(deps, id, (c) => {
    assertOpen(c);
    if (c.appeal) throw stale(c.appeal.decision ? '申诉已裁定，不能再次申诉' : '申诉正在复核中', 'one_appeal');
    if (c.step === 'visit') throw stale('已进入回访环节，不能再申诉');
    c.appeal = { reason: body.reason, at: now(deps), by: p.sub };
    addTimeline(c, now(deps), p, '提出申诉（恶意或错误评价），复核期间时限照常计算', body.reason);
  });
  await notify(deps, after, 'decision', { kind: 'supervisors', regionCode: after.regionCode }, '差评申诉待复核', `单位 ${after.unitId} 对办件 ${after.caseNumber} 的差评提出申诉。`, 'appeal');
  return ok({ review: detailView(p, after, deps.clock.now()) }, 201);
}

/** Supervisor decides an appeal: upheld voids the rating (out of every indicator) and ends the case. */
export async function decideAppeal(deps: BadReviewDeps, p: Principal, id: string, body: z.output<typeof DecisionBody>): Promise<Reply> {
  requireRole(p, 'supervisor', 'admin');
  await load(deps, p, id);
  const { before, after } = await mutateReview(deps, id, (c) => {
    assertOpen(c);
    if (!c.appeal || c.appeal.decision) throw stale('没有待复核的申诉', 'pending_appeal');
    c.appeal.decision = { uphold: body.approve, comment: body.comment, by: p.sub, at: now(deps) };
    if (body.approve) delete c.token;
    addTimeline(c, now(deps), p, body.approve ? '申诉成立：评价作废' : '申诉不成立：继续整改，时限照常', body.comment);
  });
  if (body.approve) {
    await deps.badReviews.voidRating(after.ratingId, now(deps));
    await completeStep(deps, before.token, { outcome: 'voided' }, id);
  }
  await notify(deps, after, 'decision', { kind: 'unitStaff', unitId: after.unitId }, body.approve ? '申诉成立' : '申诉不成立', `办件 ${after.caseNumber} 的申诉复核结果：${body.approve ? '成立，评价作废' : '不成立，请继续整改'}。`, 'appeal-decision');
  return ok({ review: detailView(p, after, deps.clock.now()) });
}

/** A supervisor issues a task order by hand for any open case in their region. */
export async function issueManualTaskOrder(deps: BadReviewDeps, p: Principal, id: string, body: z.output<typeof ManualTaskOrderBody>): Promise<Reply> {
  requireRole(p, 'supervisor', 'admin');
  await load(deps, p, id);
  const deadline = await deadlineIn(deps, body.days);
  const { after } = await mutateReview(deps, id, (c) => {
    assertOpen(c);
    const n = c.taskOrders.length + 1;
    c.taskOrders.push({ n, kind: 'manual', content: body.content, issuedAt: now(deps), issuedBy: p.sub, deadline, status: 'issued' });
    addTimeline(c, now(deps), p, `下发任务交办单 #${n}`, body.content);
  });
  const n = after.taskOrders.length;
  await notify(deps, after, 'taskOrder', { kind: 'unitLeader', unitId: after.unitId }, '任务交办单', body.content, `manual-${n}`);
  return ok({ taskOrder: after.taskOrders.at(-1), review: detailView(p, after, deps.clock.now()) }, 201);
}

export async function acknowledgeTaskOrder(deps: BadReviewDeps, p: Principal, id: string, n: number): Promise<Reply> {
  requireRole(p, 'staff', 'leader');
  await load(deps, p, id);
  const { after } = await mutateReview(deps, id, (c) => {
    const t = c.taskOrders.find((x) => x.n === n);
    if (!t) throw notFound('任务交办单');
    if (t.acknowledgedAt) return;
    t.acknowledgedAt = now(deps);
    if (t.status === 'issued') t.status = 'acknowledged';
    addTimeline(c, now(deps), p, `签收任务交办单 #${n}`);
  });
  return ok({ taskOrder: after.taskOrders.find((x) => x.n === n) });
}

/**
 * Whether 办结 of a task order would be accepted now: not yet completed, and for an automatic
 * one its overdue step is done. completeTaskOrder enforces it; the views send it as `canComplete`.
 */
export const canCompleteTaskOrder = (c: BadReview, t: TaskOrder) =>
  t.status !== 'completed' && !(t.kind === 'auto' && t.overdueStep && !unitStepDone(c, t.overdueStep));

/** Completes a task order: a manual one with a note; an automatic one only once its overdue step is done. */
export async function completeTaskOrder(deps: BadReviewDeps, p: Principal, id: string, n: number, body: z.output<typeof TaskOrderNoteBody>): Promise<Reply> {
  requireRole(p, 'staff', 'leader');
  await load(deps, p, id);
  const { after } = await mutateReview(deps, id, (c) => {
    const t = c.taskOrders.find((x) => x.n === n);
    if (!t) throw notFound('任务交办单');
    if (t.status === 'completed') return;
    if (!canCompleteTaskOrder(c, t) && t.overdueStep) throw stale(`请先完成超期的「${stepLabel(t.overdueStep)}」环节`, 'overdue_step_first');
    Object.assign(t, { status: 'completed', completedAt: now(deps), ...(body.note ? { note: body.note } : {}) });
    addTimeline(c, now(deps), p, `办结任务交办单 #${n}`, body.note);
  });
  return ok({ taskOrder: after.taskOrders.find((x) => x.n === n) });
}

/** The supervisor records what came of an escalation: 约谈 (interview), 通报 (public notice) or none. */
export async function recordEscalationOutcome(deps: BadReviewDeps, p: Principal, id: string, n: number, body: z.output<typeof OutcomeBody>): Promise<Reply> {
  requireRole(p, 'supervisor', 'admin');
  await load(deps, p, id);
  const { after } = await mutateReview(deps, id, (c) => {
    const e = c.escalations.find((x) => x.n === n);
    if (!e) throw notFound('升级记录');
    if (e.outcome) {
      if (e.outcome.kind === body.kind && e.outcome.note === body.note) return;
      throw stale('该升级已记录处理结果', 'already_recorded');
    }
    e.outcome = { ...body, by: p.sub, at: now(deps) };
    addTimeline(c, now(deps), p, `记录督办结果：${{ interview: '约谈', notice: '通报', none: '不予处理' }[body.kind]}`, body.note);
  });
  return ok({ escalation: after.escalations.find((x) => x.n === n) });
}

/** The rater's return-visit answer (回访): 满意 / 基本满意 / 不满意. */
export async function answerVisit(deps: BadReviewDeps, p: Principal, id: string, body: z.output<typeof VisitBody>): Promise<Reply> {
  requireRole(p, 'citizen');
  await load(deps, p, id);
  let replay = false;
  const { before, after } = await mutateReview(deps, id, (c) => {
    const mine = c.visits.find((v) => v.round === c.round);
    if (mine && mine.answer === body.answer) {
      replay = true;
      return;
    }
    assertOpen(c);
    if (c.step !== 'visit' || mine) throw stale('当前不在回访环节');
    c.visits.push({ round: c.round, answer: body.answer, ...(body.comment ? { comment: body.comment } : {}), at: now(deps) });
    delete c.token;
    addTimeline(c, now(deps), p, `评价人回访：${{ satisfied: '满意', basic: '基本满意', dissatisfied: '不满意' }[body.answer]}`);
  });
  if (!replay) await completeStep(deps, before.token, { outcome: body.answer }, id);
  return ok({ replayed: replay, review: detailView(p, after, deps.clock.now()) });
}

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
  const left = c.stepDeadline && isOpen(c) ? Math.floor((Date.parse(c.stepDeadline) - at.getTime()) / 1000) : undefined;
  return {
    reviewId: c.reviewId, caseNumber: c.caseNumber, unitId: c.unitId, regionCode: c.regionCode, itemCode: c.itemCode, level: c.level,
    anonymous: c.anonymous, status: c.status, round: c.round, step: c.step, stepName: stepLabel(c.step), workStep: workStep(c),
    deadline: c.stepDeadline, secondsLeft: left, overdue: left !== undefined && left < 0,
    openTaskOrders: c.taskOrders.filter((t) => t.status !== 'completed').length, escalations: c.escalations.length,
    pendingAppeal: !!c.appeal && !c.appeal.decision, pendingExtension: c.extensions.some((e) => !e.decision),
    createdAt: c.createdAt, closedAt: c.closedAt, closeReason: c.closeReason,
    ...(calendar ? deadlineProvisional(c, calendar) : {}),
  };
}

function detailView(p: Principal, c: BadReview, at: Date, calendar?: WorkingCalendar) {
  const { token: _t, personKey: _k, ...rest } = c;
  // The summary's `escalations` is a count; the detail keeps the records (n, period, 约谈 outcome).
  return { ...rest, ...summaryView(c, at, calendar), escalations: c.escalations, taskOrders: c.taskOrders.map((t) => ({ ...t, canComplete: canCompleteTaskOrder(c, t) })) };
}

export async function getBadReview(deps: BadReviewDeps, p: Principal, id: string): Promise<Reply> {
  const c = await load(deps, p, id);
  const rating = await deps.ratings.get(c.ratingId);
  return ok({ ...detailView(p, c, deps.clock.now(), await loadCalendar(deps.calendarStore)), rating: rating ? ratingView(p, rating) : undefined });
}

/**
 * Lists: unit staff/leaders their unit's reviews (open first); supervisors the open
 * reviews of their region, optionally only overdue or escalated; citizens their own.
 */
export async function listBadReviews(deps: BadReviewDeps, p: Principal, q: { filter?: 'open' | 'overdue' | 'escalated' | 'all'; cursor?: string; limit?: number }): Promise<Reply> {
  const at = deps.clock.now();
  const calendar = await loadCalendar(deps.calendarStore);
  const filter = q.filter ?? 'open';
  const keep = (c: BadReview) => {
    const s = summaryView(c, at);
    return filter === 'all' || (isOpen(c) && (filter === 'open' || (filter === 'overdue' ? s.overdue || c.step === 'taskOrder' || c.step === 'escalated' : c.escalations.length > 0)));
  };
  if (p.role === 'staff' || p.role === 'leader') {
    const page = await deps.badReviews.listByUnit(p.unitId!, q);
    return ok({ items: page.items.filter(keep).map((c) => summaryView(c, at, calendar)), next: page.next });
  }
  if (p.role === 'supervisor' || p.role === 'admin') {
    const page = await deps.badReviews.listOpen(q);
    const mine = page.items.filter((c) => p.role === 'admin' || regionContains(p.regionCode!, c.regionCode));
    return ok({ items: mine.filter(keep).map((c) => summaryView(c, at, calendar)), next: page.next });
  }
  if (p.role === 'citizen') {
    const ratings = await deps.ratings.listByPerson(p.personKey!, { limit: 100 });
    const reviews = await Promise.all(ratings.items.filter((r) => r.bad).map((r) => deps.badReviews.get(r.ratingId)));
    return ok({ items: reviews.filter((c): c is BadReview => !!c).filter(keep).map((c) => summaryView(c, at, calendar)) });
  }
  throw new DomainError('FORBIDDEN', '当前身份无权执行此操作');
}

/** Task orders (任务交办单) of the caller's unit, or of the supervisor's region; open ones unless `all`. */
export async function listTaskOrders(deps: BadReviewDeps, p: Principal, status: 'open' | 'all' = 'open'): Promise<Reply> {
  const reviews =
    p.role === 'staff' || p.role === 'leader'
      ? (await deps.badReviews.listByUnit(p.unitId!, { limit: 200 })).items
      : (await deps.badReviews.listOpen({ limit: 200 })).items.filter((c) => p.role === 'admin' || regionContains(p.regionCode!, c.regionCode));
  const at = deps.clock.now().getTime();
  const items = reviews.flatMap((c) =>
    c.taskOrders
      .filter((t) => status === 'all' || t.status !== 'completed')
      .map((t) => ({ ...t, reviewId: c.reviewId, caseNumber: c.caseNumber, unitId: c.unitId, overdue: t.status !== 'completed' && Date.parse(t.deadline) < at, canComplete: canCompleteTaskOrder(c, t) })),
  );
  return ok({ items: items.sort((a, b) => a.deadline.localeCompare(b.deadline)) });
}

/**
 * The bi-weekly 通报 list of the period that contains `date` (any day of it), limited to
 * the supervisor's region; `period` (= `periodStart`) and `periodEnd` are its first and last day.
 */
export async function listNotices(deps: BadReviewDeps, p: Principal, date: string): Promise<Reply> {
  requireRole(p, 'supervisor', 'admin');
  const period = noticePeriod(date);
  const entries = await deps.badReviews.listNotices(period);
  return ok({ period, periodStart: period, periodEnd: addCalendarDays(period, 13), items: entries.filter((e) => p.role === 'admin' || regionContains(p.regionCode!, e.regionCode)) });
}

