import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type * as z from 'zod/mini';
import { type Principal, regionContains, requireRole } from '../core/access.js';
import { addCalendarDays, shanghaiDate } from '../core/calendar.js';
import { answerFingerprint, checkAnswer, type ComplaintKind as CheckedKind } from '../core/complaints/answer-check.js';
import { clusterComplaints } from '../core/complaints/clusters.js';
import {
  buildComplaint,
  type Complaint,
  type ComplaintInput,
  type ComplaintSource,
  changedFields,
  currentAssignment,
  currentDraft,
  discloseContact,
  dueNow,
  intakeOf,
  KIND_NAMES,
  MAX_ATTACHMENTS,
  SOURCE_NAMES,
  standardFields,
  type TransferInput,
} from '../core/complaints/complaint.js';
import { complainantKeys, findRepeats, REPEAT_WINDOW_DAYS } from '../core/complaints/repeats.js';
import { DomainError, invalid, notFound } from '../core/errors.js';
import { hashPersonalKey } from '../core/identity.js';
import { logger } from '../observability.js';
import { stepName, supervisorsOf } from '../supervision/definition.js';
import * as core from '../supervision/engine.js';
import { addTimeline, behindSchedule, canCompleteTaskOrder, isOpen, secondsLeft, workStep } from '../supervision/model.js';
import type { DecisionBody, EvidenceBody, ExtensionBody, ManualTaskOrderBody, OutcomeBody, TaskOrderNoteBody } from './bad-review-bodies.js';
import { loadCalendar } from './calendar.js';
import { complaintActions, extensionDaysLeft } from './case-actions.js';
import type { AnswerBody, AssignBody, FeedbackBody, ReturnBody, ReviewBody } from './complaint-bodies.js';
import { COMPLAINT, complaintCases, complaintPolicy, complaintSupervision, feedbackOutcome } from './complaint-definition.js';
import { startComplaint, unitName } from './complaint-workflow.js';
import type { ComplaintDeps } from './deps.js';
import { listDeliveries } from './status-sync.js';
import { disclosureFor } from './views.js';
import { downloadUpload, storeUpload } from './files.js';

/**
 * The consultation and complaint API (咨询投诉): intake from every source and transfers from
 * the national platform, assignment and its return, the draft answer with its check, the
 * answer review, the person's rating of the answer, the person's own progress (by tracking
 * code when anonymous), repeat and hot-spot analysis; the supervision actions (extensions,
 * task orders, escalation outcomes, the 通报 list) are the supervision core's. Each returns a
 * domain result; the handlers make the HTTP answer.
 */

type D<K extends keyof ComplaintDeps> = Pick<ComplaintDeps, K>;
const now = (deps: D<'clock'>) => deps.clock.now().toISOString();
const cases = complaintCases;

// ── Identity of an intake ────────────────────────────────────────────────────

const BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const base32 = (bytes: Buffer, n: number) => Array.from(bytes.subarray(0, n), (b) => BASE32[b % 32]).join('');

/** 诉求编号: `ZX` + 12 characters derived from where it came from and its idempotency key, so a retried intake finds the first. */
export const complaintIdFor = (scope: string) => `ZX${base32(createHash('sha256').update(scope).digest(), 12)}`;

/** The tracking code (查询码) of an anonymous item: its number and a keyed check only the server can make. */
export const trackingCodeFor = (salt: string, complaintId: string) =>
  `${complaintId}-${base32(createHmac('sha256', salt).update(`track:${complaintId}`).digest(), 8)}`;

function complaintIdOfTrackingCode(salt: string, code: string): string | undefined {
  const id = code.slice(0, code.lastIndexOf('-'));
  const expected = Buffer.from(trackingCodeFor(salt, id));
  const given = Buffer.from(code.toUpperCase());
  return id && given.length === expected.length && timingSafeEqual(given, expected) ? id : undefined;
}

/** Where an intake comes from, by who submits it: the person (portal or app), a hall window, the 12345 operator. */
function sourceOf(p: Principal | undefined, asked: 'portal' | 'app' | undefined): ComplaintSource {
  if (!p || p.role === 'citizen') return asked ?? 'portal';
  if (p.role === 'staff' || p.role === 'leader') return 'window';
  return 'hotline';
}

/** The unit and region an intake names (the item's unit when only the item is named). */
async function placeOf(deps: D<'catalog'>, p: Principal | undefined, input: Pick<ComplaintInput, 'unitId' | 'itemCode' | 'regionCode'>) {
  const item = input.itemCode ? await deps.catalog.get('items', input.itemCode) : undefined;
  if (input.itemCode && !item) throw invalid('itemCode', 'exists', `事项 ${input.itemCode} 不在目录中`);
  if (item && input.unitId && item.unitId !== input.unitId) throw invalid('itemCode', 'item_of_unit', '该事项不属于所填单位');
  const unitId = input.unitId ?? item?.unitId;
  const unit = unitId ? await deps.catalog.get('units', unitId) : undefined;
  if (unitId && !unit) throw invalid('unitId', 'exists', `单位 ${unitId} 不在目录中`);
  let regionCode = input.regionCode ?? unit?.regionCode ?? p?.regionCode;
  if (!regionCode && p?.unitId) regionCode = (await deps.catalog.get('units', p.unitId))?.regionCode;
  if (!regionCode) throw invalid('regionCode', 'required', '未指明承办单位或事项时，须填写诉求所在的行政区划');
  if (input.regionCode && !(await deps.catalog.get('regions', input.regionCode)))
    throw invalid('regionCode', 'exists', `行政区划 ${input.regionCode} 不在目录中`);
  return { unitId: unit?.unitId, regionCode };
}

type Intake = { scope: string; source: ComplaintSource; receivedAt: string; dueAt?: string; sourceId?: string; sourceUnitCode?: string };

/**
 * Records a complaint once: the same intake again answers the first result and writes
 * nothing; the same key with other content is refused, naming the fields that differ.
 * Then repeat detection, the workflow (best effort: the reconciler starts a missed one) and,
 * for a transfer, `accepted` back to the source.
 */
/** What every intake carries (a transfer's dates come in `how`). */
type IntakeFields = Omit<ComplaintInput, 'idempotencyKey' | 'anonymous'> & { anonymous?: boolean };

async function intake(deps: ComplaintDeps, p: Principal | undefined, input: IntakeFields, how: Intake) {
  const id = complaintIdFor(how.scope);
  const content = intakeOf({ ...input, ...(how.dueAt ? { dueAt: how.dueAt } : {}), ...(how.sourceId ? { receivedAt: how.receivedAt } : {}) });
  const existing = await deps.complaints.get(id);
  if (existing) return replayOrRefuse(deps, p, existing, content);

  const place = await placeOf(deps, p, input);
  const anonymous = !!input.anonymous;
  const contact = anonymous ? undefined : input.contact;
  // The person's key: the signed-in citizen's, or the hash of the ID number a caller gave (the same value), so they find it in their own list.
  const personKey = anonymous
    ? undefined
    : p?.role === 'citizen'
      ? p.personKey
      : contact?.idNumber
        ? hashPersonalKey(contact.idNumber, deps.config.personKeySalt)
        : undefined;
  const keys = contact ? [...new Set([...complainantKeys(contact, deps.config.personKeySalt), ...(personKey ? [personKey] : [])])] : [];
  const c = buildComplaint({
    complaintId: id,
    caseNumber: id,
    kind: input.kind,
    source: how.source,
    ...(how.sourceId ? { sourceId: how.sourceId } : {}),
    ...(how.sourceUnitCode ? { sourceUnitCode: how.sourceUnitCode } : {}),
    title: input.title,
    content: input.content,
    unitId: place.unitId ?? '',
    regionCode: place.regionCode,
    ...(input.itemCode ? { itemCode: input.itemCode } : {}),
    ...(input.caseNumber ? { relatedCaseNumber: input.caseNumber } : {}),
    ...(input.respondent ? { respondent: input.respondent } : {}),
    anonymous,
    ...(contact ? { contact } : {}),
    ...(personKey ? { personKey } : {}),
    complainantKeys: keys,
    receivedAt: how.receivedAt,
    receivedBy: p ? p.sub : how.sourceId ? 'system' : 'anonymous',
    ...(how.dueAt ? { dueAt: how.dueAt } : {}),
    intake: content,
    skipReview: (input.kind === 'consultation' || input.kind === 'help') && deps.complaintConfig.consultationSkipsReview,
  });
  // 重复投诉: the same person about the same unit or item within 60 days.
  if (keys.length) {
    const since = `${addCalendarDays(shanghaiDate(how.receivedAt), -REPEAT_WINDOW_DAYS)}T00:00:00+08:00`;
    const earlier = await deps.complaints.listByComplainant(keys, since);
    c.repeatOf = findRepeats({ id, receivedAt: how.receivedAt, complainantKeys: keys, unitId: place.unitId, itemCode: input.itemCode }, earlier).map(
      ({ id: complaintId, daysBefore, sameUnit, sameItem }) => ({ complaintId, daysBefore, sameUnit, sameItem }),
    );
    if (c.repeatOf.length) addTimeline(c, how.receivedAt, 'system', '重复投诉', `关联 ${c.repeatOf.map((r) => r.complaintId).join('、')}`);
  }
  const { created, complaint } = await deps.complaints.create(c);
  if (!created) return replayOrRefuse(deps, p, complaint, content);
  if (complaint.repeatOf.length)
    await core.tell({ def: COMPLAINT, notifier: deps.notifier, clock: deps.clock }, complaint, [
      {
        kind: 'decision',
        to: supervisorsOf(complaint),
        title: '重复投诉',
        body: `${KIND_NAMES[complaint.kind]} ${id} 与同一诉求人 ${REPEAT_WINDOW_DAYS} 天内的 ${complaint.repeatOf.length} 件诉求涉及同一单位或事项。`,
        key: 'repeat',
      },
    ]);
  try {
    await startComplaint(deps, complaint);
  } catch (e) {
    logger.error('complaint workflow not started; the reconciler will start it', { complaintId: id, errorName: (e as Error).name });
  }
  return { replayed: false, complaint: detailView(p, (await deps.complaints.get(id)) ?? complaint, deps.clock.now()), ...tracking(deps, complaint) };
}

const tracking = (deps: D<'config'>, c: Complaint) => (c.anonymous ? { trackingCode: trackingCodeFor(deps.config.personKeySalt, c.complaintId) } : {});

function replayOrRefuse(deps: ComplaintDeps, p: Principal | undefined, existing: Complaint, content: Complaint['intake']) {
  const changed = changedFields(existing.intake, content);
  if (changed.length)
    throw new DomainError(
      'CONFLICT',
      `该诉求已受理，再次提交的内容与首次不同（${changed.join('、')}），未作任何修改；如需更正请联系受理单位`,
      changed.map((field) => ({ field, rule: 'same_as_first_delivery', message: '与首次提交的内容不同' })),
    );
  return { replayed: true, complaint: detailView(p, existing, deps.clock.now()), ...tracking(deps, existing) };
}

/** A consultation, complaint, suggestion or request for help from the portal, the app, a hall window or the 12345 operator; anonymous without signing in. */
export async function submitComplaint(deps: ComplaintDeps, p: Principal | undefined, input: ComplaintInput & { source?: 'portal' | 'app' }) {
  if (!p && !input.anonymous) throw invalid('anonymous', 'sign_in', '实名提交请先登录；未登录只能匿名提交');
  if (p && !['citizen', 'staff', 'leader', 'supervisor', 'admin'].includes(p.role)) throw new DomainError('FORBIDDEN', '当前身份无权执行此操作');
  const { source: asked, ...rest } = input;
  const source = sourceOf(p, asked);
  return intake(deps, p, rest, { scope: `${source}:${p?.sub ?? 'anonymous'}:${input.idempotencyKey}`, source, receivedAt: now(deps) });
}

/** A transfer from the national platform (转办): at-least-once delivery, keyed by the source's id. */
export async function receiveTransfer(deps: ComplaintDeps, p: Principal, sourceId: string, input: TransferInput) {
  if (p.role !== 'client' || p.platform !== 'national') throw new DomainError('FORBIDDEN', '只有全国一体化政务服务平台的对接程序可以转办');
  const { receivedAt, dueAt, sourceUnitCode, ...rest } = input;
  return intake(deps, p, rest, {
    scope: `national:${sourceId}`,
    source: 'national',
    // Instants are kept in UTC, so keys sort the same whatever offset the platform wrote.
    receivedAt: new Date(receivedAt).toISOString(),
    dueAt: new Date(dueAt).toISOString(),
    sourceId,
    ...(sourceUnitCode ? { sourceUnitCode } : {}),
  });
}

// ── Views ────────────────────────────────────────────────────────────────────

/** Inbox and list rows: step, due date, time left, overdue flag, repeat flag. */
export function summaryView(c: Complaint, at: Date) {
  const left = secondsLeft(c, at);
  return {
    complaintId: c.complaintId,
    kind: c.kind,
    kindName: KIND_NAMES[c.kind],
    source: c.source,
    title: c.title,
    unitId: c.unitId || undefined,
    regionCode: c.regionCode,
    itemCode: c.itemCode,
    anonymous: c.anonymous,
    status: c.status,
    round: c.round,
    step: c.step,
    stepName: stepName(COMPLAINT, c.step),
    workStep: workStep(c),
    deadline: c.stepDeadline,
    dueAt: dueNow(c),
    secondsLeft: left,
    overdue: left !== undefined && left < 0,
    repeat: c.repeatOf.length > 0,
    openTaskOrders: c.taskOrders.filter((t) => t.status !== 'completed').length,
    escalations: c.escalations.length,
    pendingExtension: c.extensions.some((e) => !e.decision),
    receivedAt: c.receivedAt,
    answeredAt: c.answeredAt,
    answeredOnTime: c.answeredOnTime,
    closedAt: c.closedAt,
    closeReason: c.closeReason,
  };
}

/** The whole record for the unit and supervisors: contact as the reader may see it, answers with the check's findings, the timeline. */
export function detailView(p: Principal | undefined, c: Complaint, at: Date) {
  const { token: _t, personKey: _k, complainantKeys: _c, intake: _i, syncKeys: _s, contact, ...rest } = c;
  return {
    ...rest,
    ...summaryView(c, at),
    ...(contact ? { contact: discloseContact(contact, disclosureFor(p, COMPLAINT.owner(c))) } : {}),
    escalations: c.escalations,
    taskOrders: c.taskOrders.map((t) => ({ ...t, canComplete: canCompleteTaskOrder(c, t, COMPLAINT.unitStepDone) })),
  };
}

const STAGE = {
  assign: '待派单',
  accept: '已派发至承办单位',
  handle: '承办单位办理中',
  review: '答复审核中',
  visit: '已答复，待您评价',
  taskOrder: '承办单位办理中（已催办）',
  escalated: '承办单位办理中（已督办）',
} as const;

/** What the person sees: plain words and names, the due date the unit must meet, the released answer; no internal steps or reminders. */
export async function progressView(deps: D<'catalog' | 'config'>, c: Complaint) {
  const released = c.answers.filter((a) => a.status === 'approved' && a.round <= c.round).at(-1);
  return {
    complaintId: c.complaintId,
    kindName: KIND_NAMES[c.kind],
    sourceName: SOURCE_NAMES[c.source],
    title: c.title,
    content: c.content,
    receivedAt: c.receivedAt,
    unitName: c.unitId ? await unitName(deps, c.unitId) : undefined,
    stage: isOpen(c) ? (c.step ? STAGE[c.step] : '已受理') : c.closeReason === 'voided' ? '已撤回' : '已办结',
    dueAt: dueNow(c),
    answer: c.answeredAt && released ? { text: released.text, at: c.answeredAt } : undefined,
    canRate: isOpen(c) && c.step === 'visit' && !c.anonymous,
    closedAt: c.closedAt,
    ...(c.anonymous ? {} : { repeat: c.repeatOf.length > 0 }),
  };
}

/** The person's progress, or the detail with what this caller may do now (`actions`, case-actions.ts) and the extension days still available. */
export async function getComplaint(deps: D<'complaints' | 'clock' | 'catalog' | 'config' | 'complaintConfig'>, p: Principal, id: string) {
  const c = await core.load(cases(deps), p, id);
  if (p.role === 'citizen') return progressView(deps, c);
  const at = deps.clock.now();
  const max = deps.complaintConfig.maxExtensionDays;
  return {
    ...detailView(p, c, at),
    actions: complaintActions(p, c, at, max),
    extensionDaysLeft: extensionDaysLeft(c, max),
    attachmentsLeft: Math.max(0, MAX_ATTACHMENTS - c.attachments.length),
  };
}

/** An anonymous person follows their item by tracking code; a wrong code is a plain 404. */
export async function trackComplaint(deps: D<'complaints' | 'catalog' | 'config'>, code: string) {
  const id = complaintIdOfTrackingCode(deps.config.personKeySalt, code);
  const c = id ? await deps.complaints.get(id) : undefined;
  if (!c) throw notFound('诉求');
  return progressView(deps, c);
}

/** The complaint under GB/T 39046 §6.7's field names (投诉/咨询 fields), personal data as the reader may see it. */
export async function standardRecord(deps: D<'complaints' | 'catalog' | 'calendarStore' | 'clock'>, p: Principal, id: string) {
  requireRole(p, 'staff', 'leader', 'supervisor', 'admin');
  const c = await core.load(cases(deps), p, id);
  const names = new Map<string, string>();
  for (const u of new Set([c.unitId, ...c.assignments.map((a) => a.unitId)].filter(Boolean))) names.set(u, await unitName(deps, u));
  const end = c.answeredAt ?? deps.clock.now().toISOString();
  const due = dueNow(c);
  const overdueDays =
    due && Date.parse(end) > Date.parse(due) ? (await loadCalendar(deps.calendarStore)).workingDaysBetween(shanghaiDate(due), shanghaiDate(end)) : 0;
  return standardFields(c, (u) => names.get(u), c.contact && discloseContact(c.contact, disclosureFor(p, COMPLAINT.owner(c))), overdueDays);
}

// ── Lists ────────────────────────────────────────────────────────────────────

export type ComplaintFilter = 'open' | 'all' | 'overdue' | 'escalated' | 'unassigned' | 'review' | 'extension' | 'repeat';

/**
 * Units: their own (open ones, or `all`: open ones first); supervisors the open ones of
 * their region, or what waits for them (unassigned, answer review, extension), overdue,
 * escalated, repeats; citizens their own. Pages are read by key and filled.
 */
export async function listComplaints(deps: D<'complaints' | 'clock'>, p: Principal, q: { filter?: ComplaintFilter; cursor?: string; limit?: number }) {
  const at = deps.clock.now();
  const filter = q.filter ?? 'open';
  const keep = (c: Complaint): boolean => {
    if (filter === 'all') return true;
    if (!isOpen(c)) return false;
    switch (filter) {
      case 'overdue':
        return behindSchedule(c, at);
      case 'escalated':
        return c.escalations.length > 0;
      case 'unassigned':
        return c.step === 'assign' || !c.unitId;
      case 'review':
        return c.step === 'review';
      case 'extension':
        return c.extensions.some((e) => !e.decision);
      case 'repeat':
        return c.repeatOf.length > 0;
      default:
        return true;
    }
  };
  const read =
    p.role === 'citizen'
      ? (pq: core.PageQuery) => deps.complaints.listByPerson(p.personKey!, pq)
      : core.scopedCases(cases(deps), p, { open: filter !== 'all' || p.role === 'supervisor' });
  const page = await core.fillPage(read, keep, { cursor: q.cursor, limit: q.limit });
  return { items: page.items.map((c) => summaryView(c, at)), next: page.next };
}

/** Hot spots (投诉集中) of the supervisor's region over a period: clusters of similar complaints from different people, with counts, trend and examples. */
export async function hotSpots(deps: D<'complaints' | 'clock'>, p: Principal, q: { from?: string; to?: string }) {
  requireRole(p, 'supervisor', 'admin');
  const to = q.to ?? shanghaiDate(deps.clock.now());
  const from = q.from ?? addCalendarDays(to, -89);
  if (from > to) throw invalid('from', 'before_to', '开始日期不能晚于结束日期');
  if (from < addCalendarDays(to, -366)) throw invalid('from', 'max_span', '分析期间最长一年');
  const limit = 2000;
  const rows = await deps.complaints.listForAnalysis({
    ...(p.role === 'supervisor' ? { regionCode: p.regionCode } : {}),
    from: `${from}T00:00:00+08:00`,
    to: `${to}T23:59:59.999+08:00`,
    limit,
  });
  return { from, to, analysed: rows.length, truncated: rows.length >= limit, hotSpots: clusterComplaints(rows, { asOf: to }) };
}

// ── Assignment (派单, 签收, 退回改派) ──────────────────────────────────────────

/** A supervisor assigns (or re-assigns) the responsible unit: one in their region. */
export async function assignComplaint(deps: ComplaintDeps, p: Principal, id: string, body: z.output<typeof AssignBody>) {
  requireRole(p, 'supervisor', 'admin');
  await core.load(cases(deps), p, id);
  const unit = await deps.catalog.get('units', body.unitId);
  if (!unit) throw invalid('unitId', 'exists', `单位 ${body.unitId} 不在目录中`);
  if (p.role === 'supervisor' && !regionContains(p.regionCode!, unit.regionCode)) throw invalid('unitId', 'in_region', '只能派给本辖区的单位');
  let replayed = false;
  const { before, after } = await core.mutate(cases(deps), id, (c) => {
    const last = currentAssignment(c);
    if (last && !last.returned && last.unitId === body.unitId && c.step !== 'assign') {
      replayed = true;
      return;
    }
    core.assertOpen(COMPLAINT, c);
    if (c.step !== 'assign') throw core.stale(`当前环节为「${stepName(COMPLAINT, c.step)}」，不能派单`);
    if (last && !last.returned) throw core.stale('该诉求已派单', 'already_assigned');
    c.assignments.push({ unitId: body.unitId, at: now(deps), by: p.sub });
    c.unitId = body.unitId;
    c.regionCode = unit.regionCode;
    delete c.token;
    addTimeline(c, now(deps), p, `派单至 ${unit.name}`, body.note);
  });
  if (!replayed) await core.completeStep({ def: COMPLAINT, workflow: deps.complaintWorkflow }, before.token, { outcome: 'assigned' }, id);
  return { replayed, complaint: detailView(p, after, deps.clock.now()) };
}

/** The unit signs for it (签收): handling starts now instead of when its day to return it ends. */
export async function acceptComplaint(deps: ComplaintDeps, p: Principal, id: string) {
  requireRole(p, 'staff', 'leader');
  await core.load(cases(deps), p, id);
  let replayed = false;
  const { before, after } = await core.mutate(cases(deps), id, (c) => {
    const a = currentAssignment(c);
    if (a?.acceptedAt) {
      replayed = true;
      return;
    }
    core.assertWorkStep(COMPLAINT, c, 'accept');
    a!.acceptedAt = now(deps);
    delete c.token;
    addTimeline(c, now(deps), p, '承办单位签收');
  });
  if (!replayed) await core.completeStep({ def: COMPLAINT, workflow: deps.complaintWorkflow }, before.token, { outcome: 'accepted' }, id);
  return { replayed, complaint: detailView(p, after, deps.clock.now()) };
}

/** The unit returns a wrong assignment (退回改派) with its reason, within its one working day; a supervisor assigns again. */
export async function returnComplaint(deps: ComplaintDeps, p: Principal, id: string, body: z.output<typeof ReturnBody>) {
  requireRole(p, 'staff', 'leader');
  await core.load(cases(deps), p, id);
  const { before, after } = await core.mutate(cases(deps), id, (c) => {
    core.assertOpen(COMPLAINT, c);
    if (c.step !== 'accept') throw core.stale('只能在签收期限（1个工作日）内退回，已进入办理的诉求不能退回', 'return_window');
    const a = currentAssignment(c)!;
    if (a.acceptedAt) throw core.stale('已签收的诉求不能退回', 'return_window');
    a.returned = { reason: body.reason, at: now(deps), by: p.sub };
    c.unitId = '';
    delete c.token;
    addTimeline(c, now(deps), p, '承办单位退回改派', body.reason);
  });
  await core.completeStep({ def: COMPLAINT, workflow: deps.complaintWorkflow }, before.token, { outcome: 'returned' }, id);
  return { complaint: summaryView(after, deps.clock.now()) };
}

// ── The answer ───────────────────────────────────────────────────────────────

const checkedKind = (k: Complaint['kind']): CheckedKind => (k === 'help' ? 'consultation' : k);

/**
 * The unit submits its draft answer (办理答复): the answer check runs first and its findings
 * go with the draft to the reviewer (advice only). Submitting ends the unit's step.
 */
export async function submitAnswer(deps: ComplaintDeps, p: Principal, id: string, body: z.output<typeof AnswerBody>) {
  const c0 = await core.load(cases(deps), p, id);
  const recent = (await deps.complaints.answersWithFingerprint(answerFingerprint(body.text))).filter((r) => r.complaintId !== id);
  const check = checkAnswer({ kind: checkedKind(c0.kind), title: c0.title, content: c0.content }, body.text, { recentAnswerFingerprints: recent });
  const at = now(deps);
  const { replayed, after } = await core.recordUnitWork({ ...cases(deps), clock: deps.clock, workflow: deps.complaintWorkflow }, p, id, 'handle', (c) => {
    const draft = currentDraft(c);
    if (draft && draft.status !== 'sentBack' && draft.text === body.text) return 'replay';
    core.assertWorkStep(COMPLAINT, c, 'handle');
    if (draft && draft.status !== 'sentBack') throw core.stale('本轮答复已提交，等待审核', 'already_recorded');
    const findings = check.findings.map(({ code, severity, message }) => ({ code, severity, message }));
    c.answers.push({ n: c.answers.length + 1, round: c.round, text: body.text, at, by: p.sub, status: 'submitted', findings, fingerprint: check.fingerprint });
    addTimeline(c, at, p, `提交答复（第 ${c.answers.length} 稿）`, findings.length ? `答复检查提示 ${findings.length} 项` : '答复检查未发现问题');
    return undefined;
  });
  if (!replayed)
    await deps.complaints.addAnswerFingerprint(check.fingerprint, { complaintId: id, fingerprint: check.fingerprint, topicTerms: check.keyTerms, at });
  return {
    replayed,
    check: { findings: check.findings, keyTerms: check.keyTerms, coveredTerms: check.coveredTerms },
    complaint: detailView(p, after, deps.clock.now()),
  };
}

/** A supervisor reviews the draft answer (回复审核): approve (it goes out) or send it back with comments; several rounds. */
export async function reviewAnswer(deps: ComplaintDeps, p: Principal, id: string, body: z.output<typeof ReviewBody>) {
  requireRole(p, 'supervisor', 'admin');
  await core.load(cases(deps), p, id);
  let replayed = false;
  const { before, after } = await core.mutate(cases(deps), id, (c) => {
    const draft = currentDraft(c);
    if (draft?.review && draft.review.approve === body.approve && draft.review.comment === body.comment) {
      replayed = true;
      return;
    }
    core.assertOpen(COMPLAINT, c);
    if (c.step !== 'review' || draft?.status !== 'submitted') throw core.stale('当前没有待审核的答复');
    draft.review = { approve: body.approve, ...(body.comment ? { comment: body.comment } : {}), by: p.sub, at: now(deps) };
    draft.status = body.approve ? 'approved' : 'sentBack';
    delete c.token;
    addTimeline(c, now(deps), p, body.approve ? '答复审核通过' : '答复退回修改', body.comment);
  });
  if (!replayed)
    await core.completeStep({ def: COMPLAINT, workflow: deps.complaintWorkflow }, before.token, { outcome: body.approve ? 'approved' : 'sentBack' }, id);
  return { replayed, complaint: detailView(p, after, deps.clock.now()) };
}

/**
 * The person rates the answer (回访评价), or the 12345 operator records it from a call:
 * dissatisfied for the unit's own reasons (主观原因) reopens it once.
 */
export async function giveFeedback(deps: ComplaintDeps, p: Principal, id: string, body: z.output<typeof FeedbackBody>) {
  requireRole(p, 'citizen', 'supervisor');
  await core.load(cases(deps), p, id);
  let replayed = false;
  const { before, after } = await core.mutate(cases(deps), id, (c) => {
    const mine = c.feedback.find((f) => f.round === c.round);
    if (mine && mine.answer === body.answer && mine.reason === body.reason) {
      replayed = true;
      return;
    }
    core.assertOpen(COMPLAINT, c);
    if (c.step !== 'visit' || mine) throw core.stale('当前不在评价环节');
    c.feedback.push({
      round: c.round,
      answer: body.answer,
      ...(body.reason ? { reason: body.reason } : {}),
      ...(body.comment ? { comment: body.comment } : {}),
      at: now(deps),
      by: p.sub,
    });
    delete c.token;
    addTimeline(c, now(deps), p, `诉求人评价：${{ satisfied: '满意', basic: '基本满意', dissatisfied: '不满意' }[body.answer]}`, body.comment);
  });
  const f = after.feedback.find((x) => x.round === before.round) ?? after.feedback.at(-1)!;
  if (!replayed) await core.completeStep({ def: COMPLAINT, workflow: deps.complaintWorkflow }, before.token, { outcome: feedbackOutcome(before, f) }, id);
  return { replayed, complaint: p.role === 'citizen' ? await progressView(deps, after) : detailView(p, after, deps.clock.now()) };
}

// ── Supervision (the core's) ─────────────────────────────────────────────────

/** The unit asks for more time while handling, before the due date; all approved ones together stay under the cap. */
export async function requestComplaintExtension(
  deps: D<'complaints' | 'clock' | 'notifier' | 'complaintConfig'>,
  p: Principal,
  id: string,
  body: z.output<typeof ExtensionBody>,
) {
  const s = { ...cases(deps), clock: deps.clock, notifier: deps.notifier, policy: complaintPolicy(deps.complaintConfig) };
  return { complaint: detailView(p, await core.requestExtension(s, p, id, body), deps.clock.now()) };
}

/** A supervisor decides the pending extension; approval moves the due date (the workflow tells the source of a transfer). */
export async function decideComplaintExtension(deps: ComplaintDeps, p: Principal, id: string, body: z.output<typeof DecisionBody>) {
  const after = await core.decideExtension(complaintSupervision(deps), p, id, body);
  return { complaint: detailView(p, after, deps.clock.now()) };
}

export async function issueComplaintTaskOrder(deps: ComplaintDeps, p: Principal, id: string, body: z.output<typeof ManualTaskOrderBody>) {
  const { taskOrder, after } = await core.issueManualTaskOrder(complaintSupervision(deps), p, id, body);
  return { taskOrder, complaint: detailView(p, after, deps.clock.now()) };
}

export const acknowledgeComplaintTaskOrder = async (deps: D<'complaints' | 'clock'>, p: Principal, id: string, n: number) => ({
  taskOrder: await core.acknowledgeTaskOrder({ ...cases(deps), clock: deps.clock }, p, id, n),
});

export const completeComplaintTaskOrder = async (
  deps: D<'complaints' | 'clock'>,
  p: Principal,
  id: string,
  n: number,
  body: z.output<typeof TaskOrderNoteBody>,
) => ({
  taskOrder: await core.completeTaskOrder({ ...cases(deps), clock: deps.clock }, p, id, n, body),
});

export const recordComplaintEscalationOutcome = async (
  deps: D<'complaints' | 'clock'>,
  p: Principal,
  id: string,
  n: number,
  body: z.output<typeof OutcomeBody>,
) => ({
  escalation: await core.recordEscalationOutcome({ ...cases(deps), clock: deps.clock }, p, id, n, body),
});

export const listComplaintTaskOrders = (deps: D<'complaints' | 'clock'>, p: Principal, q: { status?: 'open' | 'all'; cursor?: string; limit?: number } = {}) =>
  core.listTaskOrders({ ...cases(deps), clock: deps.clock }, p, q);

/** The complaints' bi-weekly 通报 list: units more than 5 working days overdue (a missed task order). */
export const listComplaintNotices = (deps: D<'complaints'>, p: Principal, date: string) => core.listNotices(cases(deps), p, date);

// ── Attachments ──────────────────────────────────────────────────────────────

async function attach(deps: D<'complaints' | 'files' | 'clock'>, c: Complaint, who: Principal | 'system', body: z.output<typeof EvidenceBody>) {
  core.assertOpen(COMPLAINT, c);
  if (c.attachments.length >= MAX_ATTACHMENTS) throw invalid('data', 'max_attachments', `每件诉求最多 ${MAX_ATTACHMENTS} 个附件`);
  const file = await storeUpload(deps.files, `complaints/${c.complaintId}`, body);
  await core.mutate(cases(deps), c.complaintId, (r) => {
    if (r.attachments.length >= MAX_ATTACHMENTS) throw invalid('data', 'max_attachments', `每件诉求最多 ${MAX_ATTACHMENTS} 个附件`);
    r.attachments.push(file);
    addTimeline(r, now(deps), who, '上传附件', body.fileName);
  });
  return file;
}

/** An attachment (PNG, JPEG, PDF ≤ 4 MiB; at most 5) from the person, the handling unit or the operator who took the call. */
export async function attachFile(deps: D<'complaints' | 'files' | 'clock'>, p: Principal, id: string, body: z.output<typeof EvidenceBody>) {
  requireRole(p, 'citizen', 'staff', 'leader', 'supervisor');
  return attach(deps, await core.load(cases(deps), p, id), p, body);
}

/** The anonymous person's attachment, by tracking code. */
export async function attachFileByCode(deps: D<'complaints' | 'files' | 'clock' | 'config'>, code: string, body: z.output<typeof EvidenceBody>) {
  const id = complaintIdOfTrackingCode(deps.config.personKeySalt, code);
  const c = id ? await deps.complaints.get(id) : undefined;
  if (!c) throw notFound('诉求');
  return attach(deps, c, 'system', body);
}

export async function downloadAttachment(deps: D<'complaints' | 'files'>, p: Principal, id: string, fileId: string) {
  const c = await core.load(cases(deps), p, id);
  return downloadUpload(
    deps.files,
    `complaints/${id}`,
    c.attachments.find((f) => f.fileId === fileId),
    'attachment',
    '附件',
  );
}

// ── Status sync of transfers ─────────────────────────────────────────────────

/** A transfer's status deliveries to the national platform, for whoever may see the complaint (supervisors of its region, admins). */
export async function listComplaintDeliveries(deps: D<'complaints' | 'deliveries'>, p: Principal, id: string) {
  await core.load(cases(deps), p, id);
  return { items: await listDeliveries(deps, p, id) };
}

export { listDeadLetters, replayDelivery } from './status-sync.js';
