/**
 * The workflow definitions are generated (workflows/builder.ts, workflows/<name>.workflow.ts,
 * `npm run workflows`): the committed JSON must be the builder's output, and the builder's
 * output must be a well-formed state machine.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATCH_ALL, type Definition, RETRY_TRANSIENT_LAMBDA_ERRORS, stepNames, workflowBuilder } from '../../workflows/builder.js';
import { definitionFile, render, WORKFLOWS } from '../../workflows/index.js';

type State = Record<string, unknown> & { Type: string };
type Rule = { Next?: string };
type Catcher = { ErrorEquals: string[]; Next: string };

const states = (d: Definition) => Object.entries(d.States as Record<string, State>);
const tasks = (d: Definition) => states(d).filter(([, s]) => s.Type === 'Task');

/** Every state a state can go to: Next, Default, each Choice rule's Next, each Catch's Next. */
function targets(s: State): string[] {
  return [
    s.Next,
    s.Default,
    ...((s.Choices as Rule[] | undefined) ?? []).map((c) => c.Next),
    ...((s.Catch as Catcher[] | undefined) ?? []).map((c) => c.Next),
  ].filter((t): t is string => typeof t === 'string');
}

/** Target names that are not states. */
const danglingTargets = (d: Definition) =>
  states(d).flatMap(([name, s]) =>
    targets(s)
      .filter((t) => !(t in d.States))
      .map((t) => `${name} → ${t}`),
  );

/** States no path from StartAt reaches. */
function unreachable(d: Definition): string[] {
  const seen = new Set<string>();
  const todo = [d.StartAt];
  for (let name = todo.pop(); name !== undefined; name = todo.pop()) {
    if (seen.has(name) || !(name in d.States)) continue;
    seen.add(name);
    todo.push(...targets(d.States[name] as State));
  }
  return Object.keys(d.States).filter((n) => !seen.has(n));
}

/** A small second workflow, as a consultation or complaint workflow would be written: its own task function, one step, no overdue ladder. */
function oneStepWorkflow(): Definition {
  const { task, workflow } = workflowBuilder({ taskFunction: 'ComplaintTaskFunctionArn', key: 'complaintId', errorPrefix: 'Complaint', title: 'complaint' });
  const ANSWER = stepNames('answer');
  return workflow({
    comment: 'test',
    start: { 'Assign complaint': task({ action: 'dispatch', next: ANSWER.plan }) },
    steps: [
      {
        step: 'answer',
        names: ANSWER,
        comments: { plan: 'p', await: 'a' },
        outcomes: [
          { on: 'done', next: 'Close: answered' },
          { on: 'voided', next: 'Close: voided' },
        ],
        onTimeout: 'Close: unanswered',
      },
    ],
    closes: {
      answered: { name: 'Close: answered', comment: 'c' },
      unanswered: { name: 'Close: unanswered', comment: 'c' },
      voided: { name: 'Close: voided', comment: 'c' },
    },
  });
}

describe.each(Object.entries(WORKFLOWS))('workflow %s', (name, definition) => {
  it('is committed exactly as the builder generates it', () => {
    // Arrange
    const committed = readFileSync(definitionFile(name), 'utf8');

    // Act
    const generated = render(definition);

    // Assess
    expect(
      committed === generated,
      `workflows/${name}.asl.json differs from the builder's output: run \`npm run workflows\` (and edit workflows/*.workflow.ts or workflows/builder.ts, not the JSON)`,
    ).toBe(true);
  });

  it('gives every Task exactly the one retry policy and a States.ALL catch last', () => {
    expect(tasks(definition).length).toBeGreaterThan(0);
    for (const [state, task] of tasks(definition)) {
      expect(task.Retry, state).toEqual([RETRY_TRANSIENT_LAMBDA_ERRORS]);
      expect((task.Catch as Catcher[]).at(-1)?.ErrorEquals, state).toEqual(['States.ALL']);
      expect(
        (task.Catch as Catcher[]).slice(0, -1).flatMap((c) => c.ErrorEquals),
        state,
      ).not.toContain('States.ALL');
    }
  });

  it('goes only to states that exist', () => {
    expect(danglingTargets(definition)).toEqual([]);
  });

  it('reaches every state from StartAt', () => {
    expect(unreachable(definition)).toEqual([]);
  });

  it('times every Await out by its planned deadline', () => {
    const awaits = states(definition).filter(([state]) => state.startsWith('Await '));
    const callbacks = tasks(definition).filter(([, s]) => String(s.Resource).endsWith('.waitForTaskToken'));
    expect(awaits.length).toBeGreaterThan(0);
    expect(callbacks.map(([n]) => n)).toEqual(awaits.map(([n]) => n));
    for (const [state, task] of awaits) {
      expect(task.TimeoutSecondsPath, state).toBe('$.plan.seconds');
      expect((task.Catch as Catcher[])[0]?.ErrorEquals, state).toEqual(['States.Timeout']);
    }
  });
});

describe('workflow builder', () => {
  it('builds a second workflow on its own task function, without the overdue ladder when no step can be overdue', () => {
    // Act
    const d = oneStepWorkflow();
    const text = render(d);

    // Assess
    expect(new Set([...text.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]))).toEqual(new Set(['Partition', 'ComplaintTaskFunctionArn']));
    expect(Object.keys(d.States)).not.toContain('Issue task order');
    expect(d.States['Assign complaint']).toMatchObject({
      Parameters: { Payload: { action: 'dispatch', 'complaintId.$': '$.complaintId' } },
      Catch: [CATCH_ALL],
    });
    expect(d.States['Await answer']).toMatchObject({ Catch: [{ ErrorEquals: ['States.Timeout'], Next: 'Close: unanswered' }, CATCH_ALL] });
    expect(danglingTargets(d)).toEqual([]);
    expect(unreachable(d)).toEqual([]);
  });

  it('refuses a state name used twice', () => {
    const { task, workflow } = workflowBuilder({ taskFunction: 'F', key: 'id', errorPrefix: 'X', title: 'x' });
    expect(() =>
      workflow({ comment: '', start: { 'Alert operators': task({ action: 'a' }) }, steps: [], closes: { voided: { name: 'Close', comment: '' } } }),
    ).toThrow('state "Alert operators" is defined twice');
  });

  it('has checks that find a dangling target and an unreachable state', () => {
    // Arrange: a definition with both faults
    const broken: Definition = { Comment: '', StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Nowhere' }, B: { Type: 'Succeed' } } };

    // Assess
    expect(danglingTargets(broken)).toEqual(['A → Nowhere']);
    expect(unreachable(broken)).toEqual(['B']);
  });
});
