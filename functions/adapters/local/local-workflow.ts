/**
 * Local workflow engine: runs the very same ASL text CDK deploys, in process, on
 * aws-local-stepfunctions, behind the WorkflowEngine port.
 *
 * What aws-local-stepfunctions 3.0.0 does and does not do, and what this adapter adds:
 * - It has no SendTaskSuccess/SendTaskFailure and does not know `.waitForTaskToken`.
 *   Every Task state is overridden with a local handler (`taskResourceLocalHandlers`,
 *   keyed by state name). For a callback task the handler calls the task function and
 *   returns a promise that settles when sendTaskSuccess/sendTaskFailure is called with
 *   the token, or when the step times out.
 * - It resolves `$$.Task.Token` from the run's context object, which it spreads
 *   shallowly: the context passed here has a `Task.Token` getter that issues a fresh
 *   token (crypto.randomUUID) each time a state's Parameters are evaluated.
 * - It does enforce TimeoutSeconds/TimeoutSecondsPath on local handlers, but
 *   (a) it resolves TimeoutSecondsPath against the Parameters output instead of the
 *   state input as Step Functions does, (b) in real seconds, and (c) it applies a 60 s
 *   default to every task. So for callback tasks this adapter moves the timeout out
 *   of the library: TimeoutSecondsPath is re-injected into the task's Parameters as a
 *   hidden key (so it still resolves against the state input), the state's library
 *   timeout is pushed to the longest a Node timer allows (~24.8 days, so a longer local
 *   step times out then), and this adapter fails the step itself with an error named
 *   `States.Timeout` after `seconds × timeScale`, which the definition's Catch matches.
 *   (The library's own timeout error is not exported; unlike it, ours would also match a
 *   `States.TaskFailed` catcher. The bad-review definition uses none.)
 * - Errors thrown by the task function reach Retry/Catch under their `name`, like a
 *   Lambda error type (e.g. `Lambda.TooManyRequestsException`).
 * - Two library quirks the definition avoids: an explicit `"ResultPath": "$"` writes a
 *   key named "$" (leave ResultPath out instead), and `"IsPresent": false` never
 *   matches (write `Not` + `"IsPresent": true`).
 * - It keeps executions in memory only, like this adapter: `stopAll()` is a restart.
 *   A finished execution stays readable (history, whenSettled, its name returning its id)
 *   for `keepFinishedMs` (default 60 s) and is then dropped, so a long-running local stack
 *   does not grow; what happened stays in the case's timeline. (Step Functions keeps
 *   closed executions 90 days; the use cases never rely on that: a restart is a new name.)
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { TaskTokenInvalidError, type WorkflowEngine, type WorkflowHistoryEvent } from '../../ports/workflow.js';

// biome-ignore lint/suspicious/noExplicitAny: the task function receives and returns arbitrary JSON
export type LocalTaskHandler = (payload: any) => Promise<any>;

export interface LocalWorkflowOptions {
  /** The raw definition text, placeholders included (e.g. the content of workflows/bad-review.asl.json). */
  readonly definition: string;
  /** Values for `${Name}` placeholders; merged over {@link DEFAULT_SUBSTITUTIONS}. */
  readonly substitutions?: Readonly<Record<string, string>>;
  /** The same function the task Lambda runs, called in process with the Lambda payload. */
  readonly taskHandler: LocalTaskHandler;
  /** Multiplies every callback step timeout: 1 = real seconds; tests use e.g. 0.01. */
  readonly timeScale?: number;
  /**
   * Milliseconds to wait before a Retry, per state name (number or one number per retrier),
   * or one number for every state. Defaults to IntervalSeconds × timeScale when timeScale < 1.
   */
  readonly retryIntervalOverrides?: number | Readonly<Record<string, number | number[]>>;
  /** Used in execution ids. */
  readonly stateMachineName?: string;
  /** How long a finished execution stays readable before it is dropped (ms); default 60 000, 0 drops it at once. */
  readonly keepFinishedMs?: number;
}

export const DEFAULT_SUBSTITUTIONS: Readonly<Record<string, string>> = {
  Partition: 'aws',
  BadReviewTaskFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:local-bad-review-task',
  ComplaintTaskFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:local-complaint-task',
};

/** The raw text of a workflows/*.asl.json, the same file CDK deploys. */
export const readDefinition = (name: 'bad-review' | 'complaint'): string =>
  readFileSync(new URL(`../../../workflows/${name}.asl.json`, import.meta.url), 'utf8');

/** The raw text of workflows/bad-review.asl.json. */
export const readBadReviewDefinition = () => readDefinition('bad-review');

export type LocalExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';

export interface LocalExecutionResult {
  status: Exclude<LocalExecutionStatus, 'RUNNING'>;
  output?: unknown;
  error?: string;
  cause?: string;
}

/** Number of state transitions as Step Functions Standard bills them: every state entered, plus every retry. */
export function countTransitions(history: readonly Pick<WorkflowHistoryEvent, 'type'>[]): number {
  return history.filter((e) => e.type.endsWith('StateEntered') || e.type === 'StateRetried').length;
}

/** Longest timer Node accepts is 2^31-1 ms (~24.8 days); beyond that setTimeout fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** The library's own timer on callback tasks: as far away as a Node timer can be. */
const LIBRARY_TIMEOUT_CEILING_SECONDS = Math.floor(MAX_TIMER_MS / 1000);
const HIDDEN_TIMEOUT_KEY = '__localTimeoutSeconds';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type StateDef = Record<string, unknown> & { Type: string };
type TaskKind = 'invoke' | 'callback' | 'function';

interface TaskPlan {
  kind: TaskKind;
  /** Static TimeoutSeconds of a callback task (otherwise read from the hidden Parameters key). */
  timeoutSeconds?: number;
}

interface PendingStep {
  executionId: string;
  stateName: string;
  resolve: (output: Json) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

interface Execution {
  id: string;
  name: string;
  status: LocalExecutionStatus;
  history: WorkflowHistoryEvent[];
  settled: Promise<LocalExecutionResult>;
  logsDone: Promise<void>;
  abort: () => void;
  issuedToken?: string;
  result?: LocalExecutionResult;
  dropTimer?: NodeJS.Timeout;
}

/** An error whose name is what the definition's Retry/Catch see. */
class StateError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** Like the library's States.Runtime: neither Retry nor Catch may handle it (duck-typed flags the library reads). */
class StatesRuntimeError extends StateError {
  readonly isRetryable = false;
  readonly isCatchable = false;
  constructor(message: string) {
    super('States.Runtime', message);
  }
}

export class LocalWorkflowEngine implements WorkflowEngine {
  private readonly machine: StateMachine;
  private readonly tasks = new Map<string, TaskPlan>();
  private readonly retryStates: { name: string; intervals: number[] }[] = [];
  private readonly taskHandler: LocalTaskHandler;
  private readonly timeScale: number;
  private readonly retryIntervalOverrides?: Record<string, number | number[]>;
  private readonly stateMachineName: string;
  private readonly keepFinishedMs: number;
  private executions = new Map<string, Execution>();
  private byName = new Map<string, Execution>();
  private pending = new Map<string, PendingStep>();

  constructor(options: LocalWorkflowOptions) {
    this.taskHandler = options.taskHandler;
    this.timeScale = options.timeScale ?? 1;
    if (!(this.timeScale > 0)) throw new RangeError('timeScale must be > 0');
    this.stateMachineName = options.stateMachineName ?? 'bad-review';
    this.keepFinishedMs = Math.min(options.keepFinishedMs ?? 60_000, MAX_TIMER_MS);

    const text = substitute(options.definition, { ...DEFAULT_SUBSTITUTIONS, ...options.substitutions });
    const definition = JSON.parse(text) as StateMachineDefinition;
    this.prepareStates(definition.States as unknown as Record<string, StateDef>);
    this.retryIntervalOverrides = this.resolveRetryOverrides(options.retryIntervalOverrides);
    this.machine = new StateMachine(definition);
  }

  async start({ name, input }: { name: string; input: unknown }): Promise<{ executionId: string }> {
    const existing = this.byName.get(name);
    if (existing) return { executionId: existing.id };

    const id = `arn:aws:states:local:000000000000:execution:${this.stateMachineName}:${name}`;
    const exec = { id, name, status: 'RUNNING', history: [] } as unknown as Execution;
    const context = {
      Execution: { Id: id, Name: name },
      StateMachine: { Id: `arn:aws:states:local:000000000000:stateMachine:${this.stateMachineName}`, Name: this.stateMachineName },
      Task: {
        get Token(): string {
          exec.issuedToken = randomUUID();
          return exec.issuedToken;
        },
      },
    };
    const run = this.machine.run(toJson(input), {
      overrides: {
        taskResourceLocalHandlers: this.handlersFor(exec),
        ...(this.retryIntervalOverrides ? { retryIntervalOverrides: this.retryIntervalOverrides } : {}),
      },
      context,
      noThrowOnAbort: true,
    });
    exec.abort = run.abort;
    exec.logsDone = (async () => {
      for await (const event of run.eventLogs) {
        exec.history.push({
          type: event.type,
          ...('state' in event ? { stateName: event.state.name } : {}),
          timestamp: new Date(event.timestamp).toISOString(),
        });
      }
    })();
    exec.settled = run.result
      .then(
        (output): LocalExecutionResult => (exec.status === 'ABORTED' ? { status: 'ABORTED' } : { status: 'SUCCEEDED', output }),
        (err: unknown): LocalExecutionResult => {
          const cause = err instanceof Error && err.cause instanceof Error ? err.cause : undefined;
          return { status: 'FAILED', error: cause?.name ?? 'Error', cause: cause?.message ?? String(err) };
        },
      )
      .then((result) => {
        if (exec.status === 'RUNNING') exec.status = result.status;
        exec.result = result;
        this.dropPendingOf(exec.id, 'Local.ExecutionEnded');
        this.dropLater(exec);
        return result;
      });

    this.executions.set(id, exec);
    this.byName.set(name, exec);
    return { executionId: id };
  }

  async sendTaskSuccess(taskToken: string, output: unknown): Promise<void> {
    const step = this.takePending(taskToken);
    step.resolve(toJson(output ?? {}));
  }

  async sendTaskFailure(taskToken: string, error: string, cause?: string): Promise<void> {
    const step = this.takePending(taskToken);
    step.reject(new StateError(error, cause ?? ''));
  }

  async isRunning(executionId: string): Promise<boolean> {
    return this.executions.get(executionId)?.status === 'RUNNING';
  }

  async history(executionId: string): Promise<WorkflowHistoryEvent[]> {
    const exec = this.mustGet(executionId);
    if (exec.status !== 'RUNNING') await exec.logsDone;
    return [...exec.history];
  }

  /** Local only: resolves when the execution ends (succeeded, failed or aborted by stopAll). */
  whenSettled(executionId: string): Promise<LocalExecutionResult> {
    return this.mustGet(executionId).settled;
  }

  /** Local only: state names currently waiting for a callback in this execution. */
  waitingStates(executionId: string): string[] {
    return [...this.pending.values()].filter((p) => p.executionId === executionId).map((p) => p.stateName);
  }

  /** Local only: how many executions the engine holds in memory (running, or finished less than `keepFinishedMs` ago). */
  get size(): number {
    return this.executions.size;
  }

  /** Shutdown or simulated restart: aborts every execution and forgets everything held in memory. */
  stopAll(): void {
    for (const exec of this.executions.values()) {
      clearTimeout(exec.dropTimer);
      if (exec.status === 'RUNNING') {
        exec.status = 'ABORTED';
        exec.abort();
      }
    }
    // Settle waiting steps so the library's own task timers are cleared.
    for (const token of [...this.pending.keys()]) this.takePending(token).reject(new StateError('Local.ExecutionStopped', 'engine stopped'));
    this.executions = new Map();
    this.byName = new Map();
    this.pending = new Map();
  }

  private handlersFor(exec: Execution): Record<string, (input: Json) => Promise<Json>> {
    const handlers: Record<string, (input: Json) => Promise<Json>> = {};
    for (const [stateName, plan] of this.tasks) {
      handlers[stateName] =
        plan.kind === 'callback' ? (input) => this.runCallbackTask(exec, stateName, plan, input) : (input) => this.runTask(plan.kind, input);
    }
    return handlers;
  }

  private async runTask(kind: TaskKind, input: Json): Promise<Json> {
    const payload = kind === 'invoke' ? ((input as { Payload?: Json }).Payload ?? null) : input;
    const result = toJson((await this.call(payload)) ?? null);
    // The lambda:invoke integration wraps the function's result.
    return kind === 'invoke' ? { ExecutedVersion: '$LATEST', Payload: result, StatusCode: 200 } : result;
  }

  private async runCallbackTask(exec: Execution, stateName: string, plan: TaskPlan, input: Json): Promise<Json> {
    const token = exec.issuedToken;
    exec.issuedToken = undefined;
    if (!token || !JSON.stringify(input).includes(token)) {
      throw new StatesRuntimeError(`${stateName}: a .waitForTaskToken task must pass $$.Task.Token in its Parameters`);
    }
    const { [HIDDEN_TIMEOUT_KEY]: pathSeconds, ...params } = input as Record<string, Json>;
    const seconds = plan.timeoutSeconds ?? pathSeconds;
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 1) {
      throw new StatesRuntimeError(`${stateName}: timeout evaluated to ${JSON.stringify(seconds)}, expected an integer >= 1`);
    }

    const waiting = Promise.withResolvers<Json>();
    // The deadline may pass while the invoke below is still running (or after it failed): the
    // rejection then waits for the return below, and must not count as unhandled meanwhile.
    waiting.promise.catch(() => {});
    // The step's clock starts when it is scheduled, as in Step Functions.
    const timer = setTimeout(
      () => {
        if (this.pending.delete(token)) {
          waiting.reject(new StateError('States.Timeout', `${stateName} timed out after ${seconds} s`));
        }
      },
      Math.min(seconds * 1000 * this.timeScale, MAX_TIMER_MS),
    );
    this.pending.set(token, { executionId: exec.id, stateName, resolve: waiting.resolve, reject: waiting.reject, timer });

    try {
      await this.call((params as { Payload?: Json }).Payload ?? null);
    } catch (err) {
      // The invoke failed: this attempt's token is dead (a Retry issues a new one).
      if (this.pending.delete(token)) clearTimeout(timer);
      throw err;
    }
    return waiting.promise;
  }

  /** Calls the task function; anything it throws reaches Retry/Catch under the error's name, like a Lambda error type. */
  private async call(payload: Json): Promise<unknown> {
    try {
      return await this.taskHandler(payload);
    } catch (err) {
      if (err instanceof Error) throw err;
      throw new StateError('Error', String(err));
    }
  }

  private takePending(taskToken: string): PendingStep {
    const step = this.pending.get(taskToken);
    if (!step) throw new TaskTokenInvalidError();
    this.pending.delete(taskToken);
    clearTimeout(step.timer);
    return step;
  }

  /** Forgets a finished execution once it has been readable for `keepFinishedMs`. */
  private dropLater(exec: Execution): void {
    if (this.executions.get(exec.id) !== exec) return; // already forgotten by stopAll()
    const drop = () => {
      // A restart may already have forgotten it (and started another under the same name).
      if (this.executions.get(exec.id) === exec) this.executions.delete(exec.id);
      if (this.byName.get(exec.name) === exec) this.byName.delete(exec.name);
    };
    if (this.keepFinishedMs <= 0) {
      drop();
      return;
    }
    exec.dropTimer = setTimeout(drop, this.keepFinishedMs);
    exec.dropTimer.unref();
  }

  private dropPendingOf(executionId: string, reason: string): void {
    for (const [token, step] of this.pending) {
      if (step.executionId === executionId) this.takePending(token).reject(new StateError(reason, 'execution ended'));
    }
  }

  private mustGet(executionId: string): Execution {
    const exec = this.executions.get(executionId);
    if (!exec) throw new StateError('ExecutionDoesNotExist', `Execution does not exist: ${executionId}`);
    return exec;
  }

  /** Finds every Task (also inside Parallel/Map), and moves callback timeouts out of the library. */
  private prepareStates(states: Record<string, StateDef>): void {
    for (const [name, state] of Object.entries(states)) {
      if (state.Type === 'Parallel') {
        for (const branch of state.Branches as { States: Record<string, StateDef> }[]) this.prepareStates(branch.States);
      }
      if (state.Type === 'Map') {
        const processor = (state.ItemProcessor ?? state.Iterator) as { States: Record<string, StateDef> } | undefined;
        if (processor) this.prepareStates(processor.States);
      }
      if (Array.isArray(state.Retry)) {
        this.retryStates.push({
          name,
          intervals: (state.Retry as { IntervalSeconds?: number }[]).map((r) => (r.IntervalSeconds ?? 1) * 1000),
        });
      }
      if (state.Type !== 'Task') continue;

      const kind = taskKind(String(state.Resource), name);
      const plan: TaskPlan = { kind };
      if (kind === 'callback') {
        if ('HeartbeatSeconds' in state || 'HeartbeatSecondsPath' in state) {
          throw new Error(`${name}: heartbeats are not supported by the local engine`);
        }
        if (typeof state.TimeoutSeconds === 'number') {
          plan.timeoutSeconds = state.TimeoutSeconds;
        } else if (typeof state.TimeoutSecondsPath === 'string') {
          const params = state.Parameters as Record<string, Json> | undefined;
          if (!params || typeof params !== 'object') throw new Error(`${name}: a callback task needs Parameters`);
          params[`${HIDDEN_TIMEOUT_KEY}.$`] = state.TimeoutSecondsPath;
        } else {
          throw new Error(`${name}: a callback task needs TimeoutSeconds or TimeoutSecondsPath`);
        }
        delete state.TimeoutSecondsPath;
        state.TimeoutSeconds = LIBRARY_TIMEOUT_CEILING_SECONDS;
      }
      this.tasks.set(name, plan);
    }
  }

  private resolveRetryOverrides(given: LocalWorkflowOptions['retryIntervalOverrides']): Record<string, number | number[]> | undefined {
    if (typeof given === 'number') return Object.fromEntries(this.retryStates.map((s) => [s.name, given]));
    if (given) return { ...given };
    if (this.timeScale >= 1) return undefined;
    return Object.fromEntries(this.retryStates.map((s) => [s.name, s.intervals.map((ms) => ms * this.timeScale)]));
  }
}

function taskKind(resource: string, stateName: string): TaskKind {
  if (/^arn:[^:]+:states:::lambda:invoke\.waitForTaskToken$/.test(resource)) return 'callback';
  if (/^arn:[^:]+:states:::lambda:invoke$/.test(resource)) return 'invoke';
  if (/^arn:[^:]+:lambda:/.test(resource)) return 'function';
  throw new Error(`${stateName}: the local engine only runs Lambda tasks, not ${resource}`);
}

function substitute(text: string, values: Readonly<Record<string, string>>): string {
  const out = text.replace(/\$\{([A-Za-z0-9_]+)\}/g, (whole, key: string) => values[key] ?? whole);
  const missing = [...new Set(out.match(/\$\{[A-Za-z0-9_]+\}/g) ?? [])];
  if (missing.length > 0) throw new Error(`No substitution for ${missing.join(', ')}`);
  return out;
}

/** Values cross the engine boundary as JSON, as they do through the Step Functions API. */
function toJson(value: unknown): Json {
  return JSON.parse(JSON.stringify(value ?? null)) as Json;
}
