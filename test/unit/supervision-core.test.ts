/**
 * The supervision core (functions/supervision/) is generic: a second, tiny workflow — a
 * one-step consultation (咨询) with its own step names, texts and key — gets deadlines,
 * reminders, an automatic task order on a missed deadline, an escalation with its 通报
 * entry under its own kind, an extension, the reconciler's resume and the timeline, from
 * its definition alone. Its state machine comes from the same builder as the bad review's
 * (workflows/builder.ts) and runs on the local engine with the core's task function; the
 * ports are in-memory fakes (test/fakes-supervision.ts).
 *
 * Time: the demo clock makes one working day last 1 clock-second and the engine's
 * timeScale turns a planned second into 10 ms; the clock stands still unless a test moves it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LocalWorkflowEngine } from '../../functions/adapters/local/local-workflow.js';
import { type Supervision, type SupervisedWorkflow, supervisorsOf, unitLeader, unitStaff } from '../../functions/supervision/definition.js';
import * as core from '../../functions/supervision/engine.js';
import {
  behindSchedule,
  dueReminder,
  type LadderStep,
  newSupervisedState,
  noticePeriod,
  type SupervisedCase,
  workStep,
} from '../../functions/supervision/model.js';
import type { Page } from '../../functions/ports/stores.js';
import { stepNames, unitOutcomes, workflowBuilder } from '../../workflows/builder.js';
import { FakeInbox } from '../fakes-bad-review.js';
import { FakeSupervisedCaseStore, pageOf } from '../fakes-supervision.js';
import { CITY, domainError, FakeCalendarStore, FixedClock, principals } from '../fakes.js';
import { WorkingCalendar } from '../../functions/core/calendar.js';

// ── A second workflow: a one-step consultation ───────────────────────────────

type Step = 'answer' | LadderStep;
interface Consultation extends SupervisedCase<Step, 'answer'> {
  consultationId: string;
  question: string;
  answer?: string;
}

const CONSULTATION: SupervisedWorkflow<Consultation> = {
  kind: 'consultation',
  key: 'consultationId',
  log: { title: 'consultation', plural: 'consultations' },
  noun: '咨询',
  openRule: 'consultation_open',
  steps: {
    answer: { name: '答复', unit: true, reminders: true, extension: '答复' },
    taskOrder: { name: '任务交办单', reminders: true },
    escalated: { name: '督办升级' },
  },
  closeTexts: { answered: '已答复，办结', voided: '咨询撤回，办结' },
  texts: {
    dispatched: '派发至承办单位',
    taskOrder: (c, step, deadline) => `咨询 ${c.caseNumber} 的${step === 'answer' ? '答复' : step}已超期，请于 ${deadline} 前答复。`,
  },
  messages: {
    dispatched: (c) => [{ kind: 'dispatched', to: unitStaff(c), title: '收到咨询', body: `咨询 ${c.caseNumber} 待答复。`, key: 'dispatch' }],
    taskOrderIssued: (c, o) => [{ kind: 'taskOrder', to: unitLeader(c), title: '咨询任务交办单', body: o.content, key: `auto-${o.n}` }],
    manualTaskOrder: (c, o) => [{ kind: 'taskOrder', to: unitLeader(c), title: '咨询任务交办单', body: o.content, key: `manual-${o.n}` }],
    escalated: (c, e) => [
      { kind: 'escalation', to: supervisorsOf(c), title: '咨询答复逾期升级', body: `咨询 ${c.caseNumber} 已列入通报名单。`, key: `esc-${e.n}` },
    ],
    reminder: (c, f) => [
      { kind: 'reminder', to: unitStaff(c), title: '咨询答复提醒', body: `已用时 ${f * 100}%`, key: `remind-${c.step}-${c.stepStartedAt}-${f}` },
    ],
    extensionRequested: (c) => [{ kind: 'decision', to: supervisorsOf(c), title: '咨询延期申请', body: '请审批', key: `ext-${c.extensions.length}` }],
    extensionDecided: (c, approve) => [
      { kind: 'decision', to: unitStaff(c), title: approve ? '已批准' : '未批准', body: '', key: `ext-decision-${c.extensions.length}` },
    ],
    closed: () => [],
    alert: (c, errorName, at) => [
      { kind: 'alert', to: { kind: 'operators' }, title: '咨询流程异常', body: `${c.caseNumber}: ${errorName}`, key: `alert-${at}` },
    ],
  },
  id: (c) => c.consultationId,
  owner: (c) => ({ unitId: c.unitId, regionCode: c.regionCode }),
  executionInput: (c) => ({ consultationId: c.consultationId }),
  unitStepDone: (c) => !!c.answer,
  knownOutcome: (c, work) => (work === 'answer' && c.answer ? 'done' : undefined),
};

/** Its state machine, from the builder every workflow uses. */
function consultationDefinition() {
  const { task, workflow } = workflowBuilder<Step, 'answered'>({
    taskFunction: 'ConsultationTaskFunctionArn',
    key: 'consultationId',
    errorPrefix: 'Consultation',
    title: 'consultation',
  });
  const ANSWER = stepNames('answer');
  const CLOSE = { answered: { name: 'Close: answered', comment: 'Answered.' }, voided: { name: 'Close: voided', comment: 'Withdrawn.' } };
  return workflow({
    comment: 'A one-step consultation (test)',
    start: {
      'Dispatch to unit': task({
        action: 'dispatch',
        resultSelector: { 'consultationId.$': '$$.Execution.Input.consultationId', 'round.$': '$.Payload.round' },
        next: ANSWER.plan,
      }),
    },
    steps: [
      {
        step: 'answer',
        names: ANSWER,
        comments: { plan: 'Answer deadline.', await: 'The unit answers.' },
        outcomes: unitOutcomes(CLOSE.answered.name, CLOSE.voided.name),
        onTimeout: 'overdue',
      },
    ],
    closes: CLOSE,
  });
}

// ── Harness ──────────────────────────────────────────────────────────────────

const LONG = 100_000;
let engines: LocalWorkflowEngine[] = [];
afterEach(() => {
  for (const e of engines) e.stopAll();
  engines = [];
});

function given(days: Partial<Record<Step, number>> = {}) {
  const store = new FakeSupervisedCaseStore<Consultation>(new Map(), (c) => c.consultationId);
  const inbox = new FakeInbox();
  const clock = new FixedClock('2026-11-02T02:00:00.000Z');
  const calendarStore = new FakeCalendarStore();
  const newEngine = () => {
    const engine = new LocalWorkflowEngine({
      definition: JSON.stringify(consultationDefinition()),
      substitutions: { ConsultationTaskFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:consultation-task' },
      stateMachineName: 'consultation',
      timeScale: 0.01,
      taskHandler: (payload) => core.runSupervisionTask(s, payload),
    });
    engines.push(engine);
    return engine;
  };
  const s: Supervision<Consultation> = {
    def: CONSULTATION,
    policy: { days: { answer: LONG, taskOrder: LONG, escalated: LONG, ...days }, maxExtensionDays: 10, reminderFractions: [0.5, 0.8] },
    cases: store,
    workflow: undefined as unknown as LocalWorkflowEngine,
    notifier: inbox,
    calendar: { current: async () => new WorkingCalendar(await calendarStore.overrides()) },
    clock,
    demoWorkdaySeconds: 1,
  };
  s.workflow = newEngine();
  let seq = 0;
  /** A new consultation of the city unit, started as a rating starts a bad review. */
  async function open(regionCode = CITY): Promise<string> {
    seq++;
    const c: Consultation = {
      ...newSupervisedState(clock.now().toISOString(), '收到咨询'),
      consultationId: `Q-${seq}`,
      caseNumber: `ZX-${seq}`,
      unitId: 'U-CITY',
      regionCode,
      question: '办理营业执照需要哪些材料？',
    };
    store.insert(c);
    await core.startExecution(s, c);
    return c.consultationId;
  }
  return {
    s,
    store,
    inbox,
    clock,
    open,
    restart() {
      (s.workflow as LocalWorkflowEngine).stopAll();
      s.workflow = newEngine();
    },
  };
}

/** Polls the store until the case is in the wanted state (fails with its timeline after 5 s). */
async function until(store: FakeSupervisedCaseStore<Consultation>, id: string, what: string, ok: (c: Consultation) => boolean): Promise<Consultation> {
  const end = Date.now() + 5000;
  for (;;) {
    const c = await store.get(id);
    if (c && ok(c)) return c;
    if (Date.now() > end) throw new Error(`${id} never ${what}; at ${c?.step}/${c?.status}: ${c?.timeline.map((t) => t.action).join(' | ')}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}
const waitingAt = (store: FakeSupervisedCaseStore<Consultation>, id: string, step: Step) =>
  until(store, id, `waited at ${step}`, (c) => c.status === 'open' && c.step === step && !!c.token);

const answer = (s: Supervision<Consultation>, id: string, text = '需要身份证和经营场所证明') =>
  core.recordUnitWork(s, principals.staff, id, 'answer', (c) => {
    if (c.answer === text) return 'replay';
    core.assertWorkStep(CONSULTATION, c, 'answer');
    c.answer = text;
  });

// ── Behaviour ────────────────────────────────────────────────────────────────

describe('a second workflow on the supervision core', () => {
  it('gets a task order on a missed deadline, then an escalation and a 通报 entry under its own kind; the unit still closes it', async () => {
    // Prepare: the answer and the task order last 1 working day each (10 ms)
    const { s, store, inbox, clock, open } = given({ answer: 1, taskOrder: 1 });
    const id = await open();
    // Act: nobody answers
    const escalated = await waitingAt(store, id, 'escalated');
    // Assess
    const period = noticePeriod('2026-11-02');
    expect(escalated).toMatchObject({ overdueStep: 'answer', status: 'open' });
    expect(escalated.taskOrders).toEqual([
      expect.objectContaining({ n: 1, kind: 'auto', overdueStep: 'answer', status: 'overdue', content: expect.stringContaining('咨询 ZX-1 的答复已超期') }),
    ]);
    expect(escalated.escalations).toEqual([expect.objectContaining({ n: 1, overdueStep: 'answer', noticePeriod: period, proposal: '约谈' })]);
    expect(escalated.timeline.map((t) => t.action)).toEqual([
      '收到咨询',
      '派发至承办单位',
      '进入答复环节',
      '答复超期，自动下发任务交办单 #1',
      '进入任务交办单环节',
      '任务交办单逾期，升级督办 #1',
      '进入督办升级环节',
    ]);
    expect(inbox.all(id).map((n) => n.id)).toEqual([`${id}:dispatched:dispatch`, `${id}:taskOrder:auto-1`, `${id}:escalation:esc-1`]);
    expect(store.notices).toEqual([
      { period, unitId: 'U-CITY', regionCode: CITY, caseId: id, caseNumber: 'ZX-1', escalation: 1, at: escalated.escalations[0]!.at },
    ]);
    expect((await core.listNotices(s, principals.supervisor, period)).items.map((e) => e.caseId)).toEqual([id]);
    expect((await core.listNotices(s, principals.countySupervisor, period)).items).toEqual([]);
    expect(workStep(escalated)).toBe('answer');
    expect(behindSchedule(escalated, clock.now())).toBe(true);

    // Act: the supervisor records the 约谈, the unit answers at last
    await core.recordEscalationOutcome(s, principals.supervisor, id, 1, { kind: 'interview', note: '已约谈' });
    const first = await answer(s, id);
    const again = await answer(s, id);
    // Assess: the step is done, the case closes with the workflow's own close text
    const closed = await until(store, id, 'closed', (c) => c.status === 'closed');
    expect([first.replayed, again.replayed]).toEqual([false, true]);
    expect(closed).toMatchObject({
      closeReason: 'answered',
      escalations: [expect.objectContaining({ outcome: expect.objectContaining({ kind: 'interview' }) })],
    });
    expect(closed.timeline.at(-1)?.action).toBe('已答复，办结');
    const late = await domainError(() => answer(s, id, '补充答复'));
    expect([late.status, late.issues[0]?.rule]).toEqual([409, 'consultation_open']);
  });

  it('reminds at the configured fractions, extends the extensible step, and resumes after a restart with the time left', async () => {
    // Prepare
    const { s, store, inbox, clock, open, restart } = given({ answer: 10 });
    const id = await open();
    const at = await waitingAt(store, id, 'answer');
    const start = Date.parse(at.stepStartedAt!);
    const span = Date.parse(at.stepDeadline!) - start;
    // Act: reminders at 50% and 80%, once each
    clock.set(new Date(start + span * 0.5).toISOString());
    const half = [await core.sendReminders(s), await core.sendReminders(s)];
    clock.set(new Date(start + span * 0.8).toISOString());
    const most = await core.sendReminders(s);
    // Assess
    expect([...half, most].map((r) => r.sent)).toEqual([1, 0, 1]);
    expect(inbox.all(id).filter((n) => n.kind === 'reminder')).toHaveLength(2);

    // Act: an extension of 3 working days, approved
    await core.requestExtension(s, principals.staff, id, { days: 3, reason: '需要会商' });
    await core.decideExtension(s, principals.supervisor, id, { approve: true });
    const extended = await until(store, id, 'was re-planned', (c) => !!c.token && c.token !== at.token);
    // Assess
    expect(extended.stepDeadline).toBe(new Date(Date.parse(at.stepDeadline!) + 3000).toISOString());
    expect(extended.timeline.map((t) => t.action)).toContain('批准延期 3 个工作日（建立台账、限期整改）');
    const tooMuch = await domainError(() => core.requestExtension(s, principals.staff, id, { days: 8, reason: '再延' }));
    expect(tooMuch.issues[0]).toMatchObject({ field: 'days', rule: 'max_extension' });

    // Act: the engine restarts (every execution lost); the reconciler resumes the case
    restart();
    const resumed = await core.reconcile(s);
    const back = await until(store, id, 'was resumed', (c) => !!c.token && c.token !== extended.token);
    // Assess: same step, same deadline, the next attempt
    expect(resumed).toMatchObject({ resumed: 1, started: 0 });
    expect(back).toMatchObject({ step: 'answer', stepDeadline: extended.stepDeadline, attempt: 2, executionId: expect.stringMatching(/consultation:Q-1-2$/) });
    expect(back.timeline.map((t) => t.action).filter((a) => a.startsWith('流程自动恢复'))).toEqual(['流程自动恢复（第 2 次执行），从答复环节继续']);
    await answer(s, id);
    expect(await until(store, id, 'closed', (c) => c.status === 'closed')).toMatchObject({ closeReason: 'answered' });
  });

  it('lists the task orders of a unit across its cases, page by page, without losing any', async () => {
    // Prepare: five consultations, each with a manual task order
    const { s, store, open } = given();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await open());
    for (const id of ids) {
      await until(store, id, 'dispatched', (c) => c.status === 'open' && !!c.token);
      await core.issueManualTaskOrder(s, principals.supervisor, id, { content: `请答复 ${id}`, days: 2 });
    }
    // Act: pages of 2
    const seen: string[] = [];
    let cursor: string | undefined;
    const sizes: number[] = [];
    do {
      const page = await core.listTaskOrders(s, principals.leader, { limit: 2, cursor });
      sizes.push(page.items.length);
      seen.push(...page.items.map((t) => String((t as Record<string, unknown>).consultationId)));
      cursor = page.next;
    } while (cursor);
    // Assess
    expect(seen.sort()).toEqual([...ids].sort());
    expect(sizes).toEqual([2, 2, 1]);
  });
});

describe('the supervision model', () => {
  const base = (): Consultation => ({
    ...newSupervisedState('2026-11-02T02:00:00.000Z', '收到咨询'),
    consultationId: 'Q',
    caseNumber: 'ZX',
    unitId: 'U',
    regionCode: CITY,
    question: '?',
    status: 'open',
    step: 'answer',
    stepStartedAt: '2026-11-02T02:00:00.000Z',
    stepDeadline: '2026-11-02T02:00:10.000Z',
  });
  const reminded = (step: string) => step === 'answer';

  it('names the reminder point due, once, and none after the deadline or on steps without reminders', () => {
    const at = (s: number) => new Date(Date.parse('2026-11-02T02:00:00.000Z') + s * 1000);
    expect(dueReminder(base(), at(4), { reminderFractions: [0.5, 0.8] }, reminded)).toBeUndefined();
    expect(dueReminder(base(), at(5), { reminderFractions: [0.5, 0.8] }, reminded)).toBe(0.5);
    expect(dueReminder({ ...base(), remindersSent: [0.5] }, at(9), { reminderFractions: [0.5, 0.8] }, reminded)).toBe(0.8);
    expect(dueReminder(base(), at(10), { reminderFractions: [0.5, 0.8] }, reminded)).toBeUndefined();
    expect(dueReminder({ ...base(), step: 'escalated' }, at(6), { reminderFractions: [0.5, 0.8] }, reminded)).toBeUndefined();
  });

  it('puts every date of a 14-day period in the same notice period', () => {
    expect(['2026-10-26', '2026-11-02', '2026-11-08'].map(noticePeriod)).toEqual(['2026-10-26', '2026-10-26', '2026-10-26']);
    expect(noticePeriod('2026-11-09')).toBe('2026-11-09');
  });

  it('fills a filtered page from several reads and continues exactly after the last item read', async () => {
    // Prepare: 10 items, every third one wanted
    const all = Array.from({ length: 10 }, (_, i) => i);
    const reads: number[] = [];
    const read = async (q: { cursor?: string; limit?: number }): Promise<Page<number>> => {
      reads.push(q.limit!);
      return pageOf(all, q);
    };
    const wanted = (n: number) => n % 3 === 0;
    // Act
    const first = await core.fillPage(read, wanted, { limit: 3 });
    const second = await core.fillPage(read, wanted, { limit: 3, cursor: first.next });
    // Assess: a full page of 3, then the rest; no read asks for more than the page still needs
    expect(first.items).toEqual([0, 3, 6]);
    expect(second).toEqual({ items: [9] });
    expect(reads.every((n) => n >= 1 && n <= 3)).toBe(true);
  });

  it('refuses an unknown action and an unknown step in a task payload', async () => {
    const { s } = given();
    await expect(core.runSupervisionTask(s, { action: 'reopen', consultationId: 'Q-1' })).rejects.toThrow();
    await expect(core.runSupervisionTask(s, { action: 'planStep', consultationId: 'Q-1', step: 'visit' })).rejects.toThrow();
  });
});
