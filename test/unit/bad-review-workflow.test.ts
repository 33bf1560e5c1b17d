/**
 * Runs the real bad-review definition (workflows/bad-review.asl.json) on the local
 * engine, with an in-memory fake of the task function. Timeouts are scaled by
 * TIME_SCALE: a step planned at 1 s times out after 10 ms; steps a test answers are
 * planned at 1000 s so they never time out while the test drives them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { countTransitions, LocalWorkflowEngine, type LocalExecutionResult, readBadReviewDefinition } from '../../functions/adapters/local/local-workflow.js';
import { TaskTokenInvalidError } from '../../functions/ports/workflow.js';

const definition = readBadReviewDefinition();
const TIME_SCALE = 0.01;
/** Planned seconds for a step the test answers: 10 s scaled, never reached. */
const AMPLE = 1000;
/** Planned seconds for a step that must time out: 10 ms scaled. */
const MISSED = 1;

type Step = 'verify' | 'rectify' | 'visit' | 'taskOrder' | 'escalated';
type Payload = Record<string, any>;

/** In-memory fake of the task function: records every payload and hands out the tokens of waiting steps. */
class FakeTaskFunction {
  readonly calls: Payload[] = [];
  /** Planned seconds per step; an array is consumed one value per planStep (the last one sticks). */
  plan: Partial<Record<Step, number | number[]>> = {};
  /** Throw on a given action: the function returns the error to throw for the n-th call of that action (1-based), or undefined. */
  failOn: Partial<Record<string, (nth: number) => Error | undefined>> = {};
  private readonly opened = new Map<string, string[]>();
  private readonly waiters = new Map<string, ((token: string) => void)[]>();

  readonly handler = async (payload: Payload): Promise<unknown> => {
    this.calls.push(payload);
    const result = this.act(payload);
    // A failure comes after the work, like a function that stored the token and then failed.
    const nth = this.calls.filter((c) => c.action === payload.action).length;
    const failure = this.failOn[payload.action]?.(nth);
    if (failure) throw failure;
    return result;
  };

  private act(payload: Payload): unknown {
    switch (payload.action) {
      case 'dispatch':
        return { round: 1 };
      case 'reopen':
        return { round: 2 };
      case 'planStep':
        return { seconds: this.nextSeconds(payload.step), deadline: '2030-01-01T00:00:00+08:00' };
      case 'openStep':
        this.opened_(`${payload.reviewId}/${payload.step}`, payload.taskToken);
        return {};
      default:
        return {};
    }
  }

  /** Resolves with the token of the next (not yet taken) opening of `step` for the review. */
  token(reviewId: string, step: Step): Promise<string> {
    const key = `${reviewId}/${step}`;
    const queued = this.opened.get(key);
    if (queued && queued.length > 0) return Promise.resolve(queued.shift() as string);
    return new Promise((resolve, reject) => {
      // Fail fast (instead of at the test timeout) when the workflow never opens the step.
      const timer = setTimeout(() => reject(new Error(`${key} never opened; actions: ${this.actions().join(', ')}`)), 3000);
      this.waiters.set(key, [
        ...(this.waiters.get(key) ?? []),
        (token) => {
          clearTimeout(timer);
          resolve(token);
        },
      ]);
    });
  }

  /** The calls as short labels, e.g. `planStep:verify`, `close:visitAnswered`. */
  actions(reviewId?: string): string[] {
    return this.calls
      .filter((c) => reviewId === undefined || c.reviewId === reviewId)
      .map((c) => {
        switch (c.action) {
          case 'planStep':
          case 'openStep':
            return `${c.action}:${c.step}`;
          case 'issueTaskOrder':
          case 'escalate':
            return `${c.action}:${c.overdueStep}`;
          case 'close':
            return `close:${c.reason}`;
          default:
            return c.action;
        }
      });
  }

  private opened_(key: string, token: string): void {
    const waiter = this.waiters.get(key)?.shift();
    if (waiter) waiter(token);
    else this.opened.set(key, [...(this.opened.get(key) ?? []), token]);
  }

  private nextSeconds(step: Step): number {
    const planned = this.plan[step];
    if (Array.isArray(planned)) return planned.length > 1 ? (planned.shift() as number) : (planned[0] ?? AMPLE);
    return planned ?? AMPLE;
  }
}

const engines: LocalWorkflowEngine[] = [];

function given(plan: FakeTaskFunction['plan'] = {}) {
  const fn = new FakeTaskFunction();
  fn.plan = plan;
  const engine = new LocalWorkflowEngine({ definition, taskHandler: fn.handler, timeScale: TIME_SCALE });
  engines.push(engine);
  return { fn, engine };
}

async function startCase(
  engine: LocalWorkflowEngine,
  reviewId: string,
  input: Payload = {},
): Promise<{ executionId: string; settled: Promise<LocalExecutionResult> }> {
  const { executionId } = await engine.start({ name: `${reviewId}-1`, input: { reviewId, anonymous: false, ...input } });
  return { executionId, settled: engine.whenSettled(executionId) };
}

/** Answers the next opening of `step` with `outcome`. */
async function answer(engine: LocalWorkflowEngine, fn: FakeTaskFunction, reviewId: string, step: Step, outcome: string) {
  const token = await fn.token(reviewId, step);
  await engine.sendTaskSuccess(token, { outcome });
  return token;
}

afterEach(() => {
  for (const engine of engines.splice(0)) engine.stopAll();
});

const HAPPY_PATH = [
  'dispatch',
  'planStep:verify',
  'openStep:verify',
  'planStep:rectify',
  'openStep:rectify',
  'planStep:visit',
  'openStep:visit',
  'close:visitAnswered',
];

describe('bad-review workflow on the local engine', () => {
  it.each(['satisfied', 'basic'])('closes as answered when every step is on time and the rater is %s', async (rating) => {
    // Prepare
    const { fn, engine } = given();
    const { executionId, settled } = await startCase(engine, 'r-ontime');

    // Act
    await answer(engine, fn, 'r-ontime', 'verify', 'done');
    await answer(engine, fn, 'r-ontime', 'rectify', 'done');
    expect(await engine.isRunning(executionId)).toBe(true);
    await answer(engine, fn, 'r-ontime', 'visit', rating);

    // Assess
    expect((await settled).status).toBe('SUCCEEDED');
    expect(await engine.isRunning(executionId)).toBe(false);
    expect(fn.actions()).toEqual(HAPPY_PATH);
  });

  it('sends keys only, with an action discriminator, to the task function', async () => {
    const { fn, engine } = given();
    const { settled } = await startCase(engine, 'r-keys');
    await answer(engine, fn, 'r-keys', 'verify', 'done');
    await answer(engine, fn, 'r-keys', 'rectify', 'done');
    await answer(engine, fn, 'r-keys', 'visit', 'satisfied');
    await settled;

    const allowed = new Set(['action', 'reviewId', 'step', 'round', 'overdueStep', 'taskToken', 'reason', 'error']);
    for (const call of fn.calls) {
      expect(typeof call.action).toBe('string');
      expect(call.reviewId).toBe('r-keys');
      for (const key of Object.keys(call)) expect(allowed).toContain(key);
    }
    expect(fn.calls.find((c) => c.action === 'openStep')?.taskToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(fn.calls.find((c) => c.action === 'planStep')).toEqual({ action: 'planStep', reviewId: 'r-keys', step: 'verify', round: 1 });
  });

  it('issues a task order for late verification and continues with rectification once it is done', async () => {
    const { fn, engine } = given({ verify: MISSED });
    const { settled } = await startCase(engine, 'r-late');

    await answer(engine, fn, 'r-late', 'taskOrder', 'done');
    await answer(engine, fn, 'r-late', 'rectify', 'done');
    await answer(engine, fn, 'r-late', 'visit', 'satisfied');

    expect((await settled).status).toBe('SUCCEEDED');
    expect(fn.actions()).toEqual([
      'dispatch',
      'planStep:verify',
      'openStep:verify',
      'issueTaskOrder:verify',
      'planStep:taskOrder',
      'openStep:taskOrder',
      'planStep:rectify',
      'openStep:rectify',
      'planStep:visit',
      'openStep:visit',
      'close:visitAnswered',
    ]);
    expect(fn.calls.find((c) => c.action === 'openStep' && c.step === 'taskOrder')?.overdueStep).toBe('verify');
  });

  it('issues a task order for late rectification and goes on to the return visit once it is done', async () => {
    const { fn, engine } = given({ rectify: MISSED });
    const { settled } = await startCase(engine, 'r-late-rect');

    await answer(engine, fn, 'r-late-rect', 'verify', 'done');
    await answer(engine, fn, 'r-late-rect', 'taskOrder', 'done');
    await answer(engine, fn, 'r-late-rect', 'visit', 'basic');

    expect((await settled).status).toBe('SUCCEEDED');
    expect(fn.actions().slice(4)).toEqual([
      'openStep:rectify',
      'issueTaskOrder:rectify',
      'planStep:taskOrder',
      'openStep:taskOrder',
      'planStep:visit',
      'openStep:visit',
      'close:visitAnswered',
    ]);
  });

  it('escalates a missed task order and continues when the case is handled after the escalation', async () => {
    const { fn, engine } = given({ verify: MISSED, taskOrder: MISSED });
    const { executionId, settled } = await startCase(engine, 'r-esc');

    await answer(engine, fn, 'r-esc', 'escalated', 'done');
    await answer(engine, fn, 'r-esc', 'rectify', 'done');
    await answer(engine, fn, 'r-esc', 'visit', 'satisfied');

    expect((await settled).status).toBe('SUCCEEDED');
    expect(fn.actions()).toEqual([
      'dispatch',
      'planStep:verify',
      'openStep:verify',
      'issueTaskOrder:verify',
      'planStep:taskOrder',
      'openStep:taskOrder',
      'escalate:verify',
      'planStep:escalated',
      'openStep:escalated',
      'planStep:rectify',
      'openStep:rectify',
      'planStep:visit',
      'openStep:visit',
      'close:visitAnswered',
    ]);
    const history = await engine.history(executionId);
    expect(countTransitions(history)).toBe(history.filter((e) => e.type === 'StateEntered').length);
    expect(countTransitions(history)).toBeGreaterThan(HAPPY_PATH.length);
  });

  it('escalates again each time the time after an escalation runs out, until the case is handled', async () => {
    const { fn, engine } = given({ verify: MISSED, taskOrder: MISSED, escalated: [MISSED, MISSED, AMPLE] });
    const { settled } = await startCase(engine, 'r-esc2');

    await fn.token('r-esc2', 'escalated'); // first escalation: left to run out
    await fn.token('r-esc2', 'escalated'); // second escalation: left to run out
    await answer(engine, fn, 'r-esc2', 'escalated', 'done');
    await answer(engine, fn, 'r-esc2', 'rectify', 'done');
    await answer(engine, fn, 'r-esc2', 'visit', 'satisfied');

    expect((await settled).status).toBe('SUCCEEDED');
    expect(fn.actions().filter((a) => a === 'escalate:verify')).toHaveLength(3);
    expect(fn.actions().filter((a) => a.startsWith('issueTaskOrder'))).toHaveLength(1);
  });

  it.each<Step>(['verify', 'rectify', 'taskOrder', 'escalated'])('voids and closes the case when an appeal is upheld during %s', async (step) => {
    const plan: FakeTaskFunction['plan'] = step === 'taskOrder' ? { verify: MISSED } : step === 'escalated' ? { verify: MISSED, taskOrder: MISSED } : {};
    const { fn, engine } = given(plan);
    const { settled } = await startCase(engine, 'r-void');

    if (step === 'rectify') await answer(engine, fn, 'r-void', 'verify', 'done');
    await answer(engine, fn, 'r-void', step, 'voided');

    expect((await settled).status).toBe('SUCCEEDED');
    expect(fn.actions().at(-1)).toBe('close:voided');
    expect(fn.actions()).not.toContain('planStep:visit');
  });

  it.each<Step>(['verify', 'rectify'])('re-plans and awaits %s again after an extension', async (step) => {
    const { fn, engine } = given();
    const { settled } = await startCase(engine, 'r-ext');

    if (step === 'rectify') await answer(engine, fn, 'r-ext', 'verify', 'done');
    await answer(engine, fn, 'r-ext', step, 'extended');
    await answer(engine, fn, 'r-ext', step, 'done');
    if (step === 'verify') await answer(engine, fn, 'r-ext', 'rectify', 'done');
    await answer(engine, fn, 'r-ext', 'visit', 'satisfied');

    expect((await settled).status).toBe('SUCCEEDED');
    expect(fn.actions().filter((a) => a === `planStep:${step}`)).toHaveLength(2);
    expect(fn.actions().filter((a) => a === `openStep:${step}`)).toHaveLength(2);
    expect(fn.actions()).not.toContain(`issueTaskOrder:${step}`);
  });

  it('re-plans the task order after an extension of the task order', async () => {
    const { fn, engine } = given({ verify: MISSED });
    const { settled } = await startCase(engine, 'r-ext-to');

    await answer(engine, fn, 'r-ext-to', 'taskOrder', 'extended');
    await answer(engine, fn, 'r-ext-to', 'taskOrder', 'done');
    await answer(engine, fn, 'r-ext-to', 'rectify', 'done');
    await answer(engine, fn, 'r-ext-to', 'visit', 'satisfied');

    expect((await settled).status).toBe('SUCCEEDED');
    expect(fn.actions().filter((a) => a === 'planStep:taskOrder')).toHaveLength(2);
  });

  it('reopens once on a dissatisfied return visit and closes after the second round', async () => {
    const { fn, engine } = given();
    const { settled } = await startCase(engine, 'r-round2');

    await answer(engine, fn, 'r-round2', 'verify', 'done');
    await answer(engine, fn, 'r-round2', 'rectify', 'done');
    await answer(engine, fn, 'r-round2', 'visit', 'dissatisfied');
    await answer(engine, fn, 'r-round2', 'rectify', 'done');
    await answer(engine, fn, 'r-round2', 'visit', 'satisfied');

    expect((await settled).status).toBe('SUCCEEDED');
    expect(fn.actions().slice(6)).toEqual([
      'openStep:visit',
      'reopen',
      'planStep:rectify',
      'openStep:rectify',
      'planStep:visit',
      'openStep:visit',
      'close:visitAnswered',
    ]);
    const secondRound = fn.calls.filter((c) => c.action === 'planStep' && c.step === 'rectify').map((c) => c.round);
    expect(secondRound).toEqual([1, 2]);
  });

  it('closes as finally dissatisfied when the rater is dissatisfied twice', async () => {
    const { fn, engine } = given();
    const { settled } = await startCase(engine, 'r-dis2');

    await answer(engine, fn, 'r-dis2', 'verify', 'done');
    await answer(engine, fn, 'r-dis2', 'rectify', 'done');
    await answer(engine, fn, 'r-dis2', 'visit', 'dissatisfied');
    await answer(engine, fn, 'r-dis2', 'rectify', 'done');
    await answer(engine, fn, 'r-dis2', 'visit', 'dissatisfied');

    expect((await settled).status).toBe('SUCCEEDED');
    expect(fn.actions().filter((a) => a === 'reopen')).toHaveLength(1);
    expect(fn.actions().at(-1)).toBe('close:visitDissatisfiedFinal');
  });

  it('closes with no answer when the return visit times out, without a task order', async () => {
    const { fn, engine } = given({ visit: MISSED });
    const { settled } = await startCase(engine, 'r-silent');

    await answer(engine, fn, 'r-silent', 'verify', 'done');
    await answer(engine, fn, 'r-silent', 'rectify', 'done');

    expect((await settled).status).toBe('SUCCEEDED');
    expect(fn.actions().slice(-2)).toEqual(['openStep:visit', 'close:noAnswer']);
    expect(fn.actions().some((a) => a.startsWith('issueTaskOrder'))).toBe(false);
  });

  it('closes an anonymous review after rectification, with no return visit', async () => {
    const { fn, engine } = given();
    const { settled } = await startCase(engine, 'r-anon', { anonymous: true });

    await answer(engine, fn, 'r-anon', 'verify', 'done');
    await answer(engine, fn, 'r-anon', 'rectify', 'done');

    expect((await settled).status).toBe('SUCCEEDED');
    expect(fn.actions()).toEqual(['dispatch', 'planStep:verify', 'openStep:verify', 'planStep:rectify', 'openStep:rectify', 'close:anonymousRectified']);
  });

  it('closes an anonymous review after a late rectification handled through a task order', async () => {
    const { fn, engine } = given({ rectify: MISSED });
    const { settled } = await startCase(engine, 'r-anon-late', { anonymous: true });

    await answer(engine, fn, 'r-anon-late', 'verify', 'done');
    await answer(engine, fn, 'r-anon-late', 'taskOrder', 'done');

    expect((await settled).status).toBe('SUCCEEDED');
    expect(fn.actions().slice(-2)).toEqual(['openStep:taskOrder', 'close:anonymousRectified']);
  });

  describe('resume after a restart', () => {
    const cases: {
      resume: Payload;
      round?: number;
      reachWith: FakeTaskFunction['plan'];
      reach: [Step, string][];
      waitAt: Step;
      then: [Step, string][];
      first: string[];
      last: string;
    }[] = [
      {
        resume: { step: 'verify' },
        reachWith: {},
        reach: [],
        waitAt: 'verify',
        then: [
          ['verify', 'done'],
          ['rectify', 'done'],
          ['visit', 'satisfied'],
        ],
        first: ['planStep:verify', 'openStep:verify', 'planStep:rectify'],
        last: 'close:visitAnswered',
      },
      {
        resume: { step: 'rectify' },
        reachWith: {},
        reach: [['verify', 'done']],
        waitAt: 'rectify',
        then: [
          ['rectify', 'done'],
          ['visit', 'satisfied'],
        ],
        first: ['planStep:rectify', 'openStep:rectify', 'planStep:visit'],
        last: 'close:visitAnswered',
      },
      {
        resume: { step: 'visit' },
        reachWith: {},
        reach: [
          ['verify', 'done'],
          ['rectify', 'done'],
        ],
        waitAt: 'visit',
        then: [['visit', 'satisfied']],
        first: ['planStep:visit', 'openStep:visit'],
        last: 'close:visitAnswered',
      },
      {
        resume: { step: 'visit' },
        round: 2,
        reachWith: {},
        reach: [
          ['verify', 'done'],
          ['rectify', 'done'],
          ['visit', 'dissatisfied'],
          ['rectify', 'done'],
        ],
        waitAt: 'visit',
        then: [['visit', 'dissatisfied']],
        first: ['planStep:visit', 'openStep:visit'],
        last: 'close:visitDissatisfiedFinal',
      },
      {
        resume: { step: 'taskOrder', overdueStep: 'verify' },
        reachWith: { verify: MISSED },
        reach: [],
        waitAt: 'taskOrder',
        then: [
          ['taskOrder', 'done'],
          ['rectify', 'done'],
          ['visit', 'satisfied'],
        ],
        first: ['planStep:taskOrder', 'openStep:taskOrder', 'planStep:rectify'],
        last: 'close:visitAnswered',
      },
      {
        resume: { step: 'escalated', overdueStep: 'rectify' },
        reachWith: { rectify: MISSED, taskOrder: MISSED },
        reach: [['verify', 'done']],
        waitAt: 'escalated',
        then: [
          ['escalated', 'done'],
          ['visit', 'satisfied'],
        ],
        first: ['planStep:escalated', 'openStep:escalated', 'planStep:visit'],
        last: 'close:visitAnswered',
      },
    ];

    it.each(cases)('restarts the case at $resume.step (round $round) and carries on', async (c) => {
      // Prepare: drive a case to the step, then lose the engine (local executions live in memory only).
      const before = given(c.reachWith);
      const first = await startCase(before.engine, 'r-resume');
      for (const [step, outcome] of c.reach) await answer(before.engine, before.fn, 'r-resume', step, outcome);
      await before.fn.token('r-resume', c.waitAt);
      before.engine.stopAll();
      expect((await first.settled).status).toBe('ABORTED');
      const callsBeforeRestart = before.fn.calls.length;

      // Act: the reconciler starts a new execution at the case's current step.
      const after = given();
      const { executionId } = await after.engine.start({
        name: 'r-resume-2',
        input: { reviewId: 'r-resume', anonymous: false, ...(c.round ? { round: c.round } : {}), resume: c.resume },
      });
      const settled = after.engine.whenSettled(executionId);
      for (const [step, outcome] of c.then) await answer(after.engine, after.fn, 'r-resume', step, outcome);

      // Assess
      expect((await settled).status).toBe('SUCCEEDED');
      expect(before.fn.calls).toHaveLength(callsBeforeRestart);
      expect(after.fn.actions()).not.toContain('dispatch');
      expect(after.fn.actions().slice(0, c.first.length)).toEqual(c.first);
      expect(after.fn.actions().at(-1)).toBe(c.last);
      if (c.resume.overdueStep) {
        expect(after.fn.calls[0]).toMatchObject({ action: 'planStep', overdueStep: c.resume.overdueStep });
      }
    });

    it('treats a resume without a round as the first round', async () => {
      const { fn, engine } = given();
      const { settled } = await startCase(engine, 'r-noround', { resume: { step: 'visit' } });
      await answer(engine, fn, 'r-noround', 'visit', 'dissatisfied');
      await answer(engine, fn, 'r-noround', 'rectify', 'done');
      await answer(engine, fn, 'r-noround', 'visit', 'satisfied');

      expect((await settled).status).toBe('SUCCEEDED');
      expect(fn.actions()).toContain('reopen');
    });

    it('alerts operators and fails on a resume step it does not know', async () => {
      const { fn, engine } = given();
      const { settled } = await startCase(engine, 'r-badresume', { round: 1, resume: { step: 'appeal' } });

      expect(await settled).toMatchObject({ status: 'FAILED', error: 'BadReview.WorkflowFailed' });
      expect(fn.actions()).toEqual(['alert']);
    });
  });

  describe('failures', () => {
    it('alerts operators and fails when the task function throws a non-transient error', async () => {
      const { fn, engine } = given();
      fn.failOn.planStep = () => Object.assign(new Error('no deadline policy for this region'), { name: 'PolicyMissing' });
      const { settled } = await startCase(engine, 'r-broken');

      expect(await settled).toMatchObject({ status: 'FAILED', error: 'BadReview.WorkflowFailed' });
      expect(fn.actions()).toEqual(['dispatch', 'planStep:verify', 'alert']);
      expect(fn.calls.at(-1)).toEqual({
        action: 'alert',
        reviewId: 'r-broken',
        error: { Error: 'PolicyMissing', Cause: 'no deadline policy for this region' },
      });
    });

    it('still fails, without looping, when the alert itself fails', async () => {
      const { fn, engine } = given();
      fn.failOn.dispatch = () => new Error('table missing');
      fn.failOn.alert = () => new Error('topic missing');
      const { settled } = await startCase(engine, 'r-broken2');

      expect(await settled).toMatchObject({ status: 'FAILED', error: 'BadReview.WorkflowFailed' });
      expect(fn.actions()).toEqual(['dispatch', 'alert']);
    });

    it('retries a transient Lambda error and then carries on', async () => {
      const { fn, engine } = given();
      const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'Lambda.TooManyRequestsException' });
      fn.failOn.dispatch = (nth) => (nth <= 2 ? throttled() : undefined);
      const { executionId, settled } = await startCase(engine, 'r-throttled');

      await answer(engine, fn, 'r-throttled', 'verify', 'done');
      await answer(engine, fn, 'r-throttled', 'rectify', 'done');
      await answer(engine, fn, 'r-throttled', 'visit', 'satisfied');

      expect((await settled).status).toBe('SUCCEEDED');
      expect(fn.actions()).toEqual(['dispatch', 'dispatch', ...HAPPY_PATH]);
      const history = await engine.history(executionId);
      expect(history.filter((e) => e.type === 'StateRetried' && e.stateName === 'Dispatch to unit')).toHaveLength(2);
    });

    it('retries a transient error when opening a callback step, and the new token is the one that counts', async () => {
      const { fn, engine } = given();
      fn.failOn.openStep = (nth) => (nth === 1 ? Object.assign(new Error('boom'), { name: 'Lambda.ServiceException' }) : undefined);
      const { settled } = await startCase(engine, 'r-retry-open');

      const stale = await fn.token('r-retry-open', 'verify');
      const fresh = await fn.token('r-retry-open', 'verify');
      await expect(engine.sendTaskSuccess(stale, { outcome: 'done' })).rejects.toBeInstanceOf(TaskTokenInvalidError);
      await engine.sendTaskSuccess(fresh, { outcome: 'done' });
      await answer(engine, fn, 'r-retry-open', 'rectify', 'done');
      await answer(engine, fn, 'r-retry-open', 'visit', 'satisfied');

      expect((await settled).status).toBe('SUCCEEDED');
      expect(fn.actions().filter((a) => a === 'openStep:verify')).toHaveLength(2);
    });

    it('gives up retrying after the retrier allows no more attempts and alerts', async () => {
      const { fn, engine } = given();
      fn.failOn.dispatch = () => Object.assign(new Error('down'), { name: 'Lambda.ServiceException' });
      const { settled } = await startCase(engine, 'r-down');

      expect(await settled).toMatchObject({ status: 'FAILED' });
      // one attempt and six retries, then the alert
      expect(fn.actions()).toEqual([...Array(7).fill('dispatch'), 'alert']);
    });

    it('alerts on a callback failure sent by the API', async () => {
      const { fn, engine } = given();
      const { settled } = await startCase(engine, 'r-taskfail');
      const token = await fn.token('r-taskfail', 'verify');
      await engine.sendTaskFailure(token, 'Case.Inconsistent', 'unit unknown');

      expect(await settled).toMatchObject({ status: 'FAILED' });
      expect(fn.calls.at(-1)).toMatchObject({ action: 'alert', error: { Error: 'Case.Inconsistent', Cause: 'unit unknown' } });
    });

    it('alerts on an outcome the definition does not know', async () => {
      const { fn, engine } = given();
      const { settled } = await startCase(engine, 'r-odd');
      await answer(engine, fn, 'r-odd', 'verify', 'postponed');

      expect(await settled).toMatchObject({ status: 'FAILED' });
      expect(fn.calls.at(-1)).toMatchObject({ action: 'alert', error: { Error: 'BadReview.UnexpectedOutcome' } });
    });

    it('alerts when a callback output has no outcome', async () => {
      const { fn, engine } = given();
      const { settled } = await startCase(engine, 'r-empty');
      await engine.sendTaskSuccess(await fn.token('r-empty', 'verify'), {});

      expect(await settled).toMatchObject({ status: 'FAILED' });
      expect(fn.actions().at(-1)).toBe('alert');
    });
  });

  describe('engine contract', () => {
    it('rejects a token that was already used, that timed out, or that it never issued', async () => {
      const { fn, engine } = given({ rectify: MISSED });
      const { settled } = await startCase(engine, 'r-stale', { anonymous: true });

      const used = await answer(engine, fn, 'r-stale', 'verify', 'done');
      const timedOut = await fn.token('r-stale', 'rectify');
      await answer(engine, fn, 'r-stale', 'taskOrder', 'done');
      await settled;

      await expect(engine.sendTaskSuccess(used, { outcome: 'done' })).rejects.toBeInstanceOf(TaskTokenInvalidError);
      await expect(engine.sendTaskSuccess(timedOut, { outcome: 'done' })).rejects.toMatchObject({ code: 'TASK_TOKEN_INVALID' });
      await expect(engine.sendTaskFailure('never-issued', 'X')).rejects.toBeInstanceOf(TaskTokenInvalidError);
    });

    it('starts one execution when the same name is started twice', async () => {
      const { fn, engine } = given();
      const first = await engine.start({ name: 'r-twice-1', input: { reviewId: 'r-twice', anonymous: false } });
      const second = await engine.start({ name: 'r-twice-1', input: { reviewId: 'r-twice', anonymous: false } });
      await fn.token('r-twice', 'verify');

      expect(second.executionId).toBe(first.executionId);
      expect(fn.actions()).toEqual(['dispatch', 'planStep:verify', 'openStep:verify']);
      expect(engine.waitingStates(first.executionId)).toEqual(['Await verification']);
    });

    it('records a history of state transitions', async () => {
      const { fn, engine } = given();
      const { executionId, settled } = await startCase(engine, 'r-history');
      await answer(engine, fn, 'r-history', 'verify', 'done');
      await answer(engine, fn, 'r-history', 'rectify', 'done');
      await answer(engine, fn, 'r-history', 'visit', 'satisfied');
      await settled;

      const history = await engine.history(executionId);
      const entered = history.filter((e) => e.type === 'StateEntered').map((e) => e.stateName);
      expect(entered).toEqual([
        'Start or resume',
        'Dispatch to unit',
        'Plan verification deadline',
        'Await verification',
        'Verification outcome',
        'Plan rectification deadline',
        'Await rectification and reply',
        'Rectification outcome',
        'Anonymous review?',
        'Plan return visit deadline',
        'Await return visit',
        'Return visit outcome',
        'Close case: visit answered',
      ]);
      expect(history[0]?.type).toBe('ExecutionStarted');
      expect(history.at(-1)?.type).toBe('ExecutionSucceeded');
      expect(countTransitions(history)).toBe(13);
      expect(Number.isNaN(Date.parse(history[0]?.timestamp ?? ''))).toBe(false);
    });
  });
});

describe('bad-review definition', () => {
  type State = Record<string, unknown> & { Type: string };
  const parsed = JSON.parse(definition) as { States: Record<string, State> };
  const tasks = Object.entries(parsed.States).filter(([, s]) => s.Type === 'Task');
  const transient = ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'];

  it('gives every Task a Retry for transient Lambda errors, never for States.Timeout, and a Catch', () => {
    expect(tasks.length).toBeGreaterThan(10);
    for (const [name, state] of tasks) {
      const retry = state.Retry as { ErrorEquals: string[]; BackoffRate?: number }[] | undefined;
      const catchers = state.Catch as { ErrorEquals: string[]; Next: string }[] | undefined;
      expect(retry, name).toBeDefined();
      expect(
        retry?.flatMap((r) => r.ErrorEquals),
        name,
      ).toEqual(expect.arrayContaining(transient));
      expect(
        retry?.flatMap((r) => r.ErrorEquals),
        name,
      ).not.toContain('States.Timeout');
      expect(
        retry?.flatMap((r) => r.ErrorEquals),
        name,
      ).not.toContain('States.ALL');
      expect(
        retry?.every((r) => (r.BackoffRate ?? 2) > 1),
        name,
      ).toBe(true);
      expect(
        catchers?.some((c) => c.ErrorEquals.includes('States.ALL')),
        name,
      ).toBe(true);
    }
  });

  it('sends unexpected failures to the operator alert, and the alert to the Fail state', () => {
    for (const [name, state] of tasks) {
      const all = (state.Catch as { ErrorEquals: string[]; Next: string }[]).find((c) => c.ErrorEquals.includes('States.ALL'));
      const expected = name === 'Alert operators' ? 'Workflow failed' : 'Alert operators';
      expect(all?.Next, name).toBe(expected);
    }
    expect(parsed.States['Workflow failed']?.Type).toBe('Fail');
  });

  it('gives every callback Task a timeout and a States.Timeout path', () => {
    const callbacks = tasks.filter(([, s]) => String(s.Resource).endsWith('.waitForTaskToken'));
    expect(callbacks.map(([n]) => n).sort()).toEqual([
      'Await handling after escalation',
      'Await rectification and reply',
      'Await return visit',
      'Await task order',
      'Await verification',
    ]);
    for (const [name, state] of callbacks) {
      expect('TimeoutSecondsPath' in state || 'TimeoutSeconds' in state, name).toBe(true);
      expect((state.Catch as { ErrorEquals: string[] }[])[0]?.ErrorEquals, name).toEqual(['States.Timeout']);
      expect(JSON.stringify(state.Parameters), name).toContain('"taskToken.$":"$$.Task.Token"');
    }
  });

  it('sends all Lambda work through one task function with a partition-neutral ARN', () => {
    expect(definition).not.toMatch(/arn:aws:/);
    for (const [name, state] of tasks) {
      expect(String(state.Resource), name).toMatch(/^arn:\$\{Partition\}:states:::lambda:invoke(\.waitForTaskToken)?$/);
      expect((state.Parameters as { FunctionName?: string }).FunctionName, name).toBe('${BadReviewTaskFunctionArn}');
      expect(typeof (state.Parameters as { Payload?: { action?: unknown } }).Payload?.action, name).toBe('string');
    }
  });

  it('is written in JSONPath only: no JSONata and no variables', () => {
    expect(definition).not.toMatch(/"QueryLanguage"|"Assign"|"Arguments"|"Output"\s*:|\{%/);
  });
});
