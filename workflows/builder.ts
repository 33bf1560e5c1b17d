/**
 * Builds Step Functions definitions (ASL, JSONPath) for the case workflows: human steps
 * with deadlines, the overdue ladder (task order → escalation), one retry policy and one
 * catch-all on every Task, close states and the failure path. A workflow describes its own
 * steps and names (e.g. workflows/bad-review.workflow.ts); workflows/generate.ts writes the
 * JSON that CDK deploys and the local engine runs. Dependency-free on purpose.
 *
 * Conventions every definition built here shares (the task function implements them):
 * - All work goes through one task function, `lambda:invoke`, payload `{action, <key>, …}`.
 * - A human step is `planStep` (→ `$.plan = {seconds, deadline}`) then `openStep` with a task
 *   token, timed out by `$.plan.seconds`; the callback output lands in `$.callback`.
 * - Unit steps answer `done`, `extended` (plan and await the same step again) or `voided`.
 * - The state carries `round`; `$.overdueStep` names the step a task order is about.
 * - Execution input may carry `resume: {step, overdueStep?}` to restart at a step.
 */

/** One ASL state, as JSON. */
export type State = Record<string, unknown>;
export type States = Record<string, State>;
export interface Definition {
  Comment: string;
  StartAt: string;
  States: States;
}

/** Shared states: every workflow built here has them, under these names. */
export const START_OR_RESUME = 'Start or resume';
export const UNEXPECTED_OUTCOME = 'Unexpected outcome';
export const ALERT_OPERATORS = 'Alert operators';
export const WORKFLOW_FAILED = 'Workflow failed';
export const ISSUE_TASK_ORDER = 'Issue task order';
export const ESCALATE = 'Escalate to supervisor';
export const CONTINUE_AFTER_OVERDUE = 'Continue after overdue step';

/** The one retry policy of every Task: transient Lambda errors only, never `States.Timeout`. */
export const RETRY_TRANSIENT_LAMBDA_ERRORS = {
  ErrorEquals: ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'],
  IntervalSeconds: 2,
  MaxAttempts: 6,
  BackoffRate: 2,
  MaxDelaySeconds: 30,
  JitterStrategy: 'FULL',
} as const;

/** The one catch-all of every Task (but the alert's own): keep the error, alert the operators. */
export const CATCH_ALL = { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: ALERT_OPERATORS } as const;

/** An outcome route target meaning "plan and await the same step again". */
export const AGAIN = Symbol('the same step again');

/** A Choice condition, as ASL JSON (e.g. `{Variable: '$.round', NumericLessThan: 2}`). */
export type Condition = Record<string, unknown>;

/** One rule of a step's outcome Choice: `$.callback.outcome` is `on` (any of them), and `and` holds. */
export interface OutcomeRoute {
  readonly on: string | readonly string[];
  readonly and?: Condition;
  readonly next: string | typeof AGAIN;
}

/** The state names of a human step. */
export interface StepNames {
  readonly plan: string;
  readonly await: string;
  readonly outcome: string;
  readonly overdue: string;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** `stepNames('rectification', 'rectification and reply')` → Plan rectification deadline, Await rectification and reply, Rectification outcome, Rectification overdue. */
export function stepNames(noun: string, awaited: string = noun): StepNames {
  return { plan: `Plan ${noun} deadline`, await: `Await ${awaited}`, outcome: `${capital(noun)} outcome`, overdue: `${capital(noun)} overdue` };
}

export interface HumanStep<StepKey extends string = string> {
  /** The task function's step (`planStep`/`openStep` payload, `resume.step`). */
  readonly step: StepKey;
  readonly names: StepNames;
  readonly comments: { readonly plan: string; readonly await: string; readonly outcome?: string };
  /** The outcome Choice's rules, in order; for a unit step `done` leads to the step that follows it. */
  readonly outcomes: readonly OutcomeRoute[];
  /** A missed deadline: `'overdue'` (task order, then escalation) or the state to go to. */
  readonly onTimeout: 'overdue' | string;
  /** States laid out right after this step's own (e.g. the Choice its `done` leads to). */
  readonly after?: States;
}

export interface TaskOptions {
  readonly comment?: string;
  readonly action: string;
  /** Payload entries after `action` and the key. */
  readonly payload?: Readonly<Record<string, unknown>>;
  /** A callback task (`.waitForTaskToken`); the token goes last in the payload. */
  readonly waitForTaskToken?: boolean;
  readonly timeoutSecondsPath?: string;
  readonly resultSelector?: Readonly<Record<string, string>>;
  /** Omitted: the result replaces the state; `null`: the result is dropped. */
  readonly resultPath?: string | null;
  /** Catch `States.Timeout` (before the catch-all) and go there. */
  readonly onTimeout?: string;
  /** No `next`: the Task ends the execution. */
  readonly next?: string;
}

export interface WorkflowOptions<StepKey extends string, Reason extends string> {
  readonly comment: string;
  /** States a new execution runs before the first step; the first of them is where it starts. */
  readonly start: States;
  readonly steps: readonly HumanStep<StepKey>[];
  /** Close states by close reason (`close` action), laid out after the overdue ladder; `voided` is where every unit step's `voided` goes. */
  readonly closes: Readonly<Record<Reason | 'voided', { readonly name: string; readonly comment: string }>>;
  /** Comments of the overdue ladder's states; default LADDER_COMMENTS. */
  readonly ladderComments?: LadderComments;
}

export interface LadderComments {
  readonly issueTaskOrder: string;
  readonly taskOrder: HumanStep['comments'];
  readonly escalate: string;
  readonly escalated: HumanStep['comments'];
}

const LADDER_OUTCOME_COMMENT = 'done → the step after the overdue one; extended → same step again; voided → close.';
export const LADDER_COMMENTS: LadderComments = {
  issueTaskOrder: 'A missed unit deadline auto-issues a task order (任务交办单) to the unit leader.',
  taskOrder: {
    plan: 'Task order deadline (default 3 working days) as seconds from now.',
    await: 'The unit leader has the overdue step handled; `done` means the overdue step is now done.',
    outcome: LADDER_OUTCOME_COMMENT,
  },
  escalate: 'Missed task order: supervisor alert, the unit goes on the 通报 list and a 约谈 is proposed.',
  escalated: {
    plan: 'Time allowed after an escalation before escalating again, as seconds from now.',
    await: 'The case stays open until it is really handled; each missed deadline escalates again.',
    outcome: LADDER_OUTCOME_COMMENT,
  },
};

const TASK_ORDER = stepNames('task order');
const ESCALATION = stepNames('escalation', 'handling after escalation');

/** A unit step's outcomes: `done` → `done`, `extended` → the same step again, `voided` → `voided`. */
export function unitOutcomes(done: string, voided: string): OutcomeRoute[] {
  return [
    { on: 'done', next: done },
    { on: 'extended', next: AGAIN },
    { on: 'voided', next: voided },
  ];
}

export interface BuilderOptions {
  /** The placeholder of the task function's ARN, substituted at deploy time (e.g. `BadReviewTaskFunctionArn`). */
  readonly taskFunction: string;
  /** The key every payload carries, read from the state (e.g. `reviewId`). */
  readonly key: string;
  /** Error names: `<errorPrefix>.UnexpectedOutcome`, `<errorPrefix>.WorkflowFailed`. */
  readonly errorPrefix: string;
  /** Names the workflow in the Fail state's cause (e.g. `bad-review`). */
  readonly title: string;
}

export function workflowBuilder<StepKey extends string = string, Reason extends string = string>(opts: BuilderOptions) {
  const { key } = opts;

  /** A `lambda:invoke` Task on the task function, with the retry policy and the catch-all. */
  const task = (o: TaskOptions): State => taskWith(o, CATCH_ALL);

  function taskWith(o: TaskOptions, catchAll: object): State {
    const resource = o.waitForTaskToken ? 'lambda:invoke.waitForTaskToken' : 'lambda:invoke';
    const payload = { action: o.action, [`${key}.$`]: `$.${key}`, ...o.payload, ...(o.waitForTaskToken ? { 'taskToken.$': '$$.Task.Token' } : {}) };
    return {
      Type: 'Task',
      ...(o.comment === undefined ? {} : { Comment: o.comment }),
      // `${Partition}` and `${<taskFunction>}` are DefinitionSubstitutions (CDK, local engine), not JS templates.
      Resource: `arn:\${Partition}:states:::${resource}`,
      Parameters: { FunctionName: `\${${opts.taskFunction}}`, Payload: payload },
      ...(o.timeoutSecondsPath === undefined ? {} : { TimeoutSecondsPath: o.timeoutSecondsPath }),
      ...(o.resultSelector === undefined ? {} : { ResultSelector: o.resultSelector }),
      ...(o.resultPath === undefined ? {} : { ResultPath: o.resultPath }),
      Retry: [RETRY_TRANSIENT_LAMBDA_ERRORS],
      Catch: [...(o.onTimeout === undefined ? [] : [{ ErrorEquals: ['States.Timeout'], ResultPath: null, Next: o.onTimeout }]), catchAll],
      ...(o.next === undefined ? { End: true } : { Next: o.next }),
    };
  }

  const outcomeIs = (value: string) => ({ Variable: '$.callback.outcome', StringEquals: value });
  function outcomeRule(route: OutcomeRoute, again: string): Condition {
    const next = route.next === AGAIN ? again : route.next;
    const is = typeof route.on === 'string' ? outcomeIs(route.on) : { Or: route.on.map(outcomeIs) };
    return route.and ? { And: [is, route.and], Next: next } : { ...is, Next: next };
  }

  /** Plan … deadline → Await … → … outcome (→ … overdue), then the step's `after` states. */
  function humanStep(s: HumanStep, { overdueStep = false } = {}): States {
    const { names } = s;
    const ids = { step: s.step, 'round.$': '$.round', ...(overdueStep ? { 'overdueStep.$': '$.overdueStep' } : {}) };
    const timeout = s.onTimeout === 'overdue' ? names.overdue : s.onTimeout;
    const states: States = {
      [names.plan]: task({
        comment: s.comments.plan,
        action: 'planStep',
        payload: ids,
        resultSelector: { 'seconds.$': '$.Payload.seconds', 'deadline.$': '$.Payload.deadline' },
        resultPath: '$.plan',
        next: names.await,
      }),
      [names.await]: task({
        comment: s.comments.await,
        action: 'openStep',
        payload: ids,
        waitForTaskToken: true,
        timeoutSecondsPath: '$.plan.seconds',
        resultPath: '$.callback',
        onTimeout: timeout,
        next: names.outcome,
      }),
      [names.outcome]: {
        Type: 'Choice',
        ...(s.comments.outcome === undefined ? {} : { Comment: s.comments.outcome }),
        Choices: [{ Not: { Variable: '$.callback.outcome', IsPresent: true }, Next: UNEXPECTED_OUTCOME }, ...s.outcomes.map((r) => outcomeRule(r, names.plan))],
        Default: UNEXPECTED_OUTCOME,
      },
    };
    if (s.onTimeout === 'overdue') states[names.overdue] = { Type: 'Pass', Result: s.step, ResultPath: '$.overdueStep', Next: ISSUE_TASK_ORDER };
    return merge(states, s.after ?? {});
  }

  /** Task order, then escalation (again and again), then on with the step after the overdue one. */
  function overdueLadder(overdue: readonly HumanStep[], voided: string, comments: LadderComments): States {
    const ladderStep = (step: string, names: StepNames, c: HumanStep['comments'], after: States): States =>
      humanStep({ step, names, comments: c, outcomes: unitOutcomes(CONTINUE_AFTER_OVERDUE, voided), onTimeout: ESCALATE, after }, { overdueStep: true });
    return {
      [ISSUE_TASK_ORDER]: task({
        comment: comments.issueTaskOrder,
        action: 'issueTaskOrder',
        payload: { 'overdueStep.$': '$.overdueStep', 'round.$': '$.round' },
        resultPath: null,
        next: TASK_ORDER.plan,
      }),
      ...ladderStep('taskOrder', TASK_ORDER, comments.taskOrder, {
        [ESCALATE]: task({
          comment: comments.escalate,
          action: 'escalate',
          payload: { 'overdueStep.$': '$.overdueStep' },
          resultPath: null,
          next: ESCALATION.plan,
        }),
      }),
      ...ladderStep('escalated', ESCALATION, comments.escalated, {
        [CONTINUE_AFTER_OVERDUE]: {
          Type: 'Choice',
          Choices: overdue.map((s) => ({ Variable: '$.overdueStep', StringEquals: s.step, Next: doneTarget(s) })),
          Default: UNEXPECTED_OUTCOME,
        },
      }),
    };
  }

  /** The whole definition: start or resume, the start states, the steps, the overdue ladder, the closes, the failure path. */
  function workflow(o: WorkflowOptions<StepKey, Reason>): Definition {
    const first = Object.keys(o.start)[0];
    if (first === undefined) throw new Error('workflow: `start` needs at least one state');
    const overdue = o.steps.filter((s) => s.onTimeout === 'overdue');
    const resumeStep = (step: string) => ({ Variable: '$.resume.step', StringEquals: step });
    const resumeInLadder = (step: string, next: string) => ({ And: [resumeStep(step), { Variable: '$.resume.overdueStep', IsPresent: true }], Next: next });
    const copyOverdueStep = (next: string) => ({ Type: 'Pass', InputPath: '$.resume.overdueStep', ResultPath: '$.overdueStep', Next: next });

    const states = merge(
      {
        [START_OR_RESUME]: {
          Type: 'Choice',
          Comment: 'A new case starts at dispatch; the reconciler restarts an open case at its current step with `resume`.',
          Choices: [
            { Not: { Variable: '$.resume', IsPresent: true }, Next: first },
            { Not: { Variable: '$.round', IsPresent: true }, Next: 'Assume first round' },
            ...o.steps.map((s) => ({ ...resumeStep(s.step), Next: s.names.plan })),
            ...(overdue.length ? [resumeInLadder('taskOrder', 'Resume at task order'), resumeInLadder('escalated', 'Resume after escalation')] : []),
          ],
          Default: UNEXPECTED_OUTCOME,
        },
        'Assume first round': {
          Type: 'Pass',
          Comment: 'A resume without a round is in its first round.',
          Result: 1,
          ResultPath: '$.round',
          Next: START_OR_RESUME,
        },
        ...(overdue.length ? { 'Resume at task order': copyOverdueStep(TASK_ORDER.plan), 'Resume after escalation': copyOverdueStep(ESCALATION.plan) } : {}),
      },
      o.start,
      ...o.steps.map((s) => humanStep(s)),
      overdue.length ? overdueLadder(overdue, o.closes.voided.name, o.ladderComments ?? LADDER_COMMENTS) : {},
      Object.fromEntries(
        Object.entries<{ name: string; comment: string }>(o.closes).map(([reason, c]) => [
          c.name,
          task({ comment: c.comment, action: 'close', payload: { reason }, resultPath: null }),
        ]),
      ),
      {
        [UNEXPECTED_OUTCOME]: {
          Type: 'Pass',
          Comment: 'A callback outcome or resume step this definition does not know.',
          Result: { Error: `${opts.errorPrefix}.UnexpectedOutcome`, Cause: 'The workflow received an outcome or resume step it does not handle.' },
          ResultPath: '$.error',
          Next: ALERT_OPERATORS,
        },
        [ALERT_OPERATORS]: taskWith(
          {
            comment: 'Operator alert on an unexpected failure; the case itself stays open for the reconciler.',
            action: 'alert',
            payload: { 'error.$': '$.error' },
            resultPath: null,
            next: WORKFLOW_FAILED,
          },
          { ErrorEquals: ['States.ALL'], ResultPath: '$.alertError', Next: WORKFLOW_FAILED },
        ),
        [WORKFLOW_FAILED]: {
          Type: 'Fail',
          Error: `${opts.errorPrefix}.WorkflowFailed`,
          Cause: `An unexpected error stopped the ${opts.title} workflow; operators were alerted (see the execution history).`,
        },
      },
    );
    return { Comment: o.comment, StartAt: START_OR_RESUME, States: states };
  }

  return { task, workflow };
}

/** Where a unit step's `done` leads: the step that follows it, also after a task order or escalation. */
function doneTarget(s: HumanStep): string {
  const done = s.outcomes.find((r) => r.on === 'done' && !r.and)?.next;
  if (typeof done !== 'string') throw new Error(`${s.step}: a step that can be overdue needs a \`done\` outcome leading to another state`);
  return done;
}

/** Object spread that refuses a state name used twice. */
function merge(...parts: States[]): States {
  const out: States = {};
  for (const part of parts) {
    for (const [name, state] of Object.entries(part)) {
      if (name in out) throw new Error(`state "${name}" is defined twice`);
      out[name] = state;
    }
  }
  return out;
}
