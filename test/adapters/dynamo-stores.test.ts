/**
 * The DynamoDB adapters against a mocked DynamoDBClient (aws-sdk-client-mock): which
 * commands they send, with which keys and conditions, and how they read the answers.
 */
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { toHaveReceivedCommandOnce, toHaveReceivedCommandTimes, toHaveReceivedCommandWith, toHaveReceivedCommand } from 'aws-sdk-client-mock-vitest';
import type { CustomMatcher } from 'aws-sdk-client-mock-vitest';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoCalendarStore } from '../../functions/adapters/dynamo/calendar-store.js';
import { DynamoCaseStore } from '../../functions/adapters/dynamo/case-store.js';
import { DynamoCatalogStore } from '../../functions/adapters/dynamo/catalog-store.js';
import { DynamoRatingStore } from '../../functions/adapters/dynamo/rating-store.js';
import type { TableConfig } from '../../functions/adapters/dynamo/table.js';
import type { CaseRecord } from '../../functions/core/cases.js';
import { DomainError } from '../../functions/core/errors.js';
import { type BadReview as BadReviewRecord, buildBadReview } from '../../functions/core/bad-review.js';
import type { RatingRecord } from '../../functions/core/ratings.js';
import { APPLICANT, caseInput } from '../fakes.js';

declare module 'vitest' {
  interface Matchers<T = any> extends CustomMatcher<T> {}
}
expect.extend({ toHaveReceivedCommandWith, toHaveReceivedCommandTimes, toHaveReceivedCommandOnce, toHaveReceivedCommand });

const dynamo = mockClient(DynamoDBClient);
const table: TableConfig = {
  tableName: 'hcp-test',
  client: new DynamoDBClient({ region: 'cn-north-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
};

beforeEach(() => dynamo.reset());
afterAll(() => dynamo.restore());

const rating: RatingRecord = {
  ratingId: 'PDS-2026-0001-1',
  caseNumber: 'PDS-2026-0001',
  assessNumber: 1,
  level: 5,
  levelName: '非常不满意',
  channel: 'pad',
  channelName: '政务大厅平板电脑',
  tags: ['服务态度'],
  anonymous: false,
  personKey: 'pk-abc',
  itemCode: '4104-01-001',
  unitId: 'U-SCJG',
  regionCode: '410400',
  caseRegionCode: '410400',
  venueId: 'V-CITY',
  windowId: 'W01',
  ratedAt: '2026-11-02T02:00:00.000Z',
  receivedAt: '2026-11-02T02:00:01.000Z',
  active: true,
  bad: true,
  submittedBy: 'pad',
  contentHash: 'h',
};
const review: BadReviewRecord = buildBadReview(rating);

const kase = (over: Partial<CaseRecord> = {}): CaseRecord => ({
  ...caseInput({ caseNumber: 'PDS-2026-0001', applicant: { ...APPLICANT }, status: 'completed', completedAt: '2026-10-27T10:00:00+08:00' }),
  regionCode: '410400',
  itemName: '企业设立登记',
  personKey: 'pk-abc',
  ratingCount: 0,
  defaultRatingDueAt: '2026-11-05T15:59:59.999Z',
  createdAt: '2026-10-26T01:00:00.000Z',
  updatedAt: '2026-10-27T02:00:00.000Z',
  version: 1,
  ...over,
});

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });

describe('DynamoRatingStore.add', () => {
  it('writes a bad rating and its bad review in one transaction, without touching the case', async () => {
    // Prepare
    dynamo.on(TransactWriteItemsCommand).resolves({});
    // Act
    const stored = await new DynamoRatingStore(table).add(rating, review);
    // Assess
    expect(stored).toBe(true);
    expect(dynamo).toHaveReceivedCommandOnce(TransactWriteItemsCommand);
    expect(dynamo).toHaveReceivedCommandWith(TransactWriteItemsCommand, {
      TransactItems: [
        {
          Put: expect.objectContaining({
            TableName: 'hcp-test',
            ConditionExpression: 'attribute_not_exists(pk)',
            Item: expect.objectContaining({
              pk: { S: 'CASE#PDS-2026-0001' },
              sk: { S: 'RATING#1' },
              level: { N: '5' },
              entity: { S: 'rating' },
            }),
          }),
        },
        {
          Put: expect.objectContaining({
            ConditionExpression: 'attribute_not_exists(pk)',
            Item: expect.objectContaining({
              pk: { S: 'REVIEW#PDS-2026-0001-1' },
              sk: { S: 'A' },
              gsi1pk: { S: 'UNIT#U-SCJG#REVIEWS' },
              gsi2pk: { S: 'OPEN_REVIEWS' },
            }),
          }),
        },
      ],
    });
  });

  it('writes a good, anonymous rating with one conditional PutItem of an item in no index', async () => {
    // Prepare
    dynamo.on(PutItemCommand).resolves({});
    const good: RatingRecord = { ...rating, level: 1, bad: false, anonymous: true, personKey: undefined };
    // Act
    const stored = await new DynamoRatingStore(table).add(good);
    // Assess
    expect(stored).toBe(true);
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteItemsCommand, 0);
    const input = dynamo.commandCalls(PutItemCommand)[0]!.args[0].input;
    expect(input.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(input.Item).toMatchObject({ pk: { S: 'CASE#PDS-2026-0001' }, sk: { S: 'RATING#1' } });
    expect(Object.keys(input.Item!).filter((k) => k.startsWith('gsi'))).toEqual([]);
    expect(input.Item).not.toHaveProperty('personKey');
  });

  it('answers false when the rating already exists (condition failed on item 0)', async () => {
    // Prepare
    dynamo.on(TransactWriteItemsCommand).rejects(cancelled('ConditionalCheckFailed', 'None', 'None'));
    // Act
    const stored = await new DynamoRatingStore(table).add(rating, review);
    // Assess
    expect(stored).toBe(false);
  });

  it('answers false when a good rating already exists (its condition failed)', async () => {
    // Prepare
    dynamo.on(PutItemCommand).rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));
    // Act
    const stored = await new DynamoRatingStore(table).add({ ...rating, bad: false });
    // Assess
    expect(stored).toBe(false);
  });

  it('throws when the bad review exists already (condition failed on item 1)', async () => {
    // Prepare
    dynamo.on(TransactWriteItemsCommand).rejects(cancelled('None', 'ConditionalCheckFailed'));
    // Act / Assess
    await expect(new DynamoRatingStore(table).add(rating, review)).rejects.toBeInstanceOf(TransactionCanceledException);
  });
});

describe('DynamoRatingStore.get', () => {
  it('reads a rating id with dashes in the case number by its last dash, consistently', async () => {
    // Prepare
    dynamo.on(GetItemCommand).resolves({
      Item: marshall(
        { pk: 'CASE#PDS-2026-0001', sk: 'RATING#2', gsi1pk: 'x', entity: 'rating', ...rating, assessNumber: 2, personKey: undefined },
        { removeUndefinedValues: true },
      ),
    });
    // Act
    const r = await new DynamoRatingStore(table).get('PDS-2026-0001-2');
    // Assess
    expect(dynamo).toHaveReceivedCommandWith(GetItemCommand, { Key: { pk: { S: 'CASE#PDS-2026-0001' }, sk: { S: 'RATING#2' } }, ConsistentRead: true });
    expect(r).toMatchObject({ caseNumber: 'PDS-2026-0001', assessNumber: 2 });
    expect(r).not.toHaveProperty('pk');
    expect(r).not.toHaveProperty('entity');
  });

  it.each(['nodash', 'C-3', 'C-'])('answers undefined for the malformed id %s without asking DynamoDB', async (id) => {
    // Act
    const r = await new DynamoRatingStore(table).get(id);
    // Assess
    expect(r).toBeUndefined();
    expect(dynamo.calls()).toHaveLength(0);
  });
});

describe('DynamoCaseStore', () => {
  it('creates a case only when it does not exist yet (expectedVersion 0) and puts it on the default-due index', async () => {
    // Prepare
    dynamo.on(PutItemCommand).resolves({});
    // Act
    await new DynamoCaseStore(table).save(kase(), 0);
    // Assess
    expect(dynamo).toHaveReceivedCommandWith(PutItemCommand, {
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: expect.objectContaining({
        pk: { S: 'CASE#PDS-2026-0001' },
        sk: { S: 'A' },
        gsi1pk: { S: 'UNIT#U-CITY#CASES' },
        gsi2pk: { S: 'DEFAULT_DUE' },
        gsi2sk: { S: '2026-11-05T15:59:59.999Z#PDS-2026-0001' },
      }),
    });
    expect(dynamo.commandCalls(PutItemCommand)[0]!.args[0].input.ExpressionAttributeValues).toBeUndefined();
  });

  it('replaces a case only at the expected version and keeps a rated case off the default-due index', async () => {
    // Prepare
    dynamo.on(PutItemCommand).resolves({});
    // Act
    await new DynamoCaseStore(table).save(kase({ ratingCount: 1, version: 4 }), 3);
    // Assess
    expect(dynamo).toHaveReceivedCommandWith(PutItemCommand, { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': { N: '3' } } });
    const item = dynamo.commandCalls(PutItemCommand)[0]!.args[0].input.Item!;
    expect(item).not.toHaveProperty('gsi2pk');
    expect(item).not.toHaveProperty('gsi2sk');
  });

  it('turns a failed version condition into a CONFLICT domain error', async () => {
    // Prepare
    dynamo.on(PutItemCommand).rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));
    // Act
    const e = await new DynamoCaseStore(table).save(kase(), 1).catch((err) => err);
    // Assess
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).code).toBe('CONFLICT');
  });

  it('finds cases due for a default rating on gsi2 DEFAULT_DUE with sk <= now, oldest first', async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({ Items: [marshall({ pk: 'CASE#PDS-2026-0001', sk: 'A', gsi2pk: 'DEFAULT_DUE', ...kase() })] });
    // Act
    const due = await new DynamoCaseStore(table).dueForDefaultRating('2026-11-06T00:00:00.000Z', 100);
    // Assess
    expect(dynamo).toHaveReceivedCommandWith(QueryCommand, {
      IndexName: 'gsi2',
      KeyConditionExpression: '#pk = :pk AND #sk <= :sk',
      ExpressionAttributeNames: { '#pk': 'gsi2pk', '#sk': 'gsi2sk' },
      ExpressionAttributeValues: { ':pk': { S: 'DEFAULT_DUE' }, ':sk': { S: '2026-11-06T00:00:00.000Z#~' } },
      ScanIndexForward: true,
      Limit: 100,
    });
    expect(due.map((c) => c.caseNumber)).toEqual(['PDS-2026-0001']);
    expect(due[0]).not.toHaveProperty('gsi2pk');
  });
});

describe('paging cursors', () => {
  it('hands back LastEvaluatedKey as an opaque cursor and sends it back as ExclusiveStartKey', async () => {
    // Prepare
    const lastKey = marshall({ pk: 'CASE#C-9', sk: 'A', gsi1pk: 'UNIT#U-CITY#CASES', gsi1sk: '2026-10-01T00:00:00Z#C-9' });
    dynamo.on(QueryCommand).resolvesOnce({ Items: [], LastEvaluatedKey: lastKey }).resolves({ Items: [] });
    const store = new DynamoCaseStore(table);
    // Act
    const first = await store.listByUnit('U-CITY', { limit: 10 });
    const second = await store.listByUnit('U-CITY', { cursor: first.next, limit: 10 });
    // Assess
    expect(first.next).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(second.next).toBeUndefined();
    expect(dynamo).toHaveReceivedCommandTimes(QueryCommand, 2);
    expect(dynamo.commandCalls(QueryCommand)[1]!.args[0].input).toMatchObject({
      IndexName: 'gsi1',
      ExclusiveStartKey: lastKey,
      ScanIndexForward: false,
      Limit: 10,
      ExpressionAttributeValues: { ':pk': { S: 'UNIT#U-CITY#CASES' } },
    });
  });

  it('refuses a cursor that is not one of ours with a 400 naming the cursor', async () => {
    // Act
    const e = await new DynamoRatingStore(table).listByUnit('U-CITY', { cursor: '!!not-base64-json' }).catch((err) => err);
    // Assess
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).issues).toEqual([expect.objectContaining({ field: 'cursor' })]);
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('refuses an edited cursor, and a cursor taken from another list, before calling DynamoDB', async () => {
    // Prepare: a real cursor for unit U-CITY's cases
    const lastKey = marshall({ pk: 'CASE#C-9', sk: 'A', gsi1pk: 'UNIT#U-CITY#CASES', gsi1sk: '2026-10-01T00:00:00Z#C-9' });
    dynamo.on(QueryCommand).resolvesOnce({ Items: [], LastEvaluatedKey: lastKey });
    const store = new DynamoCaseStore(table);
    const cursor = (await store.listByUnit('U-CITY', { limit: 10 })).next!;
    const forged =
      Buffer.from(JSON.stringify({ pk: 'CASE#C-9', sk: 'A', gsi1pk: 'UNIT#U-COUNTY#CASES', gsi1sk: 'z' })).toString('base64url') + cursor.slice(-22);
    const wrongType = Buffer.from(JSON.stringify({ pk: { nested: [1] } })).toString('base64url') + cursor.slice(-22);
    // Act
    const errors = await Promise.all([
      store.listByUnit('U-CITY', { cursor: forged }).catch((e) => e),
      store.listByUnit('U-CITY', { cursor: wrongType }).catch((e) => e),
      store.listByUnit('U-COUNTY', { cursor }).catch((e) => e),
      new DynamoRatingStore(table).listByPerson('pk-abc', { cursor }).catch((e) => e),
    ]);
    // Assess
    for (const e of errors) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).status).toBe(400);
      expect((e as DomainError).issues).toEqual([expect.objectContaining({ field: 'cursor', rule: 'cursor' })]);
    }
    expect(dynamo).toHaveReceivedCommandTimes(QueryCommand, 1);
  });

  it('caps a page at 500 items, and a page of ratings at 50 cases (one BatchGetItem of their rating keys)', async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({ Items: [] });
    // Act
    await new DynamoCaseStore(table).listByUnit('U-CITY', { limit: 10_000 });
    await new DynamoRatingStore(table).listByPerson('pk-abc', { limit: 10_000 });
    // Assess
    expect(dynamo).toHaveReceivedCommandWith(QueryCommand, { IndexName: 'gsi1', Limit: 500, ExpressionAttributeValues: { ':pk': { S: 'UNIT#U-CITY#CASES' } } });
    expect(dynamo).toHaveReceivedCommandWith(QueryCommand, { IndexName: 'gsi3', Limit: 50, ExpressionAttributeValues: { ':pk': { S: 'PERSON#pk-abc' } } });
  });
});

describe('DynamoCatalogStore', () => {
  it('reads a window by its `venue:window` key', async () => {
    // Prepare
    dynamo.on(GetItemCommand).resolves({ Item: marshall({ pk: 'VENUE#V-CITY', sk: 'WINDOW#W01', venueId: 'V-CITY', windowId: 'W01', name: '1号窗口' }) });
    // Act
    const w = await new DynamoCatalogStore(table).get('windows', 'V-CITY:W01');
    // Assess
    expect(dynamo).toHaveReceivedCommandWith(GetItemCommand, { Key: { pk: { S: 'VENUE#V-CITY' }, sk: { S: 'WINDOW#W01' } } });
    expect(w).toEqual({ venueId: 'V-CITY', windowId: 'W01', name: '1号窗口' });
  });

  it('stores a window under its venue and lists it by kind', async () => {
    // Prepare
    dynamo.on(PutItemCommand).resolves({});
    // Act
    await new DynamoCatalogStore(table).put('windows', { venueId: 'V-CITY', windowId: 'W02', name: '2号窗口', device: { deviceId: 'PAD-2', kind: 'pad' } });
    // Assess
    expect(dynamo).toHaveReceivedCommandWith(PutItemCommand, {
      Item: expect.objectContaining({
        pk: { S: 'VENUE#V-CITY' },
        sk: { S: 'WINDOW#W02' },
        gsi1pk: { S: 'CAT#windows' },
        gsi1sk: { S: 'V-CITY#W02' },
        device: { M: { deviceId: { S: 'PAD-2' }, kind: { S: 'pad' } } },
      }),
    });
  });

  it('lists units of a region by gsi1 prefix, in key order', async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({ Items: [] });
    // Act
    await new DynamoCatalogStore(table).list('units', { prefix: '4104' });
    // Assess
    expect(dynamo).toHaveReceivedCommandWith(QueryCommand, {
      IndexName: 'gsi1',
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :sk)',
      ExpressionAttributeValues: { ':pk': { S: 'CAT#units' }, ':sk': { S: '4104' } },
      ScanIndexForward: true,
    });
  });
});

describe('DynamoCalendarStore', () => {
  it('reads every page of the overrides', async () => {
    // Prepare
    dynamo
      .on(QueryCommand)
      .resolvesOnce({
        Items: [marshall({ pk: 'CALENDAR', sk: '2027-01-01', date: '2027-01-01', kind: 'holiday' })],
        LastEvaluatedKey: marshall({ pk: 'CALENDAR', sk: '2027-01-01' }),
      })
      .resolves({ Items: [marshall({ pk: 'CALENDAR', sk: '2027-02-06', date: '2027-02-06', kind: 'workday' })] });
    // Act
    const overrides = await new DynamoCalendarStore(table).overrides();
    // Assess
    expect(overrides).toEqual([
      { date: '2027-01-01', kind: 'holiday' },
      { date: '2027-02-06', kind: 'workday' },
    ]);
    expect(dynamo).toHaveReceivedCommandTimes(QueryCommand, 2);
    expect(dynamo).toHaveReceivedCommandWith(QueryCommand, { ExpressionAttributeValues: { ':pk': { S: 'CALENDAR' } } });
  });

  it("replaces a year in one transaction: puts every day and deletes the year's other overrides", async () => {
    // Prepare: 2027 holds 01-01 (kept) and 03-03 (no longer listed)
    dynamo.on(QueryCommand).resolves({
      Items: [
        marshall({ pk: 'CALENDAR', sk: '2027-01-01', date: '2027-01-01', kind: 'holiday' }),
        marshall({ pk: 'CALENDAR', sk: '2027-03-03', date: '2027-03-03', kind: 'holiday' }),
      ],
    });
    dynamo.on(TransactWriteItemsCommand).resolves({});
    // Act
    const out = await new DynamoCalendarStore(table).replaceYear(2027, [
      { date: '2027-01-01', kind: 'holiday', name: '元旦' },
      { date: '2027-02-06', kind: 'workday', name: '春节' },
    ]);
    // Assess
    expect(out).toEqual({ removed: 1 });
    expect(dynamo).toHaveReceivedCommandWith(QueryCommand, {
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :sk)',
      ExpressionAttributeValues: { ':pk': { S: 'CALENDAR' }, ':sk': { S: '2027-' } },
    });
    expect(dynamo).toHaveReceivedCommandOnce(TransactWriteItemsCommand);
    const items = dynamo.commandCalls(TransactWriteItemsCommand)[0]!.args[0].input.TransactItems!;
    expect(items.map((i) => (i.Put ? ['put', i.Put.Item!.sk!.S, i.Put.Item!.kind!.S, i.Put.Item!.entity!.S] : ['delete', i.Delete!.Key!.sk!.S]))).toEqual([
      ['put', '2027-01-01', 'holiday', 'calendar'],
      ['put', '2027-02-06', 'workday', 'calendar'],
      ['delete', '2027-03-03'],
    ]);
    expect(items[2]!.Delete!.Key).toEqual({ pk: { S: 'CALENDAR' }, sk: { S: '2027-03-03' } });
  });

  it('writes a very large replacement in transactions of at most 100 actions', async () => {
    // Prepare: 150 days, nothing stored yet
    dynamo.on(QueryCommand).resolves({ Items: [] });
    dynamo.on(TransactWriteItemsCommand).resolves({});
    const days = Array.from({ length: 150 }, (_, i) => ({ date: new Date(Date.UTC(2031, 0, 1 + i)).toISOString().slice(0, 10), kind: 'holiday' as const }));
    // Act
    await new DynamoCalendarStore(table).replaceYear(2031, days);
    // Assess
    expect(dynamo.commandCalls(TransactWriteItemsCommand).map((c) => c.args[0].input.TransactItems!.length)).toEqual([100, 50]);
  });
});

describe('DynamoCaseStore.listDefaultRatingDueFrom', () => {
  it('queries the DEFAULT_DUE index from a date on, earliest first', async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({ Items: [marshall({ pk: 'CASE#PDS-2026-0001', sk: 'A', gsi2pk: 'DEFAULT_DUE', ...kase() })] });
    // Act
    const page = await new DynamoCaseStore(table).listDefaultRatingDueFrom('2027-01-01T15:59:59.999Z', { limit: 100 });
    // Assess
    expect(dynamo).toHaveReceivedCommandWith(QueryCommand, {
      IndexName: 'gsi2',
      KeyConditionExpression: '#pk = :pk AND #sk >= :sk',
      ExpressionAttributeNames: { '#pk': 'gsi2pk', '#sk': 'gsi2sk' },
      ExpressionAttributeValues: { ':pk': { S: 'DEFAULT_DUE' }, ':sk': { S: '2027-01-01T15:59:59.999Z' } },
      ScanIndexForward: true,
      Limit: 100,
    });
    expect(page.items.map((c) => c.caseNumber)).toEqual(['PDS-2026-0001']);
  });
});
