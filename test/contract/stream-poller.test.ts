/**
 * The local stack's stream poller against a real DynamoDB Local (its Streams API): what the
 * aggregator relies on — every change once, in order per item, with both images — and the
 * retry and stop behaviour of test/adapters/stream-poller.test.ts on the real thing.
 */
import { CreateTableCommand, DeleteItemCommand, DescribeTableCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { TableConfig } from '../../functions/adapters/dynamo/table.js';
import { StreamPoller } from '../../functions/adapters/local/stream-poller.js';
import type { StreamChangeBatch } from '../../functions/adapters/stream/stream-event.js';
import type { StreamChange } from '../../functions/ports/counters.js';
import { createTableInput } from '../../functions/adapters/dynamo/schema.js';
import { ensureTable, localStreamsClient } from '../../functions/local/dynamodb-local.js';
import { useDynamoDbLocal } from './dynamodb-local.js';

const dynamo = useDynamoDbLocal();
let streams: DynamoDBStreamsClient | undefined;
const pollers: StreamPoller[] = [];

/** A fresh table (with its stream, as ensureTable makes it) and a Streams client on the same DynamoDB Local. */
async function streamTable(): Promise<TableConfig & { streams: DynamoDBStreamsClient }> {
  const table = await dynamo.newTable();
  if (!streams) {
    const endpoint = await table.client.config.endpoint?.();
    if (!endpoint) throw new Error('the DynamoDB Local client has no endpoint');
    streams = localStreamsClient(`${endpoint.protocol}//${endpoint.hostname}:${endpoint.port}`);
  }
  return { ...table, streams };
}

async function startPoller(table: TableConfig & { streams: DynamoDBStreamsClient }, onBatch: (batch: StreamChangeBatch) => Promise<unknown>) {
  const poller = await new StreamPoller({ table, streams: table.streams, onBatch, intervalMs: 20 }).start();
  pollers.push(poller);
  return poller;
}

const put = (t: TableConfig, item: Record<string, unknown>) => t.client.send(new PutItemCommand({ TableName: t.tableName, Item: marshall(item) }));
const setLevel = (t: TableConfig, id: string, level: string) =>
  t.client.send(
    new UpdateItemCommand({
      TableName: t.tableName,
      Key: marshall({ pk: id, sk: 'A' }),
      UpdateExpression: 'SET #l = :l',
      ExpressionAttributeNames: { '#l': 'level' },
      ExpressionAttributeValues: marshall({ ':l': level }),
    }),
  );
const remove = (t: TableConfig, id: string) => t.client.send(new DeleteItemCommand({ TableName: t.tableName, Key: marshall({ pk: id, sk: 'A' }) }));

/** Sequence numbers compare as numbers (the aggregator pads them to compare). */
const bySeq = (a: StreamChange, b: StreamChange) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : 1);

afterEach(async () => {
  for (const p of pollers.splice(0)) await p.stop();
});
afterAll(() => streams?.destroy());

describe('StreamPoller on DynamoDB Local', () => {
  it('hands every change over once, in order per item, with the old and the new image', async () => {
    // Prepare: changes before the poller starts (read from the trim horizon) and while it runs.
    const table = await streamTable();
    const ids = Array.from({ length: 12 }, (_, i) => `RATING#${i}`);
    for (const id of ids.slice(0, 6)) await put(table, { pk: id, sk: 'A', level: 'good' });
    const changes: StreamChange[] = [];
    const shards = new Set<string>();
    const poller = await startPoller(table, async (b) => {
      shards.add(b.shardId);
      changes.push(...b.records);
    });

    // Act
    for (const id of ids.slice(6)) await put(table, { pk: id, sk: 'A', level: 'good' });
    for (const id of ids) await setLevel(table, id, 'bad');
    for (const id of ids.filter((_, i) => i % 3 === 0)) await remove(table, id);
    await poller.drain();

    // Assess: 12 inserts, 12 updates, 4 removals, each once.
    expect(changes.length).toBe(28);
    expect(new Set(changes.map((c) => c.seq)).size).toBe(28);
    expect(shards.size).toBeGreaterThan(0);
    for (const [i, id] of ids.entries()) {
      const own = changes.filter((c) => (c.new ?? c.old)?.pk === id);
      expect([...own].sort(bySeq), id).toEqual(own); // handed over in stream order
      const expected: Omit<StreamChange, 'seq'>[] = [
        { new: { pk: id, sk: 'A', level: 'good' } },
        { old: { pk: id, sk: 'A', level: 'good' }, new: { pk: id, sk: 'A', level: 'bad' } },
        ...(i % 3 === 0 ? [{ old: { pk: id, sk: 'A', level: 'bad' } }] : []),
      ];
      expect(
        own.map(({ seq: _, ...images }) => images),
        id,
      ).toEqual(expected);
    }
  });

  it('reads empty maps, which DynamoDB Local writes into its stream without their type', async () => {
    const table = await streamTable();
    const item = { pk: 'RATING#E', sk: 'A', tags: {}, detail: { inner: {}, list: [{}, 'x'] } };
    const seen: StreamChange[] = [];
    const poller = await startPoller(table, async (b) => void seen.push(...b.records));

    await put(table, item);
    await poller.drain();

    expect(seen.map((c) => c.new)).toEqual([item]);
  });

  it('resolves drain only after what was written before it, each time', async () => {
    const table = await streamTable();
    const seen: string[] = [];
    const poller = await startPoller(table, async (b) => void seen.push(...b.records.map((r) => String(r.new?.pk))));

    for (const round of [1, 2, 3]) {
      await put(table, { pk: `ROUND#${round}`, sk: 'A' });
      await poller.drain();
      expect(seen).toEqual(Array.from({ length: round }, (_, i) => `ROUND#${i + 1}`));
    }
  });

  it('hands a failed batch over again with the same records until it is taken', async () => {
    const table = await streamTable();
    for (const id of ['A', 'B', 'C']) await put(table, { pk: id, sk: 'A' });
    const calls: StreamChangeBatch[] = [];
    let failures = 2;

    const poller = await startPoller(table, async (b) => {
      calls.push(b);
      if (failures-- > 0) throw new Error('aggregate failed');
    });
    await poller.drain();

    expect(calls.length).toBe(3);
    expect(calls[1]).toEqual(calls[0]);
    expect(calls[2]).toEqual(calls[0]);
    expect(calls[0]!.records.map((r) => r.new?.pk)).toEqual(['A', 'B', 'C']);
  });

  it('stops after the poll in flight and leaves no timer behind', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const table = await streamTable();
    await put(table, { pk: 'A', sk: 'A' });
    const before = timers();
    const poller = await startPoller(table, async () => undefined);
    await poller.drain();

    await poller.stop();

    // No timer of the poller's is left (another one of the process may have ended meanwhile).
    expect(timers()).toBeLessThanOrEqual(before);
  });

  it('gives a table kept from before the stream its stream (ensureTable), which the poller then reads', async () => {
    // Prepare: a table as an older version of the local stack created it, without a stream.
    const { client } = await streamTable();
    const tableName = 'contract-without-stream';
    await client.send(new CreateTableCommand({ ...createTableInput(tableName), StreamSpecification: undefined }));
    expect((await client.send(new DescribeTableCommand({ TableName: tableName }))).Table?.StreamSpecification).toBeUndefined();

    // Act
    const created = await ensureTable(client, tableName);

    // Assess
    expect(created).toBe(false);
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    const table = { tableName, client, streams: streams! };
    const seen: StreamChange[] = [];
    const poller = await startPoller(table, async (b) => void seen.push(...b.records));
    await put(table, { pk: 'A', sk: 'A' });
    await poller.drain();
    expect(seen.map((c) => c.new)).toEqual([{ pk: 'A', sk: 'A' }]);
  });
});
