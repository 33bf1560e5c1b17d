/**
 * Bad-review handling (差评整改) end to end in process: the REAL definition
 * (workflows/bad-review.asl.json) on the LocalWorkflowEngine with the REAL task function
 * (runBadReviewTask), driven through the API use cases as the unit, the supervisor and
 * the citizen would, over in-memory fakes (test/fakes.ts, test/fakes-bad-review.ts).
 *
 * Time: the demo clock makes one working day last DAY clock-seconds, and the engine's
 * timeScale turns a planned second into 20 ms. A step a test wants to miss is configured
 * at 1 working day (times out after 20 ms); every other step at LONG working days (never
 * reached while the test drives it). The clock (FixedClock) stands still unless a test
 * moves it, so every deadline is exact. Tests wait for states of the store, never for time.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../functions/core/access.js';
import { type BadReview, type BadReviewConfig, DEFAULT_BAD_REVIEW_CONFIG, type Step } from '../../functions/core/bad-review.js';
import { shanghaiDate } from '../../functions/core/calendar.js';
import type { DomainError } from '../../functions/core/errors.js';
import { RatingInput } from '../../functions/core/ratings.js';
import { parseOrThrow } from '../../functions/core/validation.js';
import { created, fileReply } from '../../functions/http/replies.js';
import { isOpen, noticePeriod } from '../../functions/supervision/model.js';
import { reconcileBadReviews, sendReminders } from '../../functions/usecases/bad-review-workflow.js';
import {
  acknowledgeTaskOrder,
  answerVisit,
  completeTaskOrder,
  decideAppeal,
  decideExtension,
  getBadReview,
  listBadReviews,
  listNotices,
  recordEscalationOutcome,
  recordRectification,
  recordVerification,
  replyToRater,
  summaryView,
  uploadEvidence,
} from '../../functions/usecases/bad-reviews.js';
import * as useCases from '../../functions/usecases/bad-reviews.js';
import { invalidateCalendar } from '../../functions/usecases/calendar.js';
import { deleteOverride, loadCalendarYear, putOverride } from '../../functions/usecases/calendar-changes.js';
import { submitCase } from '../../functions/usecases/cases.js';
import { listNotifications } from '../../functions/usecases/notifications.js';
import { submitRating } from '../../functions/usecases/ratings.js';
import { type BadReviewFakeDeps, type BadReviewHarness, makeBadReviewDeps, type StoredRating } from '../fakes-bad-review.js';
import { body, caseInput, domainError, principals } from '../fakes.js';

/** The use cases that create something, answered as their handlers answer them: 201, and the evidence as a download. */
const fileAppeal = async (...a: Parameters<typeof useCases.fileAppeal>) => created(await useCases.fileAppeal(...a));
const requestExtension = async (...a: Parameters<typeof useCases.requestExtension>) => created(await useCases.requestExtension(...a));
const issueManualTaskOrder = async (...a: Parameters<typeof useCases.issueManualTaskOrder>) => created(await useCases.issueManualTaskOrder(...a));
const downloadEvidence = async (...a: Parameters<typeof useCases.downloadEvidence>) => fileReply(await useCases.downloadEvidence(...a));

/** Clock seconds per working day (demo clock). */
const DAY = 1;
/** A planned second lasts 20 ms: a 1-working-day step times out after 20 ms. */
const TIME_SCALE = 0.02;
/** Working days of a step the test answers: 100 000 s planned, 2 000 s real — never reached. */
const LONG = 100_000;
const ALL_LONG: BadReviewConfig = {
  verifyDays: LONG,
  rectifyDays: LONG,
  visitDays: LONG,
  taskOrderDays: LONG,
  escalatedDays: LONG,
  maxExtensionDays: 15,
  reminderFractions: [0.5, 0.8],
};
/** A 1×1 PNG. */
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

let h: BadReviewHarness | undefined;
let deps: BadReviewFakeDeps;

beforeEach(() => invalidateCalendar());
afterEach(() => {
  h?.stop();
  h = undefined;
});

/** Fakes + real engine; `config` overrides ALL_LONG (1 = the step is missed at once). */
function given(config: Partial<BadReviewConfig> = {}, opts: { demoWorkdaySeconds?: number; timeScale?: number; exactConfig?: BadReviewConfig } = {}) {
  h = makeBadReviewDeps({
    config: opts.exactConfig ?? { ...ALL_LONG, ...config },
    demoWorkdaySeconds: opts.demoWorkdaySeconds ?? DAY,
    timeScale: opts.timeScale ?? TIME_SCALE,
  });
  deps = h.deps;
  return h;
}

// ── Driving the product ───────────────────────────────────────────────────────

/** The citizen rates their own case 不满意 (named, mobile): the rating use case starts the workflow. */
async function namedBadReview(): Promise<string> {
  const input = caseInput();
  expect((await submitCase(deps, principals.admin, input)).outcome).toBe('created');
  const rated = await submitRating(
    deps,
    principals.citizen,
    parseOrThrow(RatingInput, { caseNumber: input.caseNumber, level: 4, channel: 'mobile', tags: ['办事效率'], text: '跑了三趟' }),
  );
  expect(rated.replayed).toBe(false);
  return `${input.caseNumber}-1`;
}

/** An anonymous 非常不满意 from the hall's rating pad, pushed by the unit's business system. */
async function anonymousBadReview(): Promise<string> {
  const input = caseInput();
  await submitCase(deps, principals.admin, input);
  const rated = await submitRating(
    deps,
    principals.client,
    parseOrThrow(RatingInput, { caseNumber: input.caseNumber, level: 5, channel: 'pad', tags: ['服务态度'], anonymous: true }),
  );
  expect(rated.replayed).toBe(false);
  return `${input.caseNumber}-1`;
}

const review = async (id: string) => (await deps.badReviews.get(id))!;

/** Polls the store until the review is in the wanted state (fails with its timeline after 5 s). */
async function until(id: string, what: string, ok: (c: BadReview) => boolean, ms = 5000): Promise<BadReview> {
  const end = Date.now() + ms;
  for (;;) {
    const c = await deps.badReviews.get(id);
    if (c && ok(c)) return c;
    if (Date.now() > end)
      throw new Error(`review ${id} never ${what}; now at ${c?.step}/${c?.status}; timeline: ${c?.timeline.map((t) => t.action).join(' | ')}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** The workflow waits at `step` (its token is stored) — the unit (or citizen) can act. */
const waitingAt = (id: string, step: Step, overdueStep?: 'verify' | 'rectify') =>
  until(id, `waited at ${step}`, (c) => isOpen(c) && c.step === step && !!c.token && (!overdueStep || c.overdueStep === overdueStep));
const closedOf = (id: string) => until(id, 'closed', (c) => !isOpen(c));

const verify = (id: string, as: Principal = principals.staff, facts = '已电话联系评价人，确认窗口答复不清') =>
  recordVerification(deps, as, id, { contacted: true, facts });
const rectify = (id: string, measures = '重新培训窗口人员，更新办事指南', evidence: string[] = []) =>
  recordRectification(deps, principals.staff, id, { measures, evidence });
const reply = (id: string, text = '您反映的问题已整改，感谢监督') => replyToRater(deps, principals.staff, id, { text });
const visit = (id: string, answer: 'satisfied' | 'basic' | 'dissatisfied') => answerVisit(deps, principals.citizen, id, { answer });

/** The unit rectifies and replies in the current round. */
async function rectifyAndReply(id: string, round = 1) {
  await rectify(id, `第 ${round} 轮整改措施`);
  await reply(id, `第 ${round} 轮答复`);
}

const ruleOf = (e: DomainError) => e.issues[0]?.rule;

/** What the workflow planned, per step, for a review (the real task function's answers). */
const plans = (id: string, step: Step) =>
  h!.calls
    .filter((c) => c.payload.reviewId === id && c.payload.action === 'planStep' && c.payload.step === step && c.result)
    .map((c) => c.result as { seconds: number; deadline: string });
const notificationsOf = async (p: Principal) =>
  body(await listNotifications(deps, p, 200)).items as { id: string; kind: string; subject?: string; title: string }[];
const plus = (iso: string, seconds: number) => new Date(Date.parse(iso) + seconds * 1000).toISOString();
const actions = (c: BadReview) => c.timeline.map((t) => t.action);

// ── Paths ────────────────────────────────────────────────────────────────────

describe('a named bad review handled on time', () => {
  it('goes verify → rectify and reply → return visit 满意 and closes as visitAnswered, with deadlines from the configured working days', async () => {
    // Prepare: the default rules (1 / 5 / 5 working days), one working day = 1 h of the demo clock.
    given({}, { exactConfig: DEFAULT_BAD_REVIEW_CONFIG, demoWorkdaySeconds: 3600, timeScale: 1 });
    const t0 = deps.clock.now().toISOString();
    const id = await namedBadReview();
    // Act + Assess, step by step
    const atVerify = await waitingAt(id, 'verify');
    expect(atVerify).toMatchObject({ status: 'open', round: 1, stepDeadline: plus(t0, 3600), anonymous: false });
    expect(deps.inbox.all(id).map((n) => [n.kind, n.audience])).toEqual([['dispatched', { kind: 'unitStaff', unitId: 'U-CITY' }]]);

    const verified = await verify(id);
    expect(body(verified).replayed).toBe(false);
    expect(await waitingAt(id, 'rectify')).toMatchObject({ stepDeadline: plus(t0, 5 * 3600), verification: { contacted: true, by: 'staff-1' } });

    const file = body(await uploadEvidence(deps, principals.staff, id, { fileName: '培训签到表.png', contentType: 'image/png', data: PNG_BASE64 }));
    await rectify(id, '重新培训窗口人员', [file.fileId]);
    expect((await review(id)).step).toBe('rectify'); // a rectification without the reply does not finish the step
    await reply(id);
    expect(await waitingAt(id, 'visit')).toMatchObject({ stepDeadline: plus(t0, 5 * 3600) });

    // The citizen sees the progress of their own review.
    expect(body(await listBadReviews(deps, principals.citizen, {})).items).toEqual([
      expect.objectContaining({ reviewId: id, step: 'visit', stepName: '回访' }),
    ]);
    await visit(id, 'satisfied');
    const closed = await closedOf(id);

    expect(closed).toMatchObject({
      status: 'closed',
      closeReason: 'visitAnswered',
      visits: [{ round: 1, answer: 'satisfied' }],
      taskOrders: [],
      escalations: [],
    });
    expect(closed.rectifications).toEqual([
      expect.objectContaining({ round: 1, evidence: [expect.objectContaining({ fileId: file.fileId, contentType: 'image/png' })] }),
    ]);
    expect(closed.token).toBeUndefined();
    expect(actions(closed)).toEqual([
      '收到实名差评',
      '派发至办件单位（谁办理、谁负责）',
      '进入核实环节',
      '记录核实情况',
      '进入整改反馈环节',
      '记录整改措施（第 1 轮）',
      '答复评价人（第 1 轮）',
      '进入回访环节',
      '评价人回访：满意',
      '评价人已回访确认，办结',
    ]);
    expect(closed.timeline.filter((t) => t.role === 'staff').map((t) => t.actor)).toEqual(['staff-1', 'staff-1', 'staff-1']);
    // The citizen is told when the return visit opens and when the case closes; the evidence can be downloaded; the detail view hides the token and the person key.
    expect((await notificationsOf(principals.citizen)).map((n) => n.kind)).toEqual(['reply', 'closed']);
    const download = await downloadEvidence(deps, principals.supervisor, id, file.fileId);
    expect(Buffer.from((download as { raw: string }).raw, 'base64').equals(Buffer.from(PNG_BASE64, 'base64'))).toBe(true);
    const detail = body(await getBadReview(deps, principals.staff, id));
    expect(detail).toMatchObject({ status: 'closed', closeReason: 'visitAnswered', rating: { level: 4 } });
    expect(detail).not.toHaveProperty('token');
    expect(detail).not.toHaveProperty('personKey');
  });
});

describe('a missed verification', () => {
  it('issues a task order to the unit leader; once the unit verifies, the case goes on and closes', async () => {
    // Prepare
    given({ verifyDays: 1 });
    const id = await namedBadReview();
    // Act: nobody verifies in time.
    const atTaskOrder = await waitingAt(id, 'taskOrder', 'verify');
    // Assess: the task order and who was told
    expect(atTaskOrder.taskOrders).toEqual([
      expect.objectContaining({ n: 1, kind: 'auto', overdueStep: 'verify', status: 'issued', issuedBy: 'system', deadline: atTaskOrder.stepDeadline }),
    ]);
    expect(atTaskOrder.stepDeadline).toBe(plus(deps.clock.now().toISOString(), LONG * DAY));
    const leaderInbox = await notificationsOf(principals.leader);
    expect(leaderInbox.filter((n) => n.kind === 'taskOrder' && n.id === `${id}:taskOrder:auto-1`)).toHaveLength(1);
    expect(actions(atTaskOrder)).toContain('核实超期，自动下发任务交办单 #1');
    expect(body(await listBadReviews(deps, principals.staff, { filter: 'overdue' })).items.map((s: { reviewId: string }) => s.reviewId)).toEqual([id]);

    // Act: the leader signs for it, may not complete it before the overdue step is done, then the unit verifies.
    expect(body(await acknowledgeTaskOrder(deps, principals.leader, id, 1)).taskOrder.status).toBe('acknowledged');
    expect(ruleOf(await domainError(() => completeTaskOrder(deps, principals.leader, id, 1, {})))).toBe('overdue_step_first');
    await verify(id, principals.leader);
    // Assess: the task order is done with the step and the case continues with rectification.
    const atRectify = await waitingAt(id, 'rectify');
    expect(atRectify.taskOrders[0]).toMatchObject({ status: 'completed', acknowledgedAt: expect.any(String), completedAt: expect.any(String) });
    await rectifyAndReply(id);
    await waitingAt(id, 'visit');
    await visit(id, 'basic');
    expect(await closedOf(id)).toMatchObject({ status: 'closed', closeReason: 'visitAnswered', escalations: [] });
  });
});

describe('a missed task order', () => {
  it('escalates: supervisor alert, 通报 list, 约谈 proposed, outcome recorded; the case stays open until the unit acts', async () => {
    // Prepare
    given({ verifyDays: 1, taskOrderDays: 1 });
    const id = await namedBadReview();
    // Act: neither the verification nor the task order is done in time.
    const escalated = await waitingAt(id, 'escalated', 'verify');
    // Assess
    const period = noticePeriod(shanghaiDate(deps.clock.now()));
    expect(escalated.escalations).toEqual([expect.objectContaining({ n: 1, overdueStep: 'verify', noticePeriod: period, proposal: '约谈' })]);
    expect(escalated.taskOrders[0]!.status).toBe('overdue');
    expect(body(await getBadReview(deps, principals.supervisor, id)).escalations).toEqual([
      expect.objectContaining({ n: 1, proposal: '约谈', noticePeriod: period }),
    ]);
    expect((await notificationsOf(principals.supervisor)).filter((n) => n.subject === id && n.kind === 'escalation')).toHaveLength(1);
    expect((await notificationsOf(principals.countySupervisor)).filter((n) => n.subject === id)).toEqual([]);
    expect((await notificationsOf(principals.leader)).filter((n) => n.subject === id && n.kind === 'escalation')).toHaveLength(1);
    expect(body(await listNotices(deps, principals.supervisor, period)).items).toEqual([
      expect.objectContaining({ unitId: 'U-CITY', reviewId: id, escalation: 1 }),
    ]);
    expect(body(await listNotices(deps, principals.countySupervisor, period)).items).toEqual([]);
    expect(body(await listBadReviews(deps, principals.supervisor, { filter: 'escalated' })).items.map((s: { reviewId: string }) => s.reviewId)).toEqual([id]);
    expect(body(await listBadReviews(deps, principals.countySupervisor, { filter: 'escalated' })).items).toEqual([]);

    // Act: the supervisor records the 约谈; a retry is harmless, a different outcome is refused.
    const outcome = await recordEscalationOutcome(deps, principals.supervisor, id, 1, { kind: 'interview', note: '已约谈单位分管领导' });
    await recordEscalationOutcome(deps, principals.supervisor, id, 1, { kind: 'interview', note: '已约谈单位分管领导' });
    const changed = await domainError(() => recordEscalationOutcome(deps, principals.supervisor, id, 1, { kind: 'notice', note: '改为通报' }));
    // Assess
    expect(body(outcome).escalation.outcome).toMatchObject({ kind: 'interview', by: 'sup-city' });
    expect([changed.status, ruleOf(changed)]).toEqual([409, 'already_recorded']);
    const afterOutcome = await review(id);
    expect(afterOutcome).toMatchObject({ status: 'open', step: 'escalated' });
    expect(actions(afterOutcome).filter((a) => a.startsWith('记录督办结果'))).toEqual(['记录督办结果：约谈']);

    // Act: the unit finally acts.
    await verify(id);
    await waitingAt(id, 'rectify');
    await rectifyAndReply(id);
    await waitingAt(id, 'visit');
    await visit(id, 'satisfied');
    // Assess
    expect(await closedOf(id)).toMatchObject({ status: 'closed', closeReason: 'visitAnswered', escalations: [expect.objectContaining({ n: 1 })] });
  });

  it('gives the unit a fresh escalation period each time it is escalated again', async () => {
    // Prepare: 5 working days after an escalation (100 ms real each)
    given({ verifyDays: 1, taskOrderDays: 1, escalatedDays: 5 });
    const id = await namedBadReview();
    const first = await waitingAt(id, 'escalated', 'verify');
    // Act: the clock moves past the first escalation deadline while nobody acts.
    deps.clock.set(plus(first.stepDeadline!, 10));
    const second = await until(id, 'was escalated twice', (c) => c.escalations.length === 2 && c.step === 'escalated' && !!c.token);
    // Assess: the second escalation has its own 5 working days, not the time left of the first (none).
    expect(second.stepDeadline).toBe(plus(deps.clock.now().toISOString(), 5 * DAY));
    expect(
      plans(id, 'escalated')
        .map((p) => p.seconds)
        .slice(0, 2),
    ).toEqual([5, 5]);
    await verify(id);
    await waitingAt(id, 'rectify');
  });
});

describe('appeals (申诉复核)', () => {
  it('an upheld appeal voids the rating and closes the case as voided', async () => {
    // Prepare
    given();
    const id = await namedBadReview();
    await waitingAt(id, 'verify');
    // Act
    const filed = await fileAppeal(deps, principals.staff, id, { reason: '评价人误评了其他单位' });
    const decided = await decideAppeal(deps, principals.supervisor, id, { approve: true, comment: '经核查属实' });
    // Assess
    expect(filed.status).toBe(201);
    expect((await notificationsOf(principals.supervisor)).filter((n) => n.subject === id && n.title === '差评申诉待复核')).toHaveLength(1);
    expect(body(decided).review.appeal.decision).toMatchObject({ uphold: true, by: 'sup-city' });
    const closed = await closedOf(id);
    expect(closed).toMatchObject({ status: 'voided', closeReason: 'voided' });
    expect(deps.ratings.ratings.get(id) as StoredRating).toMatchObject({ voided: true, voidedAt: expect.any(String) });
    expect((await notificationsOf(principals.staff)).filter((n) => n.subject === id && n.title === '申诉成立')).toHaveLength(1);
    const late = await domainError(() => verify(id));
    expect([late.status, ruleOf(late)]).toEqual([409, 'review_open']);
  });

  it('an appeal filed during rectification and upheld once the case reached the return visit still voids it', async () => {
    // Prepare: the clock runs on during the appeal, so the unit finishes rectifying meanwhile.
    given();
    const id = await namedBadReview();
    await waitingAt(id, 'verify');
    await verify(id);
    await waitingAt(id, 'rectify');
    await fileAppeal(deps, principals.staff, id, { reason: '评价人误评' });
    await rectifyAndReply(id);
    await waitingAt(id, 'visit');
    // Act
    await decideAppeal(deps, principals.supervisor, id, { approve: true });
    // Assess
    expect(await closedOf(id)).toMatchObject({ status: 'voided', closeReason: 'voided', visits: [] });
    expect((deps.ratings.ratings.get(id) as StoredRating).voided).toBe(true);
    expect(h!.calls.filter((c) => c.payload.reviewId === id && c.payload.action === 'alert')).toEqual([]);
  });

  it('a rejected appeal leaves the rating and the clock running; the unit carries on', async () => {
    // Prepare
    given();
    const id = await namedBadReview();
    const atVerify = await waitingAt(id, 'verify');
    // Act
    await fileAppeal(deps, principals.staff, id, { reason: '评价人情绪化' });
    const during = await review(id);
    await decideAppeal(deps, principals.supervisor, id, { approve: false, comment: '证据不足' });
    const again = await domainError(() => fileAppeal(deps, principals.staff, id, { reason: '再申诉一次' }));
    // Assess: the step was never paused nor moved; the rating stands.
    expect([during.stepDeadline, during.token]).toEqual([atVerify.stepDeadline, atVerify.token]);
    const after = await review(id);
    expect(after).toMatchObject({
      status: 'open',
      step: 'verify',
      stepDeadline: atVerify.stepDeadline,
      token: atVerify.token,
      appeal: { decision: { uphold: false } },
    });
    expect((deps.ratings.ratings.get(id) as StoredRating).voided).toBeUndefined();
    expect([again.status, ruleOf(again)]).toEqual([409, 'one_appeal']);
    await verify(id);
    await waitingAt(id, 'rectify');
    await rectifyAndReply(id);
    await waitingAt(id, 'visit');
    await visit(id, 'satisfied');
    expect(await closedOf(id)).toMatchObject({ closeReason: 'visitAnswered' });
  });
});

describe('extensions (延期)', () => {
  it('an approved extension moves the rectification deadline and re-plans the step with the extra time', async () => {
    // Prepare
    given();
    const id = await namedBadReview();
    await waitingAt(id, 'verify');
    await verify(id);
    const before = await waitingAt(id, 'rectify');
    // Act
    const asked = await requestExtension(deps, principals.staff, id, { days: 3, reason: '需要协调上级部门' });
    const twice = await domainError(() => requestExtension(deps, principals.staff, id, { days: 2, reason: '再申请' }));
    await decideExtension(deps, principals.supervisor, id, { approve: true });
    // Assess
    expect(asked.status).toBe(201);
    expect([twice.status, ruleOf(twice)]).toEqual([409, 'pending_request']);
    expect((await notificationsOf(principals.supervisor)).filter((n) => n.subject === id && n.title === '差评整改延期申请')).toHaveLength(1);
    const extended = await until(id, 'was re-planned', (c) => c.step === 'rectify' && !!c.token && c.token !== before.token);
    expect(extended.stepDeadline).toBe(plus(before.stepDeadline!, 3 * DAY));
    expect(extended.deadlines.rectify).toBe(extended.stepDeadline);
    expect(plans(id, 'rectify').map((p) => p.seconds)).toEqual([LONG * DAY, LONG * DAY + 3 * DAY]);
    expect(extended.extensions).toEqual([expect.objectContaining({ days: 3, decision: expect.objectContaining({ approve: true, days: 3, by: 'sup-city' }) })]);
    await rectifyAndReply(id);
    await waitingAt(id, 'visit');
    await visit(id, 'satisfied');
    expect(await closedOf(id)).toMatchObject({ closeReason: 'visitAnswered' });
  });

  it('a refused extension changes no deadline and keeps the step waiting', async () => {
    // Prepare
    given();
    const id = await namedBadReview();
    await waitingAt(id, 'verify');
    await verify(id);
    const before = await waitingAt(id, 'rectify');
    await requestExtension(deps, principals.staff, id, { days: 3, reason: '需要协调上级部门' });
    // Act
    await decideExtension(deps, principals.supervisor, id, { approve: false, comment: '期限内可完成' });
    // Assess
    const after = await review(id);
    expect(after).toMatchObject({ step: 'rectify', stepDeadline: before.stepDeadline, token: before.token });
    expect(after.extensions[0]!.decision).toMatchObject({ approve: false, days: 0 });
    expect(plans(id, 'rectify')).toHaveLength(1);
    expect((await notificationsOf(principals.staff)).filter((n) => n.subject === id && n.title === '延期申请未批准')).toHaveLength(1);
  });

  it('a request left undecided lapses when rectification ends; approving it then is refused', async () => {
    // Prepare
    given();
    const id = await namedBadReview();
    await waitingAt(id, 'verify');
    await verify(id);
    await waitingAt(id, 'rectify');
    await requestExtension(deps, principals.staff, id, { days: 3, reason: '需要协调上级部门' });
    // Act: the unit finishes rectification before the supervisor decides
    await rectifyAndReply(id);
    const atVisit = await waitingAt(id, 'visit');
    // Assess
    expect(atVisit.extensions[0]!.decision).toMatchObject({ approve: false, days: 0, by: 'system' });
    expect(summaryView(atVisit, deps.clock.now()).pendingExtension).toBe(false);
    const late = await domainError(() => decideExtension(deps, principals.supervisor, id, { approve: true }));
    expect([late.status, ruleOf(late)]).toEqual([409, 'pending_request']);
  });

  it('is refused after the deadline, above the maximum, and outside rectification', async () => {
    // Prepare
    given();
    const id = await namedBadReview();
    await waitingAt(id, 'verify');
    // Act + Assess: during verification
    const atVerify = await domainError(() => requestExtension(deps, principals.staff, id, { days: 3, reason: '太忙' }));
    expect([atVerify.status, ruleOf(atVerify)]).toEqual([409, 'step_not_current']);
    await verify(id);
    const atRectify = await waitingAt(id, 'rectify');
    // above the maximum (15 working days)
    const tooLong = await domainError(() => requestExtension(deps, principals.staff, id, { days: 16, reason: '情况复杂' }));
    expect([tooLong.status, tooLong.issues[0]]).toEqual([400, expect.objectContaining({ field: 'days', rule: 'max_extension' })]);
    // after the deadline
    deps.clock.set(plus(atRectify.stepDeadline!, 1));
    const late = await domainError(() => requestExtension(deps, principals.staff, id, { days: 3, reason: '情况复杂' }));
    expect([late.status, ruleOf(late)]).toEqual([409, 'before_deadline']);
    // nothing was recorded
    const after = await review(id);
    expect([after.extensions, after.version]).toEqual([[], atRectify.version]);
    const noPending = await domainError(() => decideExtension(deps, principals.supervisor, id, { approve: true }));
    expect([noPending.status, ruleOf(noPending)]).toEqual([409, 'pending_request']);
  });
});

describe('the return visit (回访)', () => {
  it('a dissatisfied answer sends the case back for a second round; 满意 then closes it', async () => {
    // Prepare
    given();
    const id = await namedBadReview();
    await waitingAt(id, 'verify');
    await verify(id);
    await waitingAt(id, 'rectify');
    await rectifyAndReply(id, 1);
    await waitingAt(id, 'visit');
    // Act
    await visit(id, 'dissatisfied');
    const round2 = await until(id, 'reopened', (c) => c.round === 2 && c.step === 'rectify' && !!c.token);
    await rectifyAndReply(id, 2);
    await until(id, 'reached the second visit', (c) => c.round === 2 && c.step === 'visit' && !!c.token);
    await visit(id, 'satisfied');
    // Assess
    expect(actions(round2)).toContain('评价人对整改不满意，退回重新整改（第二轮）');
    expect((await notificationsOf(principals.staff)).filter((n) => n.subject === id && n.title === '差评退回重新整改')).toHaveLength(1);
    const closed = await closedOf(id);
    expect(closed).toMatchObject({ closeReason: 'visitAnswered', round: 2 });
    expect(closed.visits.map((v) => [v.round, v.answer])).toEqual([
      [1, 'dissatisfied'],
      [2, 'satisfied'],
    ]);
    expect(closed.rectifications.map((r) => r.round)).toEqual([1, 2]);
  });

  it('closes as visitDissatisfiedFinal when the rater is still dissatisfied after the second round', async () => {
    // Prepare
    given();
    const id = await namedBadReview();
    await waitingAt(id, 'verify');
    await verify(id);
    for (const round of [1, 2]) {
      await until(id, `waited for rectification in round ${round}`, (c) => c.round === round && c.step === 'rectify' && !!c.token);
      await rectifyAndReply(id, round);
      await until(id, `waited for the visit in round ${round}`, (c) => c.round === round && c.step === 'visit' && !!c.token);
      // Act
      await visit(id, 'dissatisfied');
    }
    // Assess
    expect(await closedOf(id)).toMatchObject({ status: 'closed', closeReason: 'visitDissatisfiedFinal', round: 2 });
  });

  it('closes as noAnswer when the rater does not answer in time, without a task order', async () => {
    // Prepare
    given({ visitDays: 1 });
    const id = await namedBadReview();
    await waitingAt(id, 'verify');
    await verify(id);
    await waitingAt(id, 'rectify');
    // Act
    await rectifyAndReply(id);
    // Assess
    const closed = await closedOf(id);
    expect(closed).toMatchObject({ status: 'closed', closeReason: 'noAnswer', taskOrders: [], visits: [] });
    const late = await domainError(() => visit(id, 'satisfied'));
    expect([late.status, ruleOf(late)]).toEqual([409, 'review_open']);
  });
});

describe('an anonymous bad review', () => {
  it('closes after rectification without reply or return visit; a reply is refused', async () => {
    // Prepare
    given();
    const id = await anonymousBadReview();
    await waitingAt(id, 'verify');
    await verify(id, principals.staff, '评价器记录无联系方式，调取窗口录像核实');
    await waitingAt(id, 'rectify');
    // Act
    const refused = await domainError(() => reply(id));
    await rectify(id);
    // Assess
    expect([refused.status, ruleOf(refused)]).toEqual([409, 'anonymous_no_reply']);
    const closed = await closedOf(id);
    expect(closed).toMatchObject({ status: 'closed', closeReason: 'anonymousRectified', replies: [], visits: [] });
    expect(plans(id, 'visit')).toEqual([]);
    expect(deps.inbox.all(id).filter((n) => n.audience.kind === 'citizen')).toEqual([]);
    // The citizen cannot see an anonymous review at all.
    expect((await domainError(() => getBadReview(deps, principals.citizen, id))).status).toBe(404);
  });
});

describe('after a restart (reconciler)', () => {
  it('resumes an open case at its step with only the time it had left, and it closes when the unit acts', async () => {
    // Prepare
    given();
    const id = await namedBadReview();
    await waitingAt(id, 'verify');
    await verify(id);
    const before = await waitingAt(id, 'rectify');
    // Act: the engine restarts 1 000 s later (every execution lost), then the reconciler runs twice.
    h!.restart();
    deps.clock.set(plus(deps.clock.now().toISOString(), 1000));
    const first = await reconcileBadReviews(deps);
    const resumed = await until(id, 'resumed', (c) => c.step === 'rectify' && !!c.token && c.token !== before.token);
    const second = await reconcileBadReviews(deps);
    // Assess
    expect(first).toMatchObject({ resumed: 1, started: 0 });
    expect(second).toMatchObject({ resumed: 0, started: 0 });
    expect(resumed).toMatchObject({ attempt: 2, executionId: expect.stringMatching(new RegExp(`:${id}-2$`)), stepDeadline: before.stepDeadline });
    expect(plans(id, 'rectify').map((p) => p.seconds)).toEqual([LONG * DAY, LONG * DAY - 1000]);
    expect(actions(resumed).filter((a) => a.startsWith('流程自动恢复'))).toEqual(['流程自动恢复（第 2 次执行），从整改反馈环节继续']);
    await rectifyAndReply(id);
    await waitingAt(id, 'visit');
    await visit(id, 'satisfied');
    expect(await closedOf(id)).toMatchObject({ closeReason: 'visitAnswered', attempt: 2 });
  });

  it('honours work recorded while no execution was running', async () => {
    // Prepare
    given();
    const id = await namedBadReview();
    await waitingAt(id, 'verify');
    h!.restart();
    // Act: the unit verifies while the workflow is down, then the reconciler resumes it.
    await verify(id);
    await reconcileBadReviews(deps);
    // Assess: the resumed verification step finishes at once.
    await waitingAt(id, 'rectify');
    expect(h!.calls.filter((c) => c.payload.reviewId === id && c.payload.action === 'issueTaskOrder')).toEqual([]);
  });

  it('honours a return-visit answer given while no execution was running', async () => {
    // Prepare
    given();
    const id = await namedBadReview();
    await waitingAt(id, 'verify');
    await verify(id);
    await waitingAt(id, 'rectify');
    await rectifyAndReply(id);
    const atVisit = await waitingAt(id, 'visit');
    h!.restart();
    // Act: the citizen answers while the workflow is down; the restart comes 1 s before the visit deadline.
    await visit(id, 'satisfied');
    deps.clock.set(plus(atVisit.stepDeadline!, -1));
    await reconcileBadReviews(deps);
    // Assess: the answer counts; the case is not closed as unanswered.
    expect(await closedOf(id)).toMatchObject({ closeReason: 'visitAnswered' });
  });

  it('honours an appeal upheld while no execution was running', async () => {
    // Prepare
    given();
    const id = await namedBadReview();
    const atVerify = await waitingAt(id, 'verify');
    await fileAppeal(deps, principals.staff, id, { reason: '误评' });
    h!.restart();
    // Act
    await decideAppeal(deps, principals.supervisor, id, { approve: true });
    deps.clock.set(plus(atVerify.stepDeadline!, -1));
    await reconcileBadReviews(deps);
    // Assess: the case closes as voided; no task order is issued for a voided rating.
    expect(await closedOf(id)).toMatchObject({ status: 'voided', closeReason: 'voided', taskOrders: [] });
  });

  it('starts again a review whose first execution failed before its first step', async () => {
    // Prepare: the dispatch write fails once (e.g. throttling), the execution alerts operators and fails.
    given();
    let failures = 0;
    deps.badReviews.failSave = (next) => {
      if (next.status !== 'open' || failures > 0) return undefined;
      failures++;
      return Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), { name: 'ProvisionedThroughputExceededException' });
    };
    const id = await namedBadReview();
    await until(id, 'had its execution fail', (c) => !!c.executionId);
    const executionId = (await review(id)).executionId!;
    expect((await deps.workflow.whenSettled(executionId)).status).toBe('FAILED');
    expect(await review(id)).toMatchObject({ status: 'pending' });
    expect(deps.inbox.all(id).filter((n) => n.kind === 'alert')).toHaveLength(1);
    // Act: two minutes later the reconciler runs.
    deps.clock.set(plus(deps.clock.now().toISOString(), 120));
    const result = await reconcileBadReviews(deps);
    // Assess
    expect(result.started + result.resumed).toBe(1);
    const running = await waitingAt(id, 'verify');
    expect(running.executionId).not.toBe(executionId);
  });
});

describe('reminders (提醒)', () => {
  it('reminds the unit once at 50% and once at 80% of a step', async () => {
    // Prepare
    given();
    const id = await namedBadReview();
    const atVerify = await waitingAt(id, 'verify');
    const start = Date.parse(atVerify.stepStartedAt!);
    const span = Date.parse(atVerify.stepDeadline!) - start;
    const at = (fraction: number) => deps.clock.set(new Date(start + span * fraction).toISOString());
    // Act
    at(0.3);
    const early = await sendReminders(deps);
    at(0.5);
    const half = [await sendReminders(deps), await sendReminders(deps)];
    at(0.8);
    const most = [await sendReminders(deps), await sendReminders(deps)];
    at(0.95);
    const late = await sendReminders(deps);
    // Assess
    expect([early, ...half, ...most, late].map((r) => r.sent)).toEqual([0, 1, 0, 1, 0, 0]);
    const reminders = (await notificationsOf(principals.staff)).filter((n) => n.subject === id && n.kind === 'reminder');
    expect(reminders).toHaveLength(2);
    const after = await review(id);
    expect(after.remindersSent).toEqual([0.5, 0.8]);
    expect(actions(after).filter((a) => a.includes('已提醒单位'))).toEqual(['核实环节已用时 50%，已提醒单位', '核实环节已用时 80%，已提醒单位']);
  });
});

describe('manual task orders', () => {
  it('a supervisor issues one by hand; the leader is told, signs for it and completes it', async () => {
    // Prepare
    given();
    const id = await namedBadReview();
    await waitingAt(id, 'verify');
    // Act
    const issued = await issueManualTaskOrder(deps, principals.supervisor, id, { content: '请于3日内完成核实并报送', days: 3 });
    const acked = await acknowledgeTaskOrder(deps, principals.leader, id, 1);
    const done = await completeTaskOrder(deps, principals.leader, id, 1, { note: '已安排专人办理' });
    const retried = await completeTaskOrder(deps, principals.leader, id, 1, { note: '已安排专人办理' });
    // Assess
    expect(issued.status).toBe(201);
    expect(body(issued).taskOrder).toMatchObject({
      n: 1,
      kind: 'manual',
      issuedBy: 'sup-city',
      deadline: plus(deps.clock.now().toISOString(), 3 * DAY),
      status: 'issued',
    });
    expect((await notificationsOf(principals.leader)).filter((n) => n.id === `${id}:taskOrder:manual-1`)).toHaveLength(1);
    expect(body(acked).taskOrder.status).toBe('acknowledged');
    expect(body(done).taskOrder).toMatchObject({ status: 'completed', note: '已安排专人办理' });
    expect(body(retried).taskOrder).toEqual(body(done).taskOrder);
    expect(actions(await review(id)).filter((a) => a.includes('任务交办单'))).toEqual(['下发任务交办单 #1', '签收任务交办单 #1', '办结任务交办单 #1']);
    // Only supervisors of the region issue them.
    expect((await domainError(() => issueManualTaskOrder(deps, principals.staff, id, { content: 'x', days: 1 }))).status).toBe(403);
    expect((await domainError(() => issueManualTaskOrder(deps, principals.countySupervisor, id, { content: 'x', days: 1 }))).status).toBe(404);
    expect((await domainError(() => acknowledgeTaskOrder(deps, principals.leader, id, 9))).status).toBe(404);
  });
});

describe('stale actions and retries', () => {
  it('refuses a rectification while the case is at verification and changes nothing', async () => {
    // Prepare
    given();
    const id = await namedBadReview();
    const atVerify = await waitingAt(id, 'verify');
    // Act
    const e = await domainError(() => rectify(id));
    const r = await domainError(() => reply(id));
    const v = await domainError(() => visit(id, 'satisfied'));
    // Assess
    expect([e.status, ruleOf(e)]).toEqual([409, 'step_not_current']);
    expect([r.status, ruleOf(r)]).toEqual([409, 'step_not_current']);
    expect(v.status).toBe(409);
    expect(await review(id)).toEqual(atVerify);
  });

  it('treats the same verification sent twice as one, and refuses a different second one', async () => {
    // Prepare
    given();
    const id = await namedBadReview();
    await waitingAt(id, 'verify');
    // Act
    const first = await verify(id, principals.staff, '已联系');
    const retry = await verify(id, principals.staff, '已联系');
    const atRectify = await waitingAt(id, 'rectify');
    const lateRetry = await verify(id, principals.staff, '已联系');
    const other = await domainError(() => verify(id, principals.staff, '改口：未联系上'));
    // Assess
    expect([body(first).replayed, body(retry).replayed, body(lateRetry).replayed]).toEqual([false, true, true]);
    expect(actions(await review(id)).filter((a) => a === '记录核实情况')).toHaveLength(1);
    expect(other.status).toBe(409);
    expect(await review(id)).toEqual(atRectify);
    expect((await review(id)).verification?.facts).toBe('已联系');
  });

  it('refuses a different second verification even before the workflow has moved on', async () => {
    // Prepare: the workflow is down, so the case stays at verification after the first one.
    given();
    const id = await namedBadReview();
    await waitingAt(id, 'verify');
    h!.restart();
    await verify(id, principals.staff, '已联系');
    const recorded = await review(id);
    // Act
    const other = await domainError(() => verify(id, principals.staff, '改口：未联系上'));
    // Assess
    expect(other.status).toBe(409);
    expect(await review(id)).toEqual(recorded);
  });

  it('treats the same rectification, reply and visit answer sent twice as one', async () => {
    // Prepare
    given();
    const id = await namedBadReview();
    await waitingAt(id, 'verify');
    await verify(id);
    await waitingAt(id, 'rectify');
    // Act
    await rectify(id, '措施');
    const rectifyAgain = await rectify(id, '措施');
    const otherMeasures = await domainError(() => rectify(id, '另一套措施'));
    await reply(id, '答复');
    const replyAgain = await reply(id, '答复');
    await waitingAt(id, 'visit');
    await visit(id, 'satisfied');
    const visitAgain = await visit(id, 'satisfied');
    // Assess
    expect([body(rectifyAgain).replayed, body(replyAgain).replayed, body(visitAgain).replayed]).toEqual([true, true, true]);
    expect([otherMeasures.status, ruleOf(otherMeasures)]).toEqual([409, 'already_recorded']);
    const closed = await closedOf(id);
    expect([closed.rectifications.length, closed.replies.length, closed.visits.length]).toEqual([1, 1, 1]);
    expect(closed.closeReason).toBe('visitAnswered');
  });

  it('refuses evidence whose bytes are not of the declared type', async () => {
    // Prepare
    given();
    const id = await namedBadReview();
    await waitingAt(id, 'verify');
    // Act
    const e = await domainError(() =>
      uploadEvidence(deps, principals.staff, id, { fileName: 'x.png', contentType: 'image/png', data: Buffer.from('%PDF-1.4').toString('base64') }),
    );
    const unknown = await domainError(() => rectify(id, '措施', ['00000000-0000-4000-8000-000000000000']));
    // Assess
    expect([e.status, e.issues[0]]).toEqual([400, expect.objectContaining({ field: 'data', rule: 'content_matches_type' })]);
    expect(deps.files.objects.size).toBe(0);
    expect(unknown.status).toBe(409); // at verification: the step check comes first
  });
});

describe('access', () => {
  it('hides a review from another unit and another region, and lets only the right roles act', async () => {
    // Prepare
    given();
    const id = await namedBadReview();
    const atVerify = await waitingAt(id, 'verify');
    await fileAppeal(deps, principals.staff, id, { reason: '误评' });
    const withAppeal = await review(id);
    // Act + Assess: another unit's staff sees nothing
    expect((await domainError(() => verify(id, principals.countyStaff))).status).toBe(404);
    expect((await domainError(() => getBadReview(deps, principals.countyStaff, id))).status).toBe(404);
    expect(body(await listBadReviews(deps, principals.countyStaff, { filter: 'all' })).items).toEqual([]);
    // a county supervisor cannot decide a city case
    expect((await domainError(() => decideAppeal(deps, principals.countySupervisor, id, { approve: true }))).status).toBe(404);
    expect((await domainError(() => recordEscalationOutcome(deps, principals.countySupervisor, id, 1, { kind: 'none', note: 'x' }))).status).toBe(404);
    // wrong roles
    expect((await domainError(() => verify(id, principals.citizen))).status).toBe(403);
    expect((await domainError(() => decideAppeal(deps, principals.staff, id, { approve: true }))).status).toBe(403);
    expect((await domainError(() => answerVisit(deps, principals.staff, id, { answer: 'satisfied' }))).status).toBe(403);
    // another citizen sees nothing
    expect((await domainError(() => getBadReview(deps, principals.otherCitizen, id))).status).toBe(404);
    expect(body(await listBadReviews(deps, principals.otherCitizen, {})).items).toEqual([]);
    // nothing changed, the appeal is still pending; the rater and the city supervisor do see it
    expect(await review(id)).toEqual(withAppeal);
    expect(withAppeal.token).toBe(atVerify.token);
    expect(body(await getBadReview(deps, principals.citizen, id)).reviewId).toBe(id);
    expect(body(await getBadReview(deps, principals.supervisor, id)).pendingAppeal).toBe(true);
  });
});

describe('calendar changes (工作日历调整)', () => {
  /** Real working days (no demo clock): verification 3, rectification 5 working days; the clock reads Mon 2026-11-02 10:00. */
  const realDays = () => given({ verifyDays: 3, rectifyDays: 5 }, { demoWorkdaySeconds: 0 });
  const END = (date: string) => `${date}T15:59:59.999Z`;

  it('re-plans a waiting step (and an open task order) when a day of its span becomes a holiday, and back when the override goes', async () => {
    // Prepare
    realDays();
    const id = await namedBadReview();
    const before = await waitingAt(id, 'verify');
    await issueManualTaskOrder(deps, principals.supervisor, id, { content: '请于3日内完成核实并报送', days: 3 });
    // Act: Wed 2026-11-04 becomes a holiday
    const put = body(await putOverride(deps, { date: '2026-11-04', kind: 'holiday', name: '测试' }));
    const moved = await until(id, 'was re-planned', (c) => c.step === 'verify' && !!c.token && c.token !== before.token);
    // Assess: same execution, the step planned again from the new deadline
    expect(before.stepDeadline).toBe(END('2026-11-05'));
    expect(put.replanned).toEqual({ reviews: 1, complaints: 0, cases: 0 });
    expect(moved).toMatchObject({
      stepDeadline: END('2026-11-06'),
      deadlines: { verify: END('2026-11-06') },
      attempt: before.attempt,
      executionId: before.executionId,
    });
    expect(moved.taskOrders.map((t) => t.deadline)).toEqual([END('2026-11-06')]);
    expect(plans(id, 'verify').map((p) => p.deadline)).toEqual([END('2026-11-05'), END('2026-11-06')]);
    expect(actions(moved)).toContain('工作日历调整，核实环节期限重新计算');

    // Act: the override is removed again
    await deleteOverride(deps, '2026-11-04');
    const back = await until(id, 'was re-planned back', (c) => !!c.token && c.token !== moved.token);
    // Assess
    expect([back.stepDeadline, back.taskOrders[0]!.deadline]).toEqual([END('2026-11-05'), END('2026-11-05')]);
    // The workflow carries on as usual.
    await verify(id);
    expect(await waitingAt(id, 'rectify')).toMatchObject({ stepDeadline: END('2026-11-09') });
  });

  it("resumes at once, through the reconciler's resume, a review whose execution is gone", async () => {
    // Prepare
    realDays();
    const id = await namedBadReview();
    const before = await waitingAt(id, 'verify');
    h!.restart();
    // Act
    await putOverride(deps, { date: '2026-11-04', kind: 'holiday', name: '测试' });
    const resumed = await until(id, 'was resumed', (c) => c.step === 'verify' && !!c.token && c.token !== before.token);
    // Assess
    expect(resumed).toMatchObject({ attempt: 2, executionId: expect.stringMatching(new RegExp(`:${id}-2$`)), stepDeadline: END('2026-11-06') });
    expect(plans(id, 'verify').at(-1)?.deadline).toBe(END('2026-11-06'));
    expect(actions(resumed).filter((a) => a.startsWith('流程自动恢复'))).toEqual(['流程自动恢复（第 2 次执行），从核实环节继续']);
    expect(await reconcileBadReviews(deps)).toMatchObject({ resumed: 0, started: 0 });
  });

  it('re-plans the return visit too, and the case still closes when the rater answers', async () => {
    // Prepare: at the return visit (5 working days from Mon 2026-11-02: Mon 11-09)
    given({ verifyDays: 3, rectifyDays: 5, visitDays: 5 }, { demoWorkdaySeconds: 0 });
    const id = await namedBadReview();
    await waitingAt(id, 'verify');
    await verify(id);
    await waitingAt(id, 'rectify');
    await rectifyAndReply(id);
    const before = await waitingAt(id, 'visit');
    // Act
    await putOverride(deps, { date: '2026-11-04', kind: 'holiday', name: '测试' });
    const moved = await until(id, 'was re-planned', (c) => c.step === 'visit' && !!c.token && c.token !== before.token);
    await visit(id, 'satisfied');
    // Assess
    expect([before.stepDeadline, moved.stepDeadline]).toEqual([END('2026-11-09'), END('2026-11-10')]);
    expect(await closedOf(id)).toMatchObject({ status: 'closed', closeReason: 'visitAnswered', attempt: 1 });
    expect(h!.calls.filter((c) => c.payload.action === 'alert')).toEqual([]);
  });

  it('leaves a deadline before the changed day alone', async () => {
    // Prepare
    realDays();
    const id = await namedBadReview();
    const before = await waitingAt(id, 'verify');
    // Act: a holiday after the deadline (Mon 2026-11-09)
    const put = body(await putOverride(deps, { date: '2026-11-09', kind: 'holiday', name: '测试' }));
    // Assess
    expect(put.replanned).toEqual({ reviews: 0, complaints: 0, cases: 0 });
    expect(await review(id)).toEqual(before);
  });

  it('marks a deadline that crosses a year without holiday data provisional in the inbox and the detail; loading that year re-plans it', async () => {
    // Prepare: Wed 2026-12-30: 3 working days count Fri 2027-01-01 (2027 has no data) and end Mon 2027-01-04
    realDays();
    deps.clock.set('2026-12-30T02:00:00.000Z');
    const id = await namedBadReview();
    const before = await waitingAt(id, 'verify');
    const inboxItem = async () => (body(await listBadReviews(deps, principals.staff, {})).items as Record<string, unknown>[]).find((i) => i.reviewId === id);
    // Act
    const provisional = await inboxItem();
    const detail = body(await getBadReview(deps, principals.staff, id));
    const loaded = body(await loadCalendarYear(deps, 2027, [{ date: '2027-01-01', kind: 'holiday', name: '元旦' }]));
    const after = await until(id, 'was re-planned', (c) => !!c.token && c.token !== before.token);
    const final = await inboxItem();
    // Assess
    expect(before.stepDeadline).toBe(END('2027-01-04'));
    expect(provisional).toMatchObject({ deadline: END('2027-01-04'), deadlineProvisional: true, deadlineProvisionalReason: expect.stringContaining('2027年') });
    expect(detail).toMatchObject({ deadline: END('2027-01-04'), deadlineProvisional: true, deadlineProvisionalReason: expect.stringContaining('2027年') });
    expect(loaded.replanned).toEqual({ reviews: 1, complaints: 0, cases: 0 });
    expect(after.stepDeadline).toBe(END('2027-01-05'));
    expect(final).toMatchObject({ deadline: END('2027-01-05'), deadlineProvisional: false });
    expect(final).not.toHaveProperty('deadlineProvisionalReason');
  });
});

describe('the bi-weekly notice list (双周通报)', () => {
  it('answers for the period that contains any date asked, with its first and last day', async () => {
    // Prepare: an escalation lists the unit in the period of 2026-11-02 (2026-10-26 … 2026-11-08)
    given({ verifyDays: 1, taskOrderDays: 1 });
    const id = await namedBadReview();
    await waitingAt(id, 'escalated', 'verify');
    // Act
    const replies = await Promise.all(['2026-10-26', '2026-11-02', '2026-11-08'].map(async (d) => body(await listNotices(deps, principals.supervisor, d))));
    const next = body(await listNotices(deps, principals.supervisor, '2026-11-09'));
    // Assess
    for (const r of replies) {
      expect(r).toMatchObject({ period: '2026-10-26', periodStart: '2026-10-26', periodEnd: '2026-11-08' });
      expect(r.items).toEqual([expect.objectContaining({ reviewId: id, escalation: 1 })]);
    }
    expect(next).toMatchObject({ period: '2026-11-09', periodEnd: '2026-11-22', items: [] });
  });
});

describe('lists that page by key (no filtering after paging)', () => {
  it('fills each page of the overdue list and continues exactly where it stopped', async () => {
    // Prepare: five reviews miss verification; the unit then verifies two of them (back on schedule)
    given({ verifyDays: 1 });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await namedBadReview());
    for (const id of ids) await waitingAt(id, 'taskOrder', 'verify');
    for (const id of [ids[1]!, ids[3]!]) {
      await verify(id);
      await waitingAt(id, 'rectify');
    }
    const overdue = [ids[0]!, ids[2]!, ids[4]!].sort();
    // Act: pages of 2, as the unit and as the city supervisor
    const pages = async (p: Principal) => {
      const out: string[][] = [];
      let cursor: string | undefined;
      do {
        const page = body(await listBadReviews(deps, p, { filter: 'overdue', limit: 2, cursor }));
        out.push(page.items.map((s: { reviewId: string }) => s.reviewId));
        cursor = page.next;
      } while (cursor);
      return out;
    };
    const unit = await pages(principals.staff);
    const city = await pages(principals.supervisor);
    // Assess: full pages until the last, every overdue review once; the county reads none
    expect(unit.map((p) => p.length)).toEqual([2, 1]);
    expect(unit.flat().sort()).toEqual(overdue);
    expect(city.map((p) => p.length)).toEqual([2, 1]);
    expect(city.flat().sort()).toEqual(overdue);
    expect(body(await listBadReviews(deps, principals.countySupervisor, { filter: 'overdue' })).items).toEqual([]);
  });
});

describe('a citizen’s own list', () => {
  it('pages through every bad review of theirs with a cursor, not only the first 100 ratings', async () => {
    // Prepare: three named bad reviews of the citizen
    given();
    const ids = [await namedBadReview(), await namedBadReview(), await namedBadReview()];
    // Act
    const first = body(await listBadReviews(deps, principals.citizen, { limit: 2, filter: 'all' }));
    const second = body(await listBadReviews(deps, principals.citizen, { limit: 2, filter: 'all', cursor: first.next }));
    // Assess
    expect(first.items).toHaveLength(2);
    expect(first.next).toEqual(expect.any(String));
    expect([...first.items, ...second.items].map((r: { reviewId: string }) => r.reviewId).sort()).toEqual([...ids].sort());
    expect(second.next).toBeUndefined();
  });
});

describe('what waits for the supervisor’s decision', () => {
  it('lists open appeals and extension requests of the region until decided, and nothing for the county', async () => {
    // Prepare
    given();
    const appealed = await namedBadReview();
    const extending = await namedBadReview();
    const untouched = await namedBadReview();
    await waitingAt(appealed, 'verify');
    await waitingAt(untouched, 'verify');
    await waitingAt(extending, 'verify');
    await verify(extending);
    await waitingAt(extending, 'rectify');
    const ids = async (p: Principal, filter: 'appeal' | 'extension') =>
      (body(await listBadReviews(deps, p, { filter })).items as { reviewId: string }[]).map((s) => s.reviewId);
    // Act
    await fileAppeal(deps, principals.staff, appealed, { category: 'mistaken', reason: '评价人误评了其他单位', attachments: [] });
    await requestExtension(deps, principals.staff, extending, { days: 3, reason: '需要协调上级部门' });
    const before = { appeal: await ids(principals.supervisor, 'appeal'), extension: await ids(principals.supervisor, 'extension') };
    const county = { appeal: await ids(principals.countySupervisor, 'appeal'), extension: await ids(principals.countySupervisor, 'extension') };
    await decideAppeal(deps, principals.supervisor, appealed, { approve: false, comment: '评价属实' });
    await decideExtension(deps, principals.supervisor, extending, { approve: true });
    // Assess
    expect(before).toEqual({ appeal: [appealed], extension: [extending] });
    expect(county).toEqual({ appeal: [], extension: [] });
    expect({ appeal: await ids(principals.supervisor, 'appeal'), extension: await ids(principals.supervisor, 'extension') }).toEqual({
      appeal: [],
      extension: [],
    });
  });
});
