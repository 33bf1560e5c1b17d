/**
 * Consultations and complaints (咨询投诉) end to end in process: every path of the REAL
 * definition (workflows/complaint.asl.json) on the LocalWorkflowEngine with the REAL task
 * function, driven through the API use cases as the person, the unit, the supervisor and
 * the national platform's connector would, over in-memory fakes.
 *
 * Time: the demo clock makes one working day last one clock-second and the engine's
 * timeScale turns a planned second into 20 ms. A step a test wants missed is configured at
 * 1 working day; every other at LONG (never reached). The clock stands still, so deadlines
 * are exact. Tests wait for states of the store, never for time.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countTransitions } from '../../functions/adapters/local/local-workflow.js';
import type { Principal } from '../../functions/core/access.js';
import {
  type Complaint,
  type ComplaintConfig,
  ComplaintInput,
  DEFAULT_COMPLAINT_CONFIG,
  type Step,
  TransferInput,
} from '../../functions/core/complaints/complaint.js';
import { WorkingCalendar } from '../../functions/core/calendar.js';
import type { DomainError } from '../../functions/core/errors.js';
import { parseOrThrow } from '../../functions/core/validation.js';
import { isOpen, noticePeriod } from '../../functions/supervision/model.js';
import { ReviewBody } from '../../functions/usecases/complaint-bodies.js';
import { reconcileComplaints, replanOpenComplaints } from '../../functions/usecases/complaint-workflow.js';
import * as uc from '../../functions/usecases/complaints.js';
import { invalidateCalendar } from '../../functions/usecases/calendar.js';
import { CITY_ITEM, CITY_UNIT, COUNTY_UNIT, domainError, principals } from '../fakes.js';
import { type ComplaintFakeDeps, type ComplaintHarness, makeComplaintDeps } from '../fakes-complaint-harness.js';

const LONG = 100_000;
const ALL_LONG: ComplaintConfig = {
  ...DEFAULT_COMPLAINT_CONFIG,
  dueDays: { consultation: LONG, help: LONG, complaint: LONG, suggestion: LONG },
  assignDays: LONG,
  acceptDays: LONG,
  reviewDays: LONG,
  visitDays: LONG,
  reopenDays: LONG,
  taskOrderDays: LONG,
  escalatedDays: LONG,
};
const CONNECTOR: Principal = { sub: 'national-connector', role: 'client', platform: 'national' };
const CALLER = { name: '王小明', phone: '13700001111' };

let h: ComplaintHarness | undefined;
let deps: ComplaintFakeDeps;
beforeEach(() => invalidateCalendar());
afterEach(() => {
  h?.stop();
  h = undefined;
});

function given(config: Partial<ComplaintConfig> = {}) {
  h = makeComplaintDeps({ config: { ...ALL_LONG, ...config }, demoWorkdaySeconds: 1, timeScale: 0.02 });
  deps = h.deps;
  return h;
}

let seq = 0;
const input = (o: Partial<ComplaintInput> = {}) =>
  parseOrThrow(ComplaintInput, {
    kind: 'complaint',
    title: '企业设立登记窗口多次要求补交材料',
    content: '我在市政务服务中心办理企业设立登记，窗口工作人员三次要求补交不同的材料，每次都没有一次性告知，耽误了半个月。',
    unitId: CITY_UNIT.unitId,
    itemCode: CITY_ITEM.itemCode,
    contact: CALLER,
    idempotencyKey: `key-${++seq}-abcdefgh`,
    ...o,
  });

const GOOD_ANSWER =
  '经核查，您反映的企业设立登记窗口多次要求补交材料、未一次性告知的问题属实。我局已对窗口工作人员进行约谈和业务培训，并于12月5日前在窗口公示企业设立登记材料清单，实行一次性告知制度。感谢您的监督。';

async function submit(o: Partial<ComplaintInput> = {}, as: Principal | undefined = principals.citizen) {
  const r = await uc.submitComplaint(deps, as, input(o));
  return r.complaint.complaintId;
}
const get = async (id: string) => (await deps.complaints.get(id))!;

async function until(id: string, what: string, ok: (c: Complaint) => boolean, ms = 5000): Promise<Complaint> {
  const end = Date.now() + ms;
  for (;;) {
    const c = await deps.complaints.get(id);
    if (c && ok(c)) return c;
    if (Date.now() > end)
      throw new Error(`complaint ${id} never ${what}; at ${c?.step}/${c?.status}; timeline: ${c?.timeline.map((t) => t.action).join(' | ')}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}
const waitingAt = (id: string, step: Step) => until(id, `waited at ${step}`, (c) => isOpen(c) && c.step === step && !!c.token);
const closedOf = (id: string) => until(id, 'closed', (c) => !isOpen(c));
const ruleOf = (e: DomainError) => e.issues[0]?.rule;
/** Task-function actions of one complaint, as `action:step` labels. */
const taskActions = (id: string) =>
  h!.calls.filter((c) => c.payload.complaintId === id).map((c) => [c.payload.action, c.payload.step ?? c.payload.reason].filter(Boolean).join(':'));

async function acceptAndAnswer(id: string, text = GOOD_ANSWER) {
  await waitingAt(id, 'accept');
  await uc.acceptComplaint(deps, principals.staff, id);
  await waitingAt(id, 'handle');
  return uc.submitAnswer(deps, principals.staff, id, { text });
}

describe('a complaint handled on time', () => {
  it('goes accept → handle → review → release → visit 满意 and closes answered, on time, in a counted number of transitions', async () => {
    given();
    const id = await submit();
    const checked = await acceptAndAnswer(id);
    expect(checked.check.findings).toEqual([]);
    await waitingAt(id, 'review');
    await uc.reviewAnswer(deps, principals.supervisor, id, { approve: true });
    await waitingAt(id, 'visit');
    const mid = await get(id);
    expect(mid).toMatchObject({ answeredOnTime: true, round: 1 });
    expect((await uc.getComplaint(deps, principals.citizen, id)) as { stage: string; answer?: { text: string } }).toMatchObject({
      stage: '已答复，待您评价',
      answer: { text: GOOD_ANSWER },
    });
    await uc.giveFeedback(deps, principals.citizen, id, { answer: 'satisfied' });
    const done = await closedOf(id);
    expect(done).toMatchObject({ status: 'closed', closeReason: 'answered' });
    expect(taskActions(id)).toEqual([
      'dispatch',
      'planStep:accept',
      'openStep:accept',
      'planStep:handle',
      'openStep:handle',
      'planStep:review',
      'openStep:review',
      'release',
      'planStep:visit',
      'openStep:visit',
      'close:answered',
    ]);
    const history = await deps.complaintWorkflow.history(done.executionId!);
    expect(countTransitions(history)).toBe(ON_TIME_TRANSITIONS);
  });

  it('a consultation skips the answer review (the policy) and an anonymous one closes when answered, followed by tracking code', async () => {
    given();
    const r = await uc.submitComplaint(
      deps,
      undefined,
      input({ kind: 'consultation', title: '企业设立登记需要哪些材料', anonymous: true, contact: undefined }),
    );
    expect(r.trackingCode).toMatch(/^ZX[0-9A-Z]{12}-[0-9A-Z]{8}$/);
    const id = r.complaint.complaintId;
    await acceptAndAnswer(
      id,
      '企业设立登记需要提交：设立登记申请书、公司章程、股东主体资格证明、法定代表人任职文件和住所使用证明，可在市政务服务中心3号窗口或网上办理，咨询电话0375-1234567。',
    );
    const done = await closedOf(id);
    expect(done.closeReason).toBe('anonymousAnswered');
    expect(taskActions(id)).not.toContain('planStep:review');
    const seen = await uc.trackComplaint(deps, r.trackingCode!);
    expect(seen).toMatchObject({ stage: '已办结', unitName: CITY_UNIT.name, kindName: '咨询' });
    expect(JSON.stringify(seen)).not.toMatch(/token|timeline|staff-1/);
    expect(ruleOf(await domainError(() => uc.trackComplaint(deps, `${id}-AAAAAAAA`)))).toBeUndefined();
    expect((await domainError(() => uc.trackComplaint(deps, `${id}-AAAAAAAA`))).code).toBe('NOT_FOUND');
  });
});

describe('the answer review sends a draft back', () => {
  it('takes several rounds: sent back with comments, the unit revises, then approved; the findings go with each draft', async () => {
    given();
    const id = await submit();
    const first = await acceptAndAnswer(id, '您好，您的来信已收悉，我们正在处理中，感谢您的理解和支持。');
    expect(first.check.findings.map((f) => f.code)).toEqual(expect.arrayContaining(['evasive', 'no_concrete_measure']));
    await waitingAt(id, 'review');
    expect(ruleOf(await domainError(async () => parseOrThrow(ReviewBody, { approve: false })))).toBe('required');
    await uc.reviewAnswer(deps, principals.supervisor, id, { approve: false, comment: '答复未说明核查结果和整改措施，请补充' });
    await waitingAt(id, 'handle');
    await uc.submitAnswer(deps, principals.staff, id, { text: GOOD_ANSWER });
    await waitingAt(id, 'review');
    await uc.reviewAnswer(deps, principals.supervisor, id, { approve: true });
    await waitingAt(id, 'visit');
    const c = await get(id);
    expect(c.answers.map((a) => [a.n, a.status, a.findings.length > 0])).toEqual([
      [1, 'sentBack', true],
      [2, 'approved', false],
    ]);
    expect(taskActions(id).filter((a) => a.startsWith('planStep'))).toEqual([
      'planStep:accept',
      'planStep:handle',
      'planStep:review',
      'planStep:handle',
      'planStep:review',
      'planStep:visit',
    ]);
    // The second handling keeps the due date (承诺时限) of the first.
    const handles = h!.calls.filter((x) => x.payload.action === 'planStep' && x.payload.step === 'handle').map((x) => x.result.deadline);
    expect(new Set(handles).size).toBe(1);
  });
});

describe('assignment', () => {
  it('a unit returns a wrong assignment within its day; the supervisor re-assigns; the new unit accepts', async () => {
    given();
    const id = await submit({ unitId: COUNTY_UNIT.unitId, itemCode: undefined });
    await waitingAt(id, 'accept');
    await uc.returnComplaint(deps, { sub: 's', role: 'staff', unitId: COUNTY_UNIT.unitId }, id, { reason: '该事项属市市场监督管理局职责' });
    await waitingAt(id, 'assign');
    expect((await get(id)).unitId).toBe('');
    // The county unit no longer sees it; the city supervisor must pick a unit of their region.
    expect((await domainError(() => uc.getComplaint(deps, { sub: 's', role: 'staff', unitId: COUNTY_UNIT.unitId }, id))).code).toBe('NOT_FOUND');
    await uc.assignComplaint(deps, principals.supervisor, id, { unitId: CITY_UNIT.unitId });
    await acceptAndAnswer(id);
    await waitingAt(id, 'review');
    const c = await get(id);
    expect(c.assignments.map((a) => [a.unitId, !!a.returned, !!a.acceptedAt])).toEqual([
      [COUNTY_UNIT.unitId, true, false],
      [CITY_UNIT.unitId, false, true],
    ]);
    expect(deps.notifier.all(id).map((n) => n.title)).toEqual(expect.arrayContaining(['诉求被退回，待重新派单', '收到派单的投诉']));
  });

  it('with no unit named a supervisor assigns; a late assignment nudges the supervisors; silence at acceptance is acceptance', async () => {
    given({ assignDays: 1, acceptDays: 1 });
    const id = await submit({ unitId: undefined, itemCode: undefined, regionCode: '410400' });
    await until(id, 'nudged', (c) => c.nudges >= 1);
    await waitingAt(id, 'assign');
    expect(deps.notifier.all(id).some((n) => n.title === '咨询投诉派单超时' && n.audience.kind === 'supervisors')).toBe(true);
    await uc.assignComplaint(deps, principals.supervisor, id, { unitId: CITY_UNIT.unitId });
    // Nobody signs: after its day the unit is handling it.
    await waitingAt(id, 'handle');
    expect(ruleOf(await domainError(() => uc.returnComplaint(deps, principals.staff, id, { reason: '不属于本单位职责' })))).toBe('return_window');
    expect(ruleOf(await domainError(() => uc.assignComplaint(deps, principals.countySupervisor, id, { unitId: COUNTY_UNIT.unitId })))).toBeUndefined();
  });
});

describe('extension', () => {
  it('asked before the due date and approved, the due date moves and the unit keeps handling', async () => {
    given();
    const id = await submit();
    await waitingAt(id, 'accept');
    await uc.acceptComplaint(deps, principals.staff, id);
    const before = await waitingAt(id, 'handle');
    await uc.requestComplaintExtension(deps, principals.staff, id, { days: 5, reason: '需现场核查' });
    await uc.decideComplaintExtension(deps, principals.supervisor, id, { approve: true });
    const after = await until(id, 'extended', (c) => c.stepDeadline !== before.stepDeadline && !!c.token);
    expect(Date.parse(after.stepDeadline!) - Date.parse(before.stepDeadline!)).toBe(5000);
    expect((await uc.getComplaint(deps, principals.staff, id)) as { dueAt: string }).toMatchObject({ dueAt: after.stepDeadline });
  });
});

describe('overdue', () => {
  it('a missed due date issues a task order, a missed task order escalates and lists the unit; answering then goes on to review', async () => {
    given({ dueDays: { ...ALL_LONG.dueDays, complaint: 1 }, taskOrderDays: 1 });
    const id = await submit();
    await waitingAt(id, 'accept');
    await uc.acceptComplaint(deps, principals.staff, id);
    const escalated = await until(id, 'escalated', (c) => c.step === 'escalated' && !!c.token);
    expect(escalated.taskOrders).toMatchObject([{ n: 1, kind: 'auto', overdueStep: 'handle', status: 'overdue' }]);
    expect(escalated.escalations).toMatchObject([{ n: 1, overdueStep: 'handle', proposal: '约谈' }]);
    const notices = await uc.listComplaintNotices(deps, principals.supervisor, noticePeriod('2026-11-02'));
    expect(notices.items).toMatchObject([{ unitId: CITY_UNIT.unitId, caseId: id, escalation: 1 }]);
    expect((await uc.listComplaints(deps, principals.supervisor, { filter: 'escalated' })).items.map((c) => c.complaintId)).toEqual([id]);
    // The unit answers a working day after its due date.
    deps.clock.set(new Date(Date.parse(escalated.dueAt!) + 1000).toISOString());
    await uc.submitAnswer(deps, principals.staff, id, { text: GOOD_ANSWER });
    await waitingAt(id, 'review');
    await uc.reviewAnswer(deps, principals.supervisor, id, { approve: true });
    const c = await waitingAt(id, 'visit');
    expect(c.answeredOnTime).toBe(false);
    const history = await deps.complaintWorkflow.history(c.executionId!);
    expect(countTransitions(history)).toBe(ESCALATED_TRANSITIONS);
  });
});

describe('return visit', () => {
  it('dissatisfied for the unit’s own reasons reopens once; dissatisfied again closes', async () => {
    given();
    const id = await submit();
    await acceptAndAnswer(id);
    await waitingAt(id, 'review');
    await uc.reviewAnswer(deps, principals.supervisor, id, { approve: true });
    await waitingAt(id, 'visit');
    await uc.giveFeedback(deps, principals.citizen, id, { answer: 'dissatisfied', reason: 'unresolved', comment: '材料清单仍未公示' });
    await until(id, 'reopened', (c) => c.round === 2 && c.step === 'handle' && !!c.token);
    await uc.submitAnswer(deps, principals.staff, id, { text: `${GOOD_ANSWER}材料清单已于12月1日公示。` });
    await waitingAt(id, 'review');
    await uc.reviewAnswer(deps, principals.supervisor, id, { approve: true });
    await waitingAt(id, 'visit');
    await uc.giveFeedback(deps, principals.citizen, id, { answer: 'dissatisfied', reason: 'unresolved' });
    expect(await closedOf(id)).toMatchObject({ closeReason: 'dissatisfiedFinal', round: 2 });
  });

  it('dissatisfied for objective reasons (policy) closes at once; silence closes as no feedback', async () => {
    given({ visitDays: 1 });
    const a = await submit();
    const b = await submit();
    for (const id of [a, b]) {
      await acceptAndAnswer(id);
      await waitingAt(id, 'review');
      await uc.reviewAnswer(deps, principals.supervisor, id, { approve: true });
    }
    await uc.giveFeedback(deps, principals.citizen, a, { answer: 'dissatisfied', reason: 'policy' }).catch(() => undefined);
    expect((await closedOf(b)).closeReason).toBe('noFeedback');
  });
});

describe('national-platform transfers', () => {
  const transfer = (o: Partial<TransferInput> = {}) =>
    parseOrThrow(TransferInput, {
      kind: 'complaint',
      title: '营业执照办理超时',
      content: '在宝丰县政务服务中心申请营业执照，承诺3个工作日办结，已过去两周仍未办好。',
      unitId: CITY_UNIT.unitId,
      regionCode: '410400',
      contact: CALLER,
      receivedAt: '2026-11-01T09:00:00+08:00',
      dueAt: '2026-11-20T17:30:00+08:00',
      ...o,
    });

  it('keeps the source’s own due date; a redelivery answers the first result and writes nothing; a changed one is refused naming the fields', async () => {
    given();
    const first = await uc.receiveTransfer(deps, CONNECTOR, 'GJ-2026-0001', transfer());
    expect(first.replayed).toBe(false);
    expect(first.complaint.dueAt).toBe('2026-11-20T09:30:00.000Z');
    await waitingAt(first.complaint.complaintId, 'accept');
    const writes = deps.complaints.writes;
    const again = await uc.receiveTransfer(deps, CONNECTOR, 'GJ-2026-0001', transfer({ receivedAt: '2026-11-01T01:00:00Z' }));
    expect(again).toMatchObject({ replayed: true, complaint: { complaintId: first.complaint.complaintId } });
    const changed = await domainError(() =>
      uc.receiveTransfer(deps, CONNECTOR, 'GJ-2026-0001', transfer({ title: '营业执照办理严重超时', dueAt: '2026-11-25T17:30:00+08:00' })),
    );
    expect(changed.code).toBe('CONFLICT');
    expect(changed.issues.map((i) => [i.field, i.rule])).toEqual([
      ['title', 'same_as_first_delivery'],
      ['dueAt', 'same_as_first_delivery'],
    ]);
    expect(deps.complaints.writes).toBe(writes);
    expect((await domainError(() => uc.receiveTransfer(deps, principals.client, 'GJ-X', transfer()))).code).toBe('FORBIDDEN');
  });

  it('sends accepted, assigned, extended, answered and closed back in order; failures are retried, dead-lettered and replayed by an admin', async () => {
    given();
    const { complaint } = await uc.receiveTransfer(deps, CONNECTOR, 'GJ-2026-0002', transfer());
    const id = complaint.complaintId;
    await waitingAt(id, 'accept');
    await uc.acceptComplaint(deps, principals.staff, id);
    await waitingAt(id, 'handle');
    await uc.requestComplaintExtension(deps, principals.staff, id, { days: 2, reason: '需调取档案' });
    // The platform is down while the extension is approved: three attempts, then the dead letter.
    deps.statusSink.failAll(503);
    await uc.decideComplaintExtension(deps, principals.supervisor, id, { approve: true });
    // The workflow plans handling again and sends `extended`: three attempts, then the dead letter.
    await until(id, 'extension sent', () => [...deps.deliveries.rows.values()].some((d) => d.state === 'dead'));
    deps.statusSink.failAll(undefined);
    const dead = await uc.listDeadLetters(deps, principals.admin, {});
    expect(dead.items.map((d) => [d.event.status, d.attempts.length, d.state])).toEqual([['extended', 3, 'dead']]);
    expect((await domainError(() => uc.replayDelivery(deps, principals.supervisor, dead.items[0]!.event.id))).code).toBe('FORBIDDEN');
    expect(await uc.replayDelivery(deps, principals.admin, dead.items[0]!.event.id)).toMatchObject({ state: 'delivered', replays: 1 });
    await until(id, 'handling again', (c) => c.step === 'handle' && !!c.token);
    await uc.submitAnswer(deps, principals.staff, id, { text: GOOD_ANSWER });
    await waitingAt(id, 'review');
    await uc.reviewAnswer(deps, principals.supervisor, id, { approve: true });
    await waitingAt(id, 'visit');
    await uc.giveFeedback(deps, principals.supervisor, id, { answer: 'basic', comment: '电话回访' });
    await closedOf(id);
    await until(id, 'synced', () => deps.deliveries.rows.size === 5);
    const delivered = (await uc.listComplaintDeliveries(deps, principals.supervisor, id)).items;
    expect(delivered.map((d) => [d.event.seq, d.event.status, d.state])).toEqual([
      [1, 'accepted', 'delivered'],
      [2, 'assigned', 'delivered'],
      [3, 'extended', 'delivered'],
      [4, 'answered', 'delivered'],
      [5, 'closed', 'delivered'],
    ]);
    expect(delivered.every((d) => d.event.sourceId === 'GJ-2026-0002')).toBe(true);
    expect(JSON.stringify(delivered)).not.toContain(CALLER.phone);
    expect((await uc.listDeadLetters(deps, principals.admin, {})).items).toEqual([]);
  });
});

describe('repeat complaints', () => {
  it('links the same person about the same unit within 60 days and tells the supervisors; another unit or another person is not linked', async () => {
    given();
    const first = await submit();
    const other = await submit({ contact: { name: '赵六', phone: '13600002222' } });
    const elsewhere = await submit({ unitId: COUNTY_UNIT.unitId, itemCode: undefined });
    deps.clock.set('2026-12-20T02:00:00.000Z');
    const again = await submit({ title: '企业设立登记又被要求补交材料', contact: { name: '王晓明', phone: '13700001111' } }, principals.staff);
    const c = await get(again);
    expect(c.repeatOf.map((r) => r.complaintId)).toEqual([first]);
    expect((await get(other)).repeatOf).toEqual([]);
    expect((await get(elsewhere)).repeatOf).toEqual([]);
    expect(deps.notifier.all(again).find((n) => n.title === '重复投诉')?.audience).toEqual({ kind: 'supervisors', regionCode: '410400' });
    expect((await uc.listComplaints(deps, principals.supervisor, { filter: 'repeat' })).items.map((x) => x.complaintId)).toEqual([again]);
    expect(c.complainantKeys.join()).not.toContain('1370000');
  });
});

describe('hot spots', () => {
  it('show a supervisor the similar complaints of different people about one unit, with counts, trend and examples; another region sees none', async () => {
    given();
    const similar = [
      ['不动产转移登记办理太慢', '二手房过户在不动产登记中心排了三次号，说系统故障，两周了还没办好转移登记。'],
      ['二手房过户转移登记拖延', '不动产转移登记材料齐全，窗口说要等审核，已经超过承诺时限，一直没有结果。'],
      ['房产过户登记超过承诺时间', '办理不动产转移登记，承诺5个工作日，现在已经十多天了，打电话也没人说清楚。'],
      ['不动产登记中心过户排队时间长', '去不动产登记中心办过户转移登记，排队一上午，叫号系统故障，要求改天再来。'],
    ];
    const ids: string[] = [];
    // Callers of the 12345 hotline: four people, told apart by their phones.
    for (const [i, [title, content]] of similar.entries())
      ids.push(await submit({ title, content, itemCode: undefined, contact: { name: `市民${i}`, phone: `1380375000${i}` } }, principals.supervisor));
    await submit({ title: '建议延长周末办事时间', content: '建议市政务服务中心周六全天开放，方便上班族办理业务。', kind: 'suggestion', itemCode: undefined });
    const seen = await uc.hotSpots(deps, principals.supervisor, {});
    expect(seen.analysed).toBe(5);
    expect(seen.hotSpots).toHaveLength(1);
    expect(seen.hotSpots[0]).toMatchObject({ size: 4, people: 4, unitId: CITY_UNIT.unitId });
    expect([...seen.hotSpots[0]!.complaintIds].sort()).toEqual([...ids].sort());
    expect(seen.hotSpots[0]!.examples.length).toBeGreaterThan(0);
    expect(seen.hotSpots[0]!.trend.weeks.at(-1)?.count).toBe(4);
    expect((await uc.hotSpots(deps, principals.countySupervisor, {})).hotSpots).toEqual([]);
    expect((await domainError(() => uc.hotSpots(deps, principals.staff, {}))).code).toBe('FORBIDDEN');
    expect((await domainError(() => uc.hotSpots(deps, principals.supervisor, { from: '2024-01-01', to: '2026-11-02' }))).issues[0]).toMatchObject({
      field: 'from',
      rule: 'max_span',
    });
  });
});

describe('answer checks before review', () => {
  it('flags a template pasted across unrelated complaints', async () => {
    given();
    const template = '您反映的问题我们高度重视，已责成相关科室认真研究，将进一步加强管理、改进作风，努力为群众提供更优质的服务。';
    const a = await submit();
    const b = await submit({
      title: '社保卡补办地点在哪里',
      content: '我的社保卡丢失了，想问一下在哪里可以补办，需要带什么材料，多久可以拿到新卡。',
      itemCode: undefined,
    });
    const first = await acceptAndAnswer(a, template);
    expect(first.check.findings.map((f) => f.code)).not.toContain('template_reuse');
    const second = await acceptAndAnswer(b, template);
    expect(second.check.findings.find((f) => f.code === 'template_reuse')?.detail).toMatchObject({ complaintIds: [a] });
    expect((await get(b)).answers[0]?.findings.map((f) => f.code)).toContain('template_reuse');
  });
});

describe('a calendar change', () => {
  it('moves a complaint’s due date with the working days, never a transfer’s own', async () => {
    // Real working days (no demo clock): due 13 working days from the day after receipt.
    h = makeComplaintDeps({ config: DEFAULT_COMPLAINT_CONFIG, timeScale: 0.02 });
    deps = h.deps;
    const portal = await submit();
    const { complaint } = await uc.receiveTransfer(
      deps,
      CONNECTOR,
      'GJ-CAL-1',
      parseOrThrow(TransferInput, {
        kind: 'complaint',
        title: '营业执照办理超时',
        content: '承诺3个工作日办结，已过去两周仍未办好。',
        unitId: CITY_UNIT.unitId,
        regionCode: '410400',
        contact: CALLER,
        receivedAt: '2026-11-02T09:00:00+08:00',
        dueAt: '2026-11-20T17:30:00+08:00',
      }),
    );
    await waitingAt(portal, 'accept');
    await waitingAt(complaint.complaintId, 'accept');
    const before = await get(portal);
    const none = new WorkingCalendar([]);
    const after = new WorkingCalendar([{ date: '2026-11-10', kind: 'holiday', name: '临时休假' }]);
    expect(before.dueAt).toBe(none.deadlineAfter(before.receivedAt, 13));
    await replanOpenComplaints(deps, { fromDate: '2026-11-10', before: none, after });
    expect((await get(portal)).dueAt).toBe(after.deadlineAfter(before.receivedAt, 13));
    expect((await get(portal)).dueAt! > before.dueAt!).toBe(true);
    expect((await get(complaint.complaintId)).dueAt).toBe('2026-11-20T09:30:00.000Z');
  });
});

describe('attachments', () => {
  const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
  const png = (n: number) => ({ fileName: `现场照片${n}.png`, contentType: 'image/png' as const, data: PNG });

  it('the person attaches up to five files, the unit downloads them; a file that is not what it says, or a sixth, is refused', async () => {
    given();
    const id = await submit();
    for (let n = 1; n <= 5; n++) await uc.attachFile(deps, principals.citizen, id, png(n));
    const sixth = await domainError(() => uc.attachFile(deps, principals.citizen, id, png(6)));
    expect(sixth.issues[0]).toMatchObject({ field: 'data', rule: 'max_attachments' });
    const c = await get(id);
    expect(c.attachments.map((f) => f.name)).toEqual(['现场照片1.png', '现场照片2.png', '现场照片3.png', '现场照片4.png', '现场照片5.png']);
    const file = await uc.downloadAttachment(deps, principals.staff, id, c.attachments[0]!.fileId);
    expect(file).toMatchObject({ contentType: 'image/png', disposition: 'attachment', originalName: '现场照片1.png' });
    expect((await domainError(() => uc.downloadAttachment(deps, principals.countyStaff, id, c.attachments[0]!.fileId))).code).toBe('NOT_FOUND');
    const other = await submit();
    const fake = await domainError(() => uc.attachFile(deps, principals.citizen, other, { ...png(1), contentType: 'application/pdf' }));
    expect(fake.issues[0]).toMatchObject({ field: 'data', rule: 'content_matches_type' });
    expect((await get(other)).attachments).toEqual([]);
  });

  it('an anonymous person attaches by tracking code; a wrong code is a 404', async () => {
    given();
    const r = await uc.submitComplaint(deps, undefined, input({ anonymous: true, contact: undefined }));
    await uc.attachFileByCode(deps, r.trackingCode!, png(1));
    expect((await get(r.complaint.complaintId)).attachments).toHaveLength(1);
    expect((await domainError(() => uc.attachFileByCode(deps, `${r.complaint.complaintId}-00000000`, png(2)))).code).toBe('NOT_FOUND');
  });
});

describe('restarts and access', () => {
  it('the reconciler resumes an open complaint at its step after the executions were lost', async () => {
    given();
    const id = await submit();
    await waitingAt(id, 'accept');
    h!.restart();
    expect(await reconcileComplaints(deps)).toMatchObject({ resumed: 1 });
    await until(id, 'resumed', (c) => c.attempt === 2 && !!c.token);
    await uc.acceptComplaint(deps, principals.staff, id);
    await waitingAt(id, 'handle');
  });

  it('another unit and another region see a 404; the citizen sees progress in plain words and the handler the caller’s phone', async () => {
    given();
    const id = await submit();
    await waitingAt(id, 'accept');
    expect((await domainError(() => uc.getComplaint(deps, principals.countyStaff, id))).code).toBe('NOT_FOUND');
    expect((await domainError(() => uc.getComplaint(deps, principals.countySupervisor, id))).code).toBe('NOT_FOUND');
    expect((await domainError(() => uc.getComplaint(deps, principals.otherCitizen, id))).code).toBe('NOT_FOUND');
    const staffView = (await uc.getComplaint(deps, principals.staff, id)) as { contact: { phone: string } };
    expect(staffView.contact.phone).toBe(CALLER.phone);
    const supervisorView = (await uc.getComplaint(deps, principals.supervisor, id)) as { contact: { phone: string; name: string } };
    expect(supervisorView.contact.phone).not.toBe(CALLER.phone);
    const mine = await uc.getComplaint(deps, principals.citizen, id);
    expect(Object.keys(mine)).not.toContain('timeline');
    expect((await uc.listComplaints(deps, principals.citizen, {})).items.map((c) => c.complaintId)).toEqual([id]);
    expect(await uc.standardRecord(deps, principals.supervisor, id)).toMatchObject({
      投诉编码: id,
      投诉来源: '省政务服务网',
      承办单位代码: CITY_UNIT.unitId,
      承办单位名称: CITY_UNIT.name,
    });
  });

  it('refuses bad input with the field and the rule, and writes nothing', async () => {
    given();
    const e1 = await domainError(() => uc.submitComplaint(deps, principals.citizen, input({ unitId: 'U-NOPE', itemCode: undefined })));
    expect(e1.issues[0]).toMatchObject({ field: 'unitId', rule: 'exists' });
    const e2 = await domainError(() => uc.submitComplaint(deps, principals.citizen, input({ unitId: COUNTY_UNIT.unitId })));
    expect(e2.issues[0]).toMatchObject({ field: 'itemCode', rule: 'item_of_unit' });
    const e3 = await domainError(() => uc.submitComplaint(deps, undefined, input()));
    expect(e3.issues[0]).toMatchObject({ field: 'anonymous', rule: 'sign_in' });
    expect(deps.complaints.writes).toBe(0);
  });
});

/** State transitions per complaint (Step Functions Standard bills each): README "Consultations and complaints". */
const ON_TIME_TRANSITIONS = 19;
const ESCALATED_TRANSITIONS = 25;
