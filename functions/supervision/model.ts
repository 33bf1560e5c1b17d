import * as z from 'zod/mini';
import type { Principal } from '../core/access.js';
import type { WorkingCalendar } from '../core/calendar.js';

/**
 * The supervision model (pure): the state of a supervised case — any deadline-bound case a
 * unit must handle under supervision (a bad review, a consultation or complaint) — and the
 * rules every such workflow shares: which step is the unit's work, working-day deadlines
 * and the demo clock, reminder points, the bi-weekly notice period, extensions, task
 * orders, and the task payloads of the workflows built with workflows/builder.ts. Imports
 * only the core and zod; core records extend the state (a bad review, core/bad-review.ts,
 * is built with its rating in one transaction).
 */

/** The overdue ladder every supervised workflow shares: a task order (任务交办单), then escalation (督办升级). */
export type LadderStep = 'taskOrder' | 'escalated';

export type CaseStatus = 'pending' | 'open' | 'closed' | 'voided';

export interface TimelineEntry {
  at: string;
  /** Who acted: a user's name (or `sub`), or `system` for the workflow. */
  actor: string;
  role: string;
  action: string;
  note?: string;
}

/** 任务交办单: issued automatically when a unit step is overdue, or by hand by a supervisor. */
export interface TaskOrder<UnitStep extends string = string> {
  n: number;
  kind: 'auto' | 'manual';
  overdueStep?: UnitStep;
  content: string;
  issuedAt: string;
  issuedBy: string;
  deadline: string;
  status: 'issued' | 'acknowledged' | 'completed' | 'overdue';
  acknowledgedAt?: string;
  completedAt?: string;
  note?: string;
}

/** 督办升级: a missed task order; the unit goes on the bi-weekly 通报 list and a 约谈 is proposed. */
export interface Escalation<UnitStep extends string = string> {
  n: number;
  at: string;
  overdueStep: UnitStep;
  /** Bi-weekly notice period (双周通报) the unit is listed in. */
  noticePeriod: string;
  proposal: '约谈';
  outcome?: { kind: 'interview' | 'notice' | 'none'; note: string; by: string; at: string };
}

/** 延期: asked by the unit during its extensible step, decided by a supervisor. */
export interface ExtensionRequest {
  days: number;
  reason: string;
  at: string;
  by: string;
  decision?: { approve: boolean; days: number; comment?: string; by: string; at: string };
}

/**
 * What every supervised case carries. `Step` is the workflow's step (its own and the
 * ladder's), `UnitStep` a step that is the unit's work (a missed one climbs the ladder).
 */
export interface SupervisedCase<Step extends string = string, UnitStep extends string = string> {
  caseNumber: string;
  unitId: string;
  regionCode: string;
  status: CaseStatus;
  createdAt: string;
  /** Handling round: a dissatisfied return visit may send the case back once. */
  round: number;
  /** The step the workflow is at, its deadline, and the callback token that completes it. */
  step?: Step | LadderStep;
  /** At a ladder step: the unit step that was missed. */
  overdueStep?: UnitStep;
  stepStartedAt?: string;
  stepDeadline?: string;
  token?: string;
  /** Reminder points (0.5, 0.8 …) already sent for the current step. */
  remindersSent: number[];
  /** Deadline per step, kept so a resumed execution gets only the time left. */
  deadlines: Partial<Record<Step | LadderStep, string>>;
  executionId?: string;
  /** Executions started so far (the reconciler starts the next one). */
  attempt: number;
  extensions: ExtensionRequest[];
  taskOrders: TaskOrder<UnitStep>[];
  escalations: Escalation<UnitStep>[];
  closeReason?: string;
  closedAt?: string;
  timeline: TimelineEntry[];
  version: number;
}

export const isOpen = (c: Pick<SupervisedCase, 'status'>) => c.status === 'pending' || c.status === 'open';

/** The supervised part of a new case, waiting for its workflow to dispatch it. */
export function newSupervisedState(at: string, firstAction: string) {
  return {
    status: 'pending' as const,
    createdAt: at,
    round: 1 as const,
    remindersSent: [],
    deadlines: {},
    attempt: 0,
    extensions: [],
    taskOrders: [],
    escalations: [],
    timeline: [{ at, actor: 'system', role: 'system', action: firstAction }],
    version: 1,
  };
}

/** The steps of a case type (its own and the ladder's) and its unit steps. */
export type StepOf<C extends SupervisedCase> = NonNullable<C['step']>;
export type UnitStepOf<C extends SupervisedCase> = NonNullable<C['overdueStep']>;

export const isLadderStep = (step: string | undefined): step is LadderStep => step === 'taskOrder' || step === 'escalated';

/** The unit's work at the current step: during a task order or after escalation it is still the overdue step. */
export const workStep = <C extends SupervisedCase>(c: C): StepOf<C> | undefined => (isLadderStep(c.step) ? c.overdueStep : c.step) as StepOf<C> | undefined;

/** A workflow's numbers (configuration): working days per step, the extension cap, reminder points. */
export interface DeadlinePolicy<Step extends string = string> {
  days: Record<Step, number>;
  maxExtensionDays: number;
  reminderFractions: readonly number[];
}

/** End of `days` working days after `from` on this calendar, or `days` × the demo clock's seconds per working day. */
export function workingDeadline(demoWorkdaySeconds: number | undefined, calendar: WorkingCalendar, days: number, from: Date | string): string {
  if (demoWorkdaySeconds) return new Date(new Date(from).getTime() + days * demoWorkdaySeconds * 1000).toISOString();
  return calendar.deadlineAfter(from, days);
}

/** Seconds left until a deadline, at least 1 (Step Functions' smallest timeout). */
export const secondsUntil = (deadline: string, now: Date) => Math.max(1, Math.ceil((Date.parse(deadline) - now.getTime()) / 1000));

/** Seconds left in the current step (negative once overdue); none when closed or not yet planned. */
export const secondsLeft = (c: SupervisedCase, at: Date) =>
  c.stepDeadline && isOpen(c) ? Math.floor((Date.parse(c.stepDeadline) - at.getTime()) / 1000) : undefined;

/** Behind schedule: the step's deadline has passed, or the case is on the overdue ladder. */
export function behindSchedule(c: SupervisedCase, at: Date): boolean {
  const left = secondsLeft(c, at);
  return (left !== undefined && left < 0) || isLadderStep(c.step);
}

/** The reminder point (50%, 80% …) now due for the current step, if any not yet sent; only steps in `reminded` have them. */
export function dueReminder(
  c: SupervisedCase,
  now: Date,
  policy: Pick<DeadlinePolicy, 'reminderFractions'>,
  reminded: (step: string) => boolean,
): number | undefined {
  if (!isOpen(c) || !c.step || !reminded(c.step) || !c.stepStartedAt || !c.stepDeadline) return undefined;
  const start = Date.parse(c.stepStartedAt);
  const span = Date.parse(c.stepDeadline) - start;
  const elapsed = (now.getTime() - start) / span;
  return policy.reminderFractions.filter((f) => elapsed >= f && elapsed < 1 && !c.remindersSent.includes(f)).pop();
}

/** Bi-weekly notice period (双周通报) containing a date: 14-day periods from Monday 2026-01-05. */
export function noticePeriod(date: string): string {
  const epoch = Date.UTC(2026, 0, 5);
  const days = Math.floor((Date.parse(`${date}T00:00:00Z`) - epoch) / 86_400_000);
  const start = new Date(epoch + Math.floor(days / 14) * 14 * 86_400_000);
  return start.toISOString().slice(0, 10);
}

/** One line of a workflow's bi-weekly 通报 list: a unit that missed a task order. */
export interface NoticeEntry {
  period: string;
  unitId: string;
  regionCode: string;
  /** The supervised case (e.g. a bad review's id). */
  caseId: string;
  caseNumber: string;
  escalation: number;
  at: string;
}

/** Working days granted so far: the extension cap is on all approved extensions of the case together. */
export const grantedExtensionDays = (c: SupervisedCase) => c.extensions.reduce((sum, e) => sum + (e.decision?.approve ? e.decision.days : 0), 0);

/**
 * Whether 办结 of a task order would be accepted now: not yet completed, and for an
 * automatic one its overdue step is done.
 */
export const canCompleteTaskOrder = <C extends SupervisedCase>(c: C, t: TaskOrder, stepDone: (c: C, step: UnitStepOf<C>) => boolean) =>
  t.status !== 'completed' && !(t.kind === 'auto' && t.overdueStep && !stepDone(c, t.overdueStep as UnitStepOf<C>));

export const actorOf = (p: Principal | 'system') => (p === 'system' ? { actor: 'system', role: 'system' } : { actor: p.name ?? p.sub, role: p.role });

export function addTimeline(c: SupervisedCase, at: string, who: Principal | 'system', action: string, note?: string) {
  const entry: TimelineEntry = { at, ...actorOf(who), action, ...(note ? { note } : {}) };
  c.timeline.push(entry);
}

/** A change of the working-day calendar: its first changed date and the calendars before and after it. */
export interface CalendarChange {
  fromDate: string;
  before: WorkingCalendar;
  after: WorkingCalendar;
}

/**
 * The payloads the workflow's Task states send the task function (workflows/builder.ts):
 * `{action, <key>, …}`. The key is read into `id`.
 */
export function taskPayloadSchema(
  steps: readonly [string, ...string[]],
  unitSteps: readonly [string, ...string[]],
  closeReasons: readonly [string, ...string[]],
) {
  const Step = z.enum(steps);
  const UnitStep = z.enum(unitSteps);
  const id = z.string();
  return z.discriminatedUnion('action', [
    z.object({ action: z.literal('dispatch'), id }),
    z.object({ action: z.literal('planStep'), id, step: Step, overdueStep: z.optional(UnitStep) }),
    z.object({ action: z.literal('openStep'), id, step: Step, overdueStep: z.optional(UnitStep), taskToken: z.string() }),
    z.object({ action: z.literal('issueTaskOrder'), id, overdueStep: UnitStep }),
    z.object({ action: z.literal('escalate'), id, overdueStep: UnitStep }),
    z.object({ action: z.literal('close'), id, reason: z.enum(closeReasons) }),
    z.object({ action: z.literal('alert'), id, error: z.optional(z.unknown()) }),
  ]);
}
export type SupervisionTaskPayload = z.infer<ReturnType<typeof taskPayloadSchema>>;
