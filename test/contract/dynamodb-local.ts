import { createServer } from 'node:net';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import type { TableConfig } from '../../functions/adapters/dynamo/table.js';
import { ensureTable, localClient, startDynamoDbLocal } from '../../functions/local/dynamodb-local.js';

const freePort = () =>
  new Promise<number>((ok, fail) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
    s.on('error', fail);
  });

/**
 * One DynamoDB Local (in memory, the local stack's own launcher) for the test file that
 * calls this at its top: started in `beforeAll` on a free port, stopped in `afterAll` — and
 * when the worker exits, so no JVM outlives a crashed run.
 *
 * `newTable()` creates an empty table with the real key schema (`ensureTable`, ~20 ms):
 * every contract case gets its own, as it gets a fresh fake, so a case never sees another's
 * items — not even in the table-wide lists (DEFAULT_DUE, OPEN_REVIEWS, CALENDAR) that no
 * unique key can keep apart.
 */
export function useDynamoDbLocal(): { newTable(): Promise<TableConfig> } {
  let client: DynamoDBClient | undefined;
  let stop: (() => void) | undefined;
  let tables = 0;
  beforeAll(async () => {
    const db = await startDynamoDbLocal({ port: await freePort() });
    stop = db.stop;
    process.once('exit', db.stop);
    client = localClient(db.endpoint);
  }, 60_000);
  afterAll(() => {
    client?.destroy();
    if (stop) {
      stop();
      process.off('exit', stop);
    }
  });
  return {
    async newTable() {
      if (!client) throw new Error('DynamoDB Local is not running: call newTable() inside a test');
      const tableName = `contract-${++tables}`;
      await ensureTable(client, tableName);
      return { tableName, client };
    },
  };
}
