/**
 * The rating write path on a real DynamoDB Local: a good rating is one conditional PutItem
 * of an item in no index (a bad one a two-item transaction); a submission reads the case
 * and writes the rating, and the table's stream then carries that one insert, nothing more.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DynamoCaseStore } from '../../functions/adapters/dynamo/case-store.js';
import { DynamoRatingStore } from '../../functions/adapters/dynamo/rating-store.js';
import type { TableConfig } from '../../functions/adapters/dynamo/table.js';
import { StreamPoller } from '../../functions/adapters/local/stream-poller.js';
import { localClient, localStreamsClient } from '../../functions/local/dynamodb-local.js';
import { DynamoCatalogStore } from '../../functions/adapters/dynamo/catalog-store.js';
import { RatingInput } from '../../functions/core/ratings.js';
import { parseOrThrow } from '../../functions/core/validation.js';
import { systemClock } from '../../functions/ports/stores.js';
import { submitRating } from '../../functions/usecases/ratings.js';
import { useDynamoDbLocal } from './dynamodb-local.js';
import { badRating, caseRecord, ratingRecord, stored } from './records.js';

const dynamo = useDynamoDbLocal();
let streams: DynamoDBStreamsClient | undefined;
const pollers: StreamPoller[] = [];
afterEach(async () => {
  for (const p of pollers.splice(0)) await p.stop();
});
afterAll(() => streams?.destroy());

const clients: DynamoDBClient[] = [];
afterAll(() => {
  for (const c of clients) c.destroy();
});

/** A fresh table on a client of its own that records the name of every command it sends. */
async function table(): Promise<TableConfig & { commands: string[] }> {
  const t = await dynamo.newTable();
  const endpoint = await t.client.config.endpoint?.();
  const url = `${endpoint!.protocol}//${endpoint!.hostname}:${endpoint!.port}`;
  const client = localClient(url);
  clients.push(client);
  const commands: string[] = [];
  client.middlewareStack.add(
    (next, context) => (args) => {
      commands.push(context.commandName ?? '?');
      return next(args);
    },
    { step: 'initialize' },
  );
  streams ??= localStreamsClient(url);
  return { ...t, client, commands };
}

describe('the rating write path on DynamoDB Local', () => {
  it('writes a good rating with one PutItem and a bad one with one transaction, and reads nothing', async () => {
    // Prepare
    const t = await table();
    const cases = new DynamoCaseStore(t);
    const [good, bad] = [caseRecord('W-1'), caseRecord('W-2')];
    await cases.save(good, 0);
    await cases.save(bad, 0);
    const ratings = new DynamoRatingStore(t);
    const { rating, review } = badRating(bad);
    t.commands.length = 0;
    // Act
    const added = [await ratings.add(ratingRecord(good)), await ratings.add(rating, review), await ratings.add(ratingRecord(good))];
    // Assess
    expect(added).toEqual([true, true, false]);
    expect(t.commands).toEqual(['PutItemCommand', 'TransactWriteItemsCommand', 'PutItemCommand']);
    expect(await cases.get('W-1')).toStrictEqual(stored(good));
  });

  it('submits a rating with one GetItem of the case and one 1-unit PutItem, and the stream then carries that insert alone', async () => {
    // Prepare: a completed case due a default rating; every command's consumed capacity recorded
    const t = await table();
    const cases = new DynamoCaseStore(t);
    const kase = caseRecord('S-1');
    await cases.save(kase, 0);
    const units: { command: string; table?: number; indexes: number }[] = [];
    t.client.middlewareStack.add(
      (next, context) => async (args) => {
        Object.assign(args.input as object, { ReturnConsumedCapacity: 'INDEXES' });
        const out: any = await next(args);
        const c = out.output?.ConsumedCapacity;
        for (const cc of Array.isArray(c) ? c : c ? [c] : [])
          units.push({ command: context.commandName!, table: cc.Table?.CapacityUnits, indexes: Object.keys(cc.GlobalSecondaryIndexes ?? {}).length });
        return out;
      },
      { step: 'initialize' },
    );
    const seen: string[] = [];
    const poller = await new StreamPoller({
      table: t,
      streams: streams!,
      intervalMs: 20,
      onBatch: async (batch) => void seen.push(...batch.records.map((r) => `${r.old ? 'MODIFY' : 'INSERT'} ${String(r.new?.entity)}`)),
    }).start();
    pollers.push(poller);
    await poller.drain();
    seen.length = 0;
    t.commands.length = 0;
    const deps = {
      catalog: new DynamoCatalogStore(t),
      cases,
      ratings: new DynamoRatingStore(t),
      clock: systemClock,
      config: { personKeySalt: 'salt', publicBaseUrl: 'https://x' },
    };
    const pad = { sub: 'pad-1', role: 'client', unitId: kase.unitId } as const;
    // Act
    const out = await submitRating(deps, pad, parseOrThrow(RatingInput, { caseNumber: 'S-1', level: 1, channel: 'pad', anonymous: true }));
    await poller.drain();
    // Assess
    expect(out.replayed).toBe(false);
    expect(t.commands).toEqual(['GetItemCommand', 'PutItemCommand']);
    expect(units).toEqual([
      { command: 'GetItemCommand', table: 1, indexes: 0 },
      { command: 'PutItemCommand', table: 1, indexes: 0 },
    ]);
    expect(seen).toEqual(['INSERT rating']);
    expect(await cases.get('S-1')).toStrictEqual(stored(kase));
  });
});
