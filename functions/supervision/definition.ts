import type { Owned } from '../core/access.js';
import type { Audience, NotificationKind } from '../ports/notifier.js';
import type { DeadlinePolicy, Escalation, ExtensionRequest, StepOf, SupervisedCase, TaskOrder, UnitStepOf } from './model.js';
import type { SupervisionPorts } from './ports.js';

/**
 * What a deadline-bound workflow supplies to run on the supervision core: its steps, names,
 * who is told what at each event, and the few rules only it knows (when the unit has done
 * a step, what a step's outcome already is). Everything else — deadlines, re-planning,
 * reminders, task orders, escalation, the 通报 list, extensions, the reconciler, the
 * timeline — is the core's (engine.ts). Example: functions/usecases/bad-review-definition.ts.
 */

export interface StepSpec {
  /** Chinese name (环节名称), e.g. 核实. */
  readonly name: string;
  /** The unit's work: a missed deadline issues a task order, and a missed task order escalates. */
  readonly unit?: boolean;
  /** Reminders to the unit at the policy's fractions of the step. */
  readonly reminders?: boolean;
  /** Extensions (延期) may be asked while this step runs; the word names the step in messages (e.g. 整改). */
  readonly extension?: string;
}

/** One notification of an event: the inbox stores an id (`{case id}:{kind}:{key}`) once, so keys are stable per event. */
export interface Message {
  readonly kind: NotificationKind;
  readonly to: Audience;
  readonly title: string;
  /** Simplified Chinese, no personal data. */
  readonly body: string;
  readonly key: string;
}

/** Who is told what at each event of the core. */
export interface Messages<C extends SupervisedCase> {
  dispatched(c: C, policy: DeadlinePolicy<StepOf<C>>): Message[];
  /** A step was planned afresh (not a resume), e.g. the rater is asked for the return visit. */
  stepPlanned?(c: C, step: StepOf<C>, deadline: string): Message[];
  taskOrderIssued(c: C, order: TaskOrder<UnitStepOf<C>>): Message[];
  manualTaskOrder(c: C, order: TaskOrder<UnitStepOf<C>>): Message[];
  escalated(c: C, escalation: Escalation<UnitStepOf<C>>): Message[];
  reminder(c: C, fraction: number): Message[];
  extensionRequested(c: C, request: ExtensionRequest): Message[];
  extensionDecided(c: C, approve: boolean): Message[];
  closed(c: C, reason: string): Message[];
  alert(c: C, errorName: string, at: string): Message[];
}

export interface SupervisedWorkflow<C extends SupervisedCase> {
  /** The workflow's kind: keys its 通报 list (e.g. `badReview`). */
  readonly kind: string;
  /** The key its task payloads and execution input carry, and its log key (e.g. `reviewId`). */
  readonly key: string;
  /** Names it in logs: `reconciled {plural}`, `{title} workflow failed`. */
  readonly log: { readonly title: string; readonly plural: string };
  /** The case in words (e.g. 差评), and the rule a closed case's 409 names (e.g. `review_open`). */
  readonly noun: string;
  readonly openRule: string;
  /** Every step, the ladder's (taskOrder, escalated) included. */
  readonly steps: Readonly<Record<StepOf<C>, StepSpec>>;
  /** Close reasons (the `close` action) and the timeline text of each; `voided` closes as voided. */
  readonly closeTexts: Readonly<Record<string, string>>;
  readonly texts: {
    /** Timeline: the case is dispatched to its unit. */
    readonly dispatched: string;
    /** An automatic task order's content. */
    taskOrder(c: C, overdueStep: UnitStepOf<C>, deadline: string): string;
  };
  readonly messages: Messages<C>;
  id(c: C): string;
  /** Whose it is (access checks: unit, region, the citizen's person key). */
  owner(c: C): Owned;
  /** A new execution's input: the key and what the definition reads (the core adds `round` and `resume` to resume one). */
  executionInput(c: C): Record<string, unknown>;
  /** Whether the unit has done a unit step (in the current round). */
  unitStepDone(c: C, step: UnitStepOf<C>): boolean;
  /** The outcome of the step the unit (or citizen) works on if it is already known (recorded while no token waited). */
  knownOutcome(c: C, work: StepOf<C> | undefined): string | undefined;
  /**
   * A step's deadline when the workflow fixes it rather than the policy's working days from
   * the step's start (e.g. a complaint's handling ends at its due date, 承诺时限, whenever it starts).
   */
  plannedDeadline?(c: C, step: StepOf<C>): string | undefined;
  /**
   * After a calendar change, moves the workflow's own deadlines (e.g. a complaint's due
   * date): `shift(start, deadline)` keeps the working days from `start` to `deadline`.
   */
  replanOwn?(c: C, shift: (start: string, deadline: string) => string): void;
}

/** A workflow on the core at run time: its definition, its numbers and the ports. */
export interface Supervision<C extends SupervisedCase> extends SupervisionPorts<C> {
  readonly def: SupervisedWorkflow<C>;
  readonly policy: DeadlinePolicy<StepOf<C>>;
}

/** Audiences of a case: its unit's staff, its unit's leader, the supervisors of its region. */
export const unitStaff = (c: SupervisedCase): Audience => ({ kind: 'unitStaff', unitId: c.unitId });
export const unitLeader = (c: SupervisedCase): Audience => ({ kind: 'unitLeader', unitId: c.unitId });
export const supervisorsOf = (c: SupervisedCase): Audience => ({ kind: 'supervisors', regionCode: c.regionCode });

export const stepName = <C extends SupervisedCase>(def: SupervisedWorkflow<C>, step: string | undefined) =>
  step ? ((def.steps as Record<string, StepSpec>)[step]?.name ?? step) : '—';

/** The unit steps, those a missed deadline takes up the ladder. */
export const unitSteps = <C extends SupervisedCase>(def: SupervisedWorkflow<C>) =>
  (Object.keys(def.steps) as StepOf<C>[]).filter((s) => (def.steps[s] as StepSpec).unit) as unknown as UnitStepOf<C>[];
