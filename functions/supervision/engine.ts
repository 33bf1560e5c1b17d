import { isDeepStrictEqual } from 'node:util';
import { assertCanSee, type Principal, requireRole } from '../core/access.js';
import { addCalendarDays, shanghaiDate, shanghaiTime } from '../core/calendar.js';
import { DomainError, invalid, notFound } from '../core/errors.js';
import { logger } from '../observability.js';
import type { Page } from '../ports/stores.js';
import { TaskTokenInvalidError } from '../ports/workflow.js';
import { type Message, type StepSpec, type Supervision, type SupervisedWorkflow, stepName, unitSteps } from './definition.js';
import {
  addTimeline,
  type CalendarChange,
  canCompleteTaskOrder,
  dueReminder,
  grantedExtensionDays,
  isLadderStep,
  isOpen,
  noticePeriod,
  type StepOf,
  secondsUntil,
  type SupervisedCase,
  taskPayloadSchema,
  type UnitStepOf,
  workingDeadline,
  workStep,
} from './model.js';

/**
 * The supervision machinery, one implementation for every deadline-bound workflow: plain
 * functions over the core's ports (ports.ts) and a workflow's definition (definition.ts).
 * - the task function of a workflow built with workflows/builder.ts (dispatch, plan and
 *   open a step, issue a task order, escalate, close, alert);
 * - the supervision actions of the API (unit work that finishes a step, extensions, task
 *   orders, escalation outcomes) and its lists (task orders, the 通报 list);
 * - the scheduled jobs (reconciler, reminders) and re-planning after a calendar change.
 * Each function names the ports it uses.
 */

type Sv<C extends SupervisedCase> = Supervision<C>;
type Cases<C extends SupervisedCase> = Pick<Sv<C>, 'cases' | 'def'>;
type Deadlines = Pick<Sv<SupervisedCase>, 'calendar' | 'clock' | 'demoWorkdaySeconds'>;

// ── Cases ─────────────────────────────────────────────────────────────────────

/**
 * Loads a case, applies `change` to a copy and saves it with an optimistic version check,
 * retrying on a concurrent write. `change` may throw a DomainError: nothing is saved. When
 * `change` changes nothing (a replayed action), nothing is saved and the version stays.
 */
export async function mutate<C extends SupervisedCase>(s: Cases<C>, id: string, change: (c: C) => void): Promise<{ before: C; after: C }> {
  for (let attempt = 0; ; attempt++) {
    const before = await s.cases.get(id);
    if (!before) throw notFound(s.def.noun);
    const after = structuredClone(before);
    change(after);
    if (isDeepStrictEqual(after, before)) return { before, after };
    after.version = before.version + 1;
    try {
      await s.cases.save(after, before.version);
      return { before, after };
    } catch (e) {
      if (!(e instanceof DomainError && e.code === 'CONFLICT') || attempt >= 4) throw e;
    }
  }
}

/** A case the principal may see; otherwise the 404 an unknown id gets. */
export async function load<C extends SupervisedCase>(s: Cases<C>, p: Principal, id: string): Promise<C> {
  const c = await s.cases.get(id);
  assertCanSee(p, c ? s.def.owner(c) : undefined, s.def.noun);
  return c as C;
}

export const stale = (message: string, rule = 'step_not_current') => new DomainError('CONFLICT', message, [{ field: '', rule, message }]);

export function assertOpen<C extends SupervisedCase>(def: SupervisedWorkflow<C>, c: C) {
  if (!isOpen(c)) throw new DomainError('CONFLICT', `该${def.noun}已办结，不能再操作`, [{ field: '', rule: def.openRule, message: `${def.noun}已办结` }]);
}

/** The unit may act only at the step it works on (also during its task order or escalation). */
export function assertWorkStep<C extends SupervisedCase>(def: SupervisedWorkflow<C>, c: C, step: StepOf<C>) {
  assertOpen(def, c);
  if (workStep(c) !== step) throw stale(`当前环节为「${stepName(def, c.step)}」，不能办理「${stepName(def, step)}」`);
}

// ── Deadlines, callbacks, notifications ──────────────────────────────────────

/** End of a span of `days` working days from `from` (now), or demo-clock seconds per working day. */
export async function deadlineIn(s: Deadlines, days: number, from: Date | string = s.clock.now()): Promise<string> {
  return workingDeadline(s.demoWorkdaySeconds, await s.calendar.current(), days, from);
}

/** Completes the waiting step with the token that was current. A stale token is fine: the timeout path took over. */
export async function completeStep<C extends SupervisedCase>(
  s: Pick<Sv<C>, 'workflow' | 'def'>,
  token: string | undefined,
  output: Record<string, unknown>,
  id: string,
) {
  if (!token) return;
  try {
    await s.workflow.sendTaskSuccess(token, output);
  } catch (e) {
    if (!(e instanceof TaskTokenInvalidError)) throw e;
    logger.info('step token no longer waiting', { [s.def.key]: id });
  }
}

/** Sends an event's messages; each id is `{case id}:{kind}:{key}`, so the same event is stored once. */
export async function tell<C extends SupervisedCase>(s: Pick<Sv<C>, 'notifier' | 'clock' | 'def'>, c: C, messages: readonly Message[]) {
  const id = s.def.id(c);
  for (const m of messages)
    await s.notifier.notify({
      id: `${id}:${m.kind}:${m.key}`,
      audience: m.to,
      kind: m.kind,
      title: m.title,
      body: m.body,
      subject: id,
      createdAt: s.clock.now().toISOString(),
    });
}

const specOf = <C extends SupervisedCase>(def: SupervisedWorkflow<C>, step: string | undefined): StepSpec | undefined =>
  step ? (def.steps as Record<string, StepSpec>)[step] : undefined;

/** The step extensions apply to, and its word in messages. */
function extensionStep<C extends SupervisedCase>(def: SupervisedWorkflow<C>): { step: StepOf<C>; word: string } | undefined {
  const step = (Object.keys(def.steps) as StepOf<C>[]).find((k) => specOf(def, k)?.extension);
  return step && { step, word: specOf(def, step)!.extension! };
}

// ── Executions ───────────────────────────────────────────────────────────────

/** Starts an execution of a case's workflow; the name (`{id}-{attempt}`) makes a repeated start harmless. */
export async function startExecution<C extends SupervisedCase>(s: Pick<Sv<C>, 'cases' | 'def' | 'workflow'>, c: C, attempt = 1) {
  const id = s.def.id(c);
  const { executionId } = await s.workflow.start({ name: `${id}-${attempt}`, input: s.def.executionInput(c) });
  await mutate(s, id, (r) => {
    r.executionId = executionId;
    r.attempt = Math.max(r.attempt, attempt);
  });
}

/** Starts the next execution of an open case at its current step: planStep then keeps the stored deadline and gives the time it leaves. */
async function resumeAtStep<C extends SupervisedCase>(s: Pick<Sv<C>, 'cases' | 'def' | 'workflow'>, c: C, at: string) {
  const id = s.def.id(c);
  const attempt = c.attempt + 1;
  const resume = { step: c.step, ...(c.overdueStep && isLadderStep(c.step) ? { overdueStep: c.overdueStep } : {}) };
  const { executionId } = await s.workflow.start({ name: `${id}-${attempt}`, input: { ...s.def.executionInput(c), round: c.round, resume } });
  await mutate(s, id, (r) => {
    r.executionId = executionId;
    r.attempt = attempt;
    delete r.token;
    addTimeline(r, at, 'system', `流程自动恢复（第 ${attempt} 次执行），从${stepName(s.def, c.step)}环节继续`);
  });
}

// ── The task function ────────────────────────────────────────────────────────

const schemas = new WeakMap<object, ReturnType<typeof taskPayloadSchema>>();
function payloadOf<C extends SupervisedCase>(def: SupervisedWorkflow<C>, raw: unknown) {
  let schema = schemas.get(def);
  if (!schema) {
    const tuple = (keys: string[]) => keys as [string, ...string[]];
    schema = taskPayloadSchema(tuple(Object.keys(def.steps)), tuple(unitSteps(def)), tuple(Object.keys(def.closeTexts)));
    schemas.set(def, schema);
  }
  // The payload names the case by the workflow's key (e.g. `reviewId`).
  const { [def.key]: id, ...rest } = (raw ?? {}) as Record<string, unknown>;
  return schema.parse({ ...rest, id });
}

/**
 * What each Task state of a workflow built with workflows/builder.ts does with
 * `{action, <key>, …}`. Payloads carry keys only; the case record holds the rest. A
 * workflow's own actions (e.g. a bad review's `reopen`) are its own.
 */
export async function runSupervisionTask<C extends SupervisedCase>(s: Sv<C>, raw: unknown): Promise<unknown> {
  const payload = payloadOf(s.def, raw);
  const { id } = payload;
  logger.appendKeys({ [s.def.key]: id, action: payload.action });
  const now = s.clock.now();
  const at = now.toISOString();

  switch (payload.action) {
    case 'dispatch': {
      const { after } = await mutate(s, id, (c) => {
        if (c.status === 'pending') {
          c.status = 'open';
          addTimeline(c, at, 'system', s.def.texts.dispatched);
        }
      });
      await tell(s, after, s.def.messages.dispatched(after, s.policy));
      return { round: after.round };
    }

    case 'planStep': {
      const step = payload.step as StepOf<C>;
      const current = await s.cases.get(id);
      if (!current) throw new Error(`${s.def.noun} ${id} not found`);
      // Same step again (resume after a restart, an extension, a calendar change): keep its deadline, give the time left.
      const keep = current.step === step && !!current.deadlines[step] && (step !== 'taskOrder' || current.overdueStep === payload.overdueStep);
      const taskOrder = step === 'taskOrder' ? current.taskOrders.filter((t) => t.kind === 'auto').at(-1) : undefined;
      const deadline = keep
        ? current.deadlines[step]!
        : (taskOrder?.deadline ?? s.def.plannedDeadline?.(current, step) ?? (await deadlineIn(s, s.policy.days[step], now)));
      const extension = extensionStep(s.def);
      await mutate(s, id, (c) => {
        if (!keep) {
          c.stepStartedAt = at;
          c.remindersSent = [];
          // An extension not decided while its step lasted lapses with it.
          for (const e of c.extensions)
            if (!e.decision && step !== extension?.step)
              e.decision = { approve: false, days: 0, comment: `${extension?.word ?? ''}环节已结束，申请自动失效`, by: 'system', at };
        }
        c.step = step;
        if (payload.overdueStep) c.overdueStep = payload.overdueStep as UnitStepOf<C>;
        c.stepDeadline = deadline;
        c.deadlines[step] = deadline;
        if (!keep) addTimeline(c, at, 'system', `进入${stepName(s.def, step)}环节`, `截止 ${shanghaiTime(deadline)}`);
      });
      if (!keep && s.def.messages.stepPlanned) await tell(s, current, s.def.messages.stepPlanned(current, step, deadline));
      return { seconds: secondsUntil(deadline, now), deadline };
    }

    case 'openStep': {
      const { after } = await mutate(s, id, (c) => {
        c.token = payload.taskToken;
      });
      // The outcome may already be known (recorded while the previous token timed out, or while
      // no execution was running before the reconciler resumed it): finish at once.
      const work = (isLadderStep(payload.step) ? payload.overdueStep : payload.step) as StepOf<C> | undefined;
      const outcome = s.def.knownOutcome(after, work);
      if (outcome) {
        await mutate(s, id, (c) => {
          if (c.token === payload.taskToken) delete c.token;
        });
        await completeStep(s, payload.taskToken, { outcome }, id);
      }
      return {};
    }

    case 'issueTaskOrder': {
      const overdue = payload.overdueStep as UnitStepOf<C>;
      const deadline = await deadlineIn(s, s.policy.days['taskOrder' as StepOf<C>], now);
      const { after } = await mutate(s, id, (c) => {
        const n = c.taskOrders.length + 1;
        const content = s.def.texts.taskOrder(c, overdue, deadline);
        c.taskOrders.push({ n, kind: 'auto', overdueStep: overdue, issuedAt: at, issuedBy: 'system', deadline, status: 'issued', content });
        addTimeline(c, at, 'system', `${stepName(s.def, overdue)}超期，自动下发任务交办单 #${n}`, `新期限 ${shanghaiTime(deadline)}`);
      });
      await tell(s, after, s.def.messages.taskOrderIssued(after, after.taskOrders.at(-1)!));
      return {};
    }

    case 'escalate': {
      const overdue = payload.overdueStep as UnitStepOf<C>;
      const period = noticePeriod(shanghaiDate(now));
      const { after } = await mutate(s, id, (c) => {
        const order = c.taskOrders.filter((t) => t.kind === 'auto').at(-1);
        if (order && order.status !== 'completed') order.status = 'overdue';
        const n = c.escalations.length + 1;
        c.escalations.push({ n, at, overdueStep: overdue, noticePeriod: period, proposal: '约谈' });
        // Each escalation gives the unit a fresh period: without this, planStep would keep the
        // previous (already passed) escalation deadline and escalate again every second.
        delete c.deadlines['escalated' as StepOf<C>];
        addTimeline(c, at, 'system', `任务交办单逾期，升级督办 #${n}`, `列入 ${period} 双周通报名单，建议约谈`);
      });
      const escalation = after.escalations.at(-1)!;
      await s.cases.addNotice({
        period,
        unitId: after.unitId,
        regionCode: after.regionCode,
        caseId: id,
        caseNumber: after.caseNumber,
        escalation: escalation.n,
        at,
      });
      await tell(s, after, s.def.messages.escalated(after, escalation));
      return {};
    }

    case 'close': {
      const { reason } = payload;
      const { after } = await mutate(s, id, (c) => {
        if (!isOpen(c)) return;
        const r: SupervisedCase = c;
        r.status = reason === 'voided' ? 'voided' : 'closed';
        r.closeReason = reason;
        r.closedAt = at;
        delete r.token;
        addTimeline(r, at, 'system', s.def.closeTexts[reason]!);
      });
      await tell(s, after, s.def.messages.closed(after, reason));
      return {};
    }

    case 'alert': {
      const errorName = (payload.error as { Error?: string } | undefined)?.Error ?? 'unknown';
      logger.error(`${s.def.log.title} workflow failed`, { errorName });
      const c = await s.cases.get(id);
      if (c) await tell(s, c, s.def.messages.alert(c, errorName, at));
      return {};
    }
  }
}

// ── Supervision actions of the API ───────────────────────────────────────────

/**
 * The unit records work on a unit step (`apply`, which may answer 'replay' for a repeated
 * action). Once the step is done, its automatic task orders are done with it and the
 * waiting step is handed back to the workflow with `done`.
 */
export async function recordUnitWork<C extends SupervisedCase>(
  s: Pick<Sv<C>, 'cases' | 'def' | 'clock' | 'workflow'>,
  p: Principal,
  id: string,
  step: UnitStepOf<C>,
  apply: (c: C) => 'replay' | undefined,
): Promise<{ replayed: boolean; after: C }> {
  requireRole(p, 'staff', 'leader');
  await load(s, p, id);
  let replayed = false;
  const { before, after } = await mutate(s, id, (c) => {
    replayed = apply(c) === 'replay';
    if (!replayed && s.def.unitStepDone(c, step)) {
      delete c.token;
      for (const t of c.taskOrders)
        if (t.kind === 'auto' && t.overdueStep === step && t.status !== 'completed')
          Object.assign(t, { status: 'completed', completedAt: s.clock.now().toISOString() });
    }
  });
  if (!replayed && s.def.unitStepDone(after, step) && before.token) await completeStep(s, before.token, { outcome: 'done' }, id);
  return { replayed, after };
}

/** Whether the case is where an extension may be asked for: open, in the extensible step, before its deadline, none pending (the cap on days is checked against the request). */
export function assertCanRequestExtension<C extends SupervisedCase>(def: SupervisedWorkflow<C>, c: C, now: Date): void {
  const extension = extensionStep(def);
  const word = extension?.word ?? '';
  assertOpen(def, c);
  if (!extension || c.step !== extension.step) throw stale(`只有在${word}环节、期限届满前可以申请延期`);
  if (c.stepDeadline && Date.parse(c.stepDeadline) <= now.getTime()) throw stale(`${word}期限已过，不能再申请延期`, 'before_deadline');
  if (c.extensions.some((e) => !e.decision)) throw stale('已有待审批的延期申请', 'pending_request');
}

/** The unit asks for more working days during the extensible step, before its deadline; the cap is on all approved ones together. */
export async function requestExtension<C extends SupervisedCase>(
  s: Pick<Sv<C>, 'cases' | 'def' | 'clock' | 'notifier' | 'policy'>,
  p: Principal,
  id: string,
  body: { days: number; reason: string },
): Promise<C> {
  requireRole(p, 'staff', 'leader');
  const current = await load(s, p, id);
  const max = s.policy.maxExtensionDays;
  const granted = grantedExtensionDays(current);
  if (granted + body.days > max) throw invalid('days', 'max_extension', `延期合计不能超过 ${max} 个工作日（已批准 ${granted} 个）`);
  const { after } = await mutate(s, id, (c) => {
    const at = s.clock.now().toISOString();
    assertCanRequestExtension(s.def, c, s.clock.now());
    c.extensions.push({ days: body.days, reason: body.reason, at, by: p.sub });
    addTimeline(c, at, p, `申请延期 ${body.days} 个工作日`, body.reason);
  });
  await tell(s, after, s.def.messages.extensionRequested(after, after.extensions.at(-1)!));
  return after;
}

/** A supervisor decides the pending extension; approval moves the step's deadline and re-plans the step (`extended`). */
export async function decideExtension<C extends SupervisedCase>(
  s: Pick<Sv<C>, 'cases' | 'def' | 'clock' | 'notifier' | 'workflow' | 'calendar' | 'demoWorkdaySeconds'>,
  p: Principal,
  id: string,
  body: { approve: boolean; comment?: string },
): Promise<C> {
  requireRole(p, 'supervisor', 'admin');
  await load(s, p, id);
  const calendar = await s.calendar.current();
  const extension = extensionStep(s.def);
  const { before, after } = await mutate(s, id, (c) => {
    const at = s.clock.now().toISOString();
    assertOpen(s.def, c);
    const pending = c.extensions.find((e) => !e.decision);
    if (!pending) throw stale('没有待审批的延期申请', 'pending_request');
    if (body.approve && (!extension || c.step !== extension.step)) throw stale(`${extension?.word ?? ''}环节已超期或已结束，延期申请失效`);
    pending.decision = { approve: body.approve, days: body.approve ? pending.days : 0, comment: body.comment, by: p.sub, at };
    if (body.approve && extension) {
      const extended = workingDeadline(s.demoWorkdaySeconds, calendar, pending.days, c.deadlines[extension.step] ?? at);
      c.deadlines[extension.step] = extended;
      c.stepDeadline = extended;
      delete c.token;
    }
    addTimeline(c, at, p, body.approve ? `批准延期 ${pending.days} 个工作日（建立台账、限期整改）` : '不批准延期', body.comment);
  });
  if (body.approve) await completeStep(s, before.token, { outcome: 'extended' }, id);
  await tell(s, after, s.def.messages.extensionDecided(after, body.approve));
  return after;
}

/** A supervisor issues a task order by hand for any open case in their region. */
export async function issueManualTaskOrder<C extends SupervisedCase>(
  s: Pick<Sv<C>, 'cases' | 'def' | 'clock' | 'notifier' | 'calendar' | 'demoWorkdaySeconds'>,
  p: Principal,
  id: string,
  body: { content: string; days: number },
) {
  requireRole(p, 'supervisor', 'admin');
  await load(s, p, id);
  const deadline = await deadlineIn(s, body.days);
  const { after } = await mutate(s, id, (c) => {
    const at = s.clock.now().toISOString();
    assertOpen(s.def, c);
    const n = c.taskOrders.length + 1;
    c.taskOrders.push({ n, kind: 'manual', content: body.content, issuedAt: at, issuedBy: p.sub, deadline, status: 'issued' });
    addTimeline(c, at, p, `下发任务交办单 #${n}`, body.content);
  });
  const taskOrder = after.taskOrders.at(-1)!;
  await tell(s, after, s.def.messages.manualTaskOrder(after, taskOrder));
  return { taskOrder, after };
}

/** The unit signs for a task order (签收); signing again changes nothing. */
export async function acknowledgeTaskOrder<C extends SupervisedCase>(s: Pick<Sv<C>, 'cases' | 'def' | 'clock'>, p: Principal, id: string, n: number) {
  requireRole(p, 'staff', 'leader');
  await load(s, p, id);
  const { after } = await mutate(s, id, (c) => {
    const t = c.taskOrders.find((x) => x.n === n);
    if (!t) throw notFound('任务交办单');
    if (t.acknowledgedAt) return;
    t.acknowledgedAt = s.clock.now().toISOString();
    if (t.status === 'issued') t.status = 'acknowledged';
    addTimeline(c, t.acknowledgedAt, p, `签收任务交办单 #${n}`);
  });
  return after.taskOrders.find((x) => x.n === n)!;
}

/** Completes a task order (办结): a manual one with a note; an automatic one only once its overdue step is done. */
export async function completeTaskOrder<C extends SupervisedCase>(
  s: Pick<Sv<C>, 'cases' | 'def' | 'clock'>,
  p: Principal,
  id: string,
  n: number,
  body: { note?: string },
) {
  requireRole(p, 'staff', 'leader');
  await load(s, p, id);
  const { after } = await mutate(s, id, (c) => {
    const at = s.clock.now().toISOString();
    const t = c.taskOrders.find((x) => x.n === n);
    if (!t) throw notFound('任务交办单');
    if (t.status === 'completed') return;
    if (!canCompleteTaskOrder(c, t, s.def.unitStepDone) && t.overdueStep)
      throw stale(`请先完成超期的「${stepName(s.def, t.overdueStep)}」环节`, 'overdue_step_first');
    Object.assign(t, { status: 'completed', completedAt: at, ...(body.note ? { note: body.note } : {}) });
    addTimeline(c, at, p, `办结任务交办单 #${n}`, body.note);
  });
  return after.taskOrders.find((x) => x.n === n)!;
}

const OUTCOME_NAMES = { interview: '约谈', notice: '通报', none: '不予处理' } as const;

/** The supervisor records what came of an escalation: 约谈 (interview), 通报 (public notice) or none; the same again is a no-op. */
export async function recordEscalationOutcome<C extends SupervisedCase>(
  s: Pick<Sv<C>, 'cases' | 'def' | 'clock'>,
  p: Principal,
  id: string,
  n: number,
  body: { kind: keyof typeof OUTCOME_NAMES; note: string },
) {
  requireRole(p, 'supervisor', 'admin');
  await load(s, p, id);
  const { after } = await mutate(s, id, (c) => {
    const e = c.escalations.find((x) => x.n === n);
    if (!e) throw notFound('升级记录');
    if (e.outcome) {
      if (e.outcome.kind === body.kind && e.outcome.note === body.note) return;
      throw stale('该升级已记录处理结果', 'already_recorded');
    }
    e.outcome = { ...body, by: p.sub, at: s.clock.now().toISOString() };
    addTimeline(c, e.outcome.at, p, `记录督办结果：${OUTCOME_NAMES[body.kind]}`, body.note);
  });
  return after.escalations.find((x) => x.n === n)!;
}

// ── Lists ────────────────────────────────────────────────────────────────────

export interface PageQuery {
  cursor?: string;
  limit?: number;
}

/** Most store reads one filtered page may take; a page cut short by it still carries `next`. */
const MAX_READS = 25;

/**
 * One page of a filtered list without filtering after paging: reads the list on, asking
 * each time for no more items than the page still needs, until `limit` items pass `keep`
 * or the list ends. Every item read is either returned or filtered out, so `next`
 * continues exactly after the last one.
 */
export async function fillPage<T>(read: (q: PageQuery) => Promise<Page<T>>, keep: (item: T) => boolean, q: PageQuery): Promise<Page<T>> {
  const limit = q.limit ?? 50;
  const items: T[] = [];
  let cursor = q.cursor;
  for (let reads = 0; reads < MAX_READS; reads++) {
    const page = await read({ cursor, limit: limit - items.length });
    items.push(...page.items.filter(keep));
    cursor = page.next;
    if (!cursor || items.length >= limit) break;
  }
  return { items, ...(cursor ? { next: cursor } : {}) };
}

/** The cases a principal supervises or works on: a unit's (open ones first), or the open ones of a supervisor's region. */
export function scopedCases<C extends SupervisedCase>(s: Pick<Sv<C>, 'cases'>, p: Principal, opts: { open?: boolean } = {}) {
  if (p.role === 'staff' || p.role === 'leader') return (q: PageQuery) => s.cases.listByUnit(p.unitId!, { ...q, ...(opts.open ? { open: true } : {}) });
  if (p.role === 'supervisor' || p.role === 'admin')
    return (q: PageQuery) => s.cases.listOpen({ ...q, ...(p.role === 'supervisor' ? { regionCode: p.regionCode } : {}) });
  throw new DomainError('FORBIDDEN', '当前身份无权执行此操作');
}

/**
 * Task orders (任务交办单) of the caller's unit, or of the open cases of the supervisor's
 * region; open ones unless `all`. Pages follow the cases: a page holds every matching order
 * of the cases it read, at least `limit` of them unless it is the last, by deadline. Each
 * says whether the caller could 签收 (`canAcknowledge`) or 办结 (`canComplete`) it now.
 */
export async function listTaskOrders<C extends SupervisedCase>(
  s: Pick<Sv<C>, 'cases' | 'def' | 'clock'>,
  p: Principal,
  q: PageQuery & { status?: 'open' | 'all' },
) {
  const status = q.status ?? 'open';
  const at = s.clock.now().getTime();
  const orders = (c: C) => c.taskOrders.filter((t) => status === 'all' || t.status !== 'completed');
  // 签收 and 办结 are the unit's: what the caller could do now, so a page offers only those.
  const unit = p.role === 'staff' || p.role === 'leader';
  const read = scopedCases(s, p);
  const limit = q.limit ?? 50;
  const items = [];
  let cursor = q.cursor;
  for (let reads = 0; reads < MAX_READS && items.length < limit; reads++) {
    const page = await read({ cursor, limit: limit - items.length });
    for (const c of page.items)
      for (const t of orders(c))
        items.push({
          ...t,
          [s.def.key]: s.def.id(c),
          caseNumber: c.caseNumber,
          unitId: c.unitId,
          overdue: t.status !== 'completed' && Date.parse(t.deadline) < at,
          canAcknowledge: unit && !t.acknowledgedAt && t.status !== 'completed',
          canComplete: unit && canCompleteTaskOrder(c, t, s.def.unitStepDone),
        });
    cursor = page.next;
    if (!cursor) break;
  }
  return { items: items.sort((a, b) => a.deadline.localeCompare(b.deadline)), ...(cursor ? { next: cursor } : {}) };
}

/**
 * The bi-weekly 通报 list of the period that contains `date` (any day of it), read for the
 * supervisor's region only; `period` (= `periodStart`) and `periodEnd` are its first and last day.
 */
export async function listNotices<C extends SupervisedCase>(s: Pick<Sv<C>, 'cases'>, p: Principal, date: string) {
  requireRole(p, 'supervisor', 'admin');
  const period = noticePeriod(date);
  const items = await s.cases.listNotices(period, p.role === 'supervisor' ? { regionCode: p.regionCode } : {});
  return { period, periodStart: period, periodEnd: addCalendarDays(period, 13), items };
}

// ── Jobs ─────────────────────────────────────────────────────────────────────

/** Every open case, page by page (the working set of the scheduled jobs). */
async function* openCases<C extends SupervisedCase>(s: Pick<Sv<C>, 'cases'>) {
  let cursor: string | undefined;
  do {
    const page = await s.cases.listOpen({ cursor, limit: 100 });
    yield* page.items;
    cursor = page.next;
  } while (cursor);
}

/**
 * The reconciler (never stranded): every open case without a running execution is
 * restarted at its current step with the time it has left. Pending cases that never
 * started are started (after a grace minute, so a start in flight is not doubled).
 */
export async function reconcile<C extends SupervisedCase>(s: Pick<Sv<C>, 'cases' | 'def' | 'workflow' | 'clock'>) {
  let checked = 0,
    resumed = 0,
    started = 0;
  const now = s.clock.now().getTime();
  for await (const c of openCases(s)) {
    checked++;
    if (c.executionId && (await s.workflow.isRunning(c.executionId))) continue;
    if (!c.step) {
      if (now - Date.parse(c.createdAt) < 60_000 && !c.executionId) continue;
      // A used name would only return the execution that already ended before the first step
      // (e.g. dispatch failed): start the next attempt from the beginning instead.
      await startExecution(s, c, c.attempt + 1);
      started++;
      continue;
    }
    await resumeAtStep(s, c, new Date(now).toISOString());
    resumed++;
  }
  if (resumed || started) logger.info(`reconciled ${s.def.log.plural}`, { checked, resumed, started });
  return { checked, resumed, started };
}

/** Sends the reminders (50% / 80% …) of the current step to the unit, once per point. */
export async function sendReminders<C extends SupervisedCase>(s: Pick<Sv<C>, 'cases' | 'def' | 'clock' | 'notifier' | 'policy'>) {
  let sent = 0;
  const now = s.clock.now();
  const reminded = (step: string) => !!specOf(s.def, step)?.reminders;
  for await (const c of openCases(s)) {
    const fraction = dueReminder(c, now, s.policy, reminded);
    if (fraction === undefined) continue;
    const { after } = await mutate(s, s.def.id(c), (r) => {
      r.remindersSent = [...new Set([...r.remindersSent, ...s.policy.reminderFractions.filter((f) => f <= fraction)])];
      addTimeline(r, now.toISOString(), 'system', `${stepName(s.def, r.step)}环节已用时 ${Math.round(fraction * 100)}%，已提醒单位`);
    });
    await tell(s, after, s.def.messages.reminder(after, fraction));
    sent++;
  }
  return { sent };
}

/**
 * Re-plans open cases after a calendar change. Each open deadline on or after the first
 * changed date keeps its number of working days (counted on the calendar it was computed
 * on) from its start — the step's start, a task order's issue — counted again on the new
 * calendar; past deadlines stay. When the current step's deadline moved, the workflow plans
 * the step again the way a resumed execution does (planStep keeps the stored deadline and
 * gives the time it leaves): a waiting step is completed with `extended`, and a case
 * without a running execution is resumed at once through the reconciler's resume.
 * Demo-clock deadlines (seconds per working day) do not depend on the calendar.
 */
export async function replanOpenCases<C extends SupervisedCase>(
  s: Pick<Sv<C>, 'cases' | 'def' | 'clock' | 'workflow' | 'demoWorkdaySeconds'>,
  change: CalendarChange,
) {
  if (s.demoWorkdaySeconds) return { checked: 0, moved: 0 };
  const now = s.clock.now();
  const at = now.toISOString();
  const shift = (start: string | undefined, deadline: string) => {
    if (!start || Date.parse(deadline) <= now.getTime() || shanghaiDate(deadline) < change.fromDate) return deadline;
    return change.after.deadlineAfter(start, change.before.workingDaysBetween(shanghaiDate(start), shanghaiDate(deadline)));
  };
  let checked = 0,
    moved = 0;
  for await (const c of openCases(s)) {
    checked++;
    let stepMoved = false;
    const { before, after } = await mutate(s, s.def.id(c), (r) => {
      stepMoved = false;
      if (!isOpen(r)) return;
      s.def.replanOwn?.(r, shift);
      if (!r.step || !r.stepDeadline) return;
      for (const t of r.taskOrders) if (t.status === 'issued' || t.status === 'acknowledged') t.deadline = shift(t.issuedAt, t.deadline);
      const order = r.step === 'taskOrder' ? r.taskOrders.filter((t) => t.kind === 'auto').at(-1) : undefined;
      const deadline =
        order && order.status !== 'overdue' && order.status !== 'completed'
          ? order.deadline
          : (s.def.plannedDeadline?.(r, r.step as StepOf<C>) ?? shift(r.stepStartedAt, r.stepDeadline));
      if (deadline === r.stepDeadline) return;
      addTimeline(
        r,
        at,
        'system',
        `工作日历调整，${stepName(s.def, r.step)}环节期限重新计算`,
        `截止 ${shanghaiTime(r.stepDeadline)} → ${shanghaiTime(deadline)}`,
      );
      r.stepDeadline = deadline;
      r.deadlines[r.step as StepOf<C>] = deadline;
      delete r.token;
      stepMoved = true;
    });
    if (!stepMoved) continue;
    moved++;
    if (!(after.executionId && (await s.workflow.isRunning(after.executionId)))) await resumeAtStep(s, after, at);
    else if (before.token) await completeStep(s, before.token, { outcome: 'extended' }, s.def.id(c));
  }
  if (moved) logger.info(`re-planned ${s.def.log.plural} after a calendar change`, { checked, moved, fromDate: change.fromDate });
  return { checked, moved };
}
