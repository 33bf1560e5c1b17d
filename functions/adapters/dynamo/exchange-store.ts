import { type AttributeValue, ConditionalCheckFailedException, GetItemCommand, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { CaseRecord } from '../../core/cases.js';
import type { Complaint } from '../../core/complaints/complaint.js';
import { DomainError } from '../../core/errors.js';
import { parseBatchId } from '../../core/exchange/windows.js';
import type { RatingRecord } from '../../core/ratings.js';
import type { ExchangeBatch, ExchangeSource, ExchangeStore } from '../../ports/exchange.js';
import type { Page } from '../../ports/stores.js';
import { DynamoRatingStore } from './rating-store.js';
import { fromItem, queryPage, type TableConfig, toItem } from './table.js';

const DEAD_LIST = 'EXCHANGE_DEAD';
const pkOf = (receiverId: string) => `EXCHANGE#${receiverId}`;
/** n padded so that batch 2 sorts before batch 10. */
const batchSk = (windowId: string, kind: string, n: number) => `BATCH#${windowId}#${kind}#${String(n).padStart(6, '0')}`;
const WATERMARK = { sk: 'WATERMARK' };

function batchKeys(b: ExchangeBatch) {
  const dead = b.state === 'dead';
  return {
    pk: pkOf(b.receiverId),
    sk: batchSk(b.windowId, b.kind, b.n),
    gsi2pk: dead ? DEAD_LIST : undefined,
    gsi2sk: dead ? `${b.createdAt}#${b.batchId}` : undefined,
    entity: 'exchangeBatch',
  };
}

/**
 * The record of what the data exchange sent (ports/exchange.ts) on the single table:
 * batches `EXCHANGE#{receiverId}` / `BATCH#{windowId}#{kind}#{n}` (a receiver's, newest
 * window first), while dead also in gsi2 `EXCHANGE_DEAD` / `{createdAt}#{batchId}` (sparse);
 * the receiver's watermark `EXCHANGE#{receiverId}` / `WATERMARK`.
 */
export class DynamoExchangeStore implements ExchangeStore {
  constructor(private readonly t: TableConfig) {}

  async create(b: ExchangeBatch): Promise<ExchangeBatch> {
    try {
      await this.t.client.send(
        new PutItemCommand({ TableName: this.t.tableName, Item: toItem(batchKeys(b), b), ConditionExpression: 'attribute_not_exists(pk)' }),
      );
      return b;
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
      const existing = await this.get(b.batchId);
      if (!existing) throw e;
      return existing;
    }
  }

  async get(batchId: string): Promise<ExchangeBatch | undefined> {
    const id = parseBatchId(batchId);
    if (!id) return undefined;
    const key = { pk: pkOf(id.receiverId), sk: batchSk(id.windowId, id.kind, id.n) };
    const out = await this.t.client.send(new GetItemCommand({ TableName: this.t.tableName, Key: marshall(key), ConsistentRead: true }));
    return out.Item ? fromItem<ExchangeBatch>(out.Item) : undefined;
  }

  async save(b: ExchangeBatch, expectedVersion: number): Promise<void> {
    try {
      await this.t.client.send(
        new PutItemCommand({
          TableName: this.t.tableName,
          Item: toItem(batchKeys(b), b),
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: marshall({ ':v': expectedVersion }),
        }),
      );
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) throw new DomainError('CONFLICT', '该数据交换批次已被同时更新，请刷新后重试');
      throw e;
    }
  }

  listForReceiver(receiverId: string, opts: { cursor?: string; limit?: number } = {}): Promise<Page<ExchangeBatch>> {
    return queryPage(this.t, { pk: pkOf(receiverId), skPrefix: 'BATCH#', cursor: opts.cursor, limit: opts.limit });
  }

  listDead(opts: { cursor?: string; limit?: number } = {}): Promise<Page<ExchangeBatch>> {
    return queryPage(this.t, { index: 'gsi2', pk: DEAD_LIST, forward: true, cursor: opts.cursor, limit: opts.limit });
  }

  async watermark(receiverId: string): Promise<string | undefined> {
    const out = await this.t.client.send(
      new GetItemCommand({ TableName: this.t.tableName, Key: marshall({ pk: pkOf(receiverId), ...WATERMARK }), ConsistentRead: true }),
    );
    return out.Item ? fromItem<{ day: string }>(out.Item).day : undefined;
  }

  async setWatermark(receiverId: string, day: string, expected: string | undefined): Promise<void> {
    try {
      await this.t.client.send(
        new PutItemCommand({
          TableName: this.t.tableName,
          Item: toItem({ pk: pkOf(receiverId), ...WATERMARK, entity: 'exchangeWatermark' }, { receiverId, day }),
          ...(expected === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: '#day = :expected',
                ExpressionAttributeNames: { '#day': 'day' },
                ExpressionAttributeValues: marshall({ ':expected': expected }),
              }),
        }),
      );
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) throw new DomainError('CONFLICT', '数据交换水位已被同时更新');
      throw e;
    }
  }
}

/**
 * Instants in these index keys are stored as they were given (`…+08:00` or `…Z`), so the
 * range is widened by 14 hours each way (the largest UTC offset) and the caller filters
 * exactly; each range is read whole, page by page.
 */
const SKEW_MS = 14 * 3_600_000;
const widen = (instant: string, sign: 1 | -1) => new Date(Date.parse(instant) + sign * SKEW_MS).toISOString();

/** How long after its case's acceptance a rating is still found by the export (handling time plus the 7 working days to rate, with room). */
const RATED_WITHIN_DAYS = 180;

/** The records of one unit by their index time, from the unit's gsi1 lists (ports/exchange.ts). */
export class DynamoExchangeSource implements ExchangeSource {
  private readonly ratings: DynamoRatingStore;
  constructor(private readonly t: TableConfig) {
    this.ratings = new DynamoRatingStore(t);
  }

  private async range<T>(pk: string, skFrom: string, skTo: string, keep: (x: T) => boolean): Promise<T[]> {
    const out: T[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.t.client.send(
        new QueryCommand({
          TableName: this.t.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :a AND :b',
          ExpressionAttributeValues: marshall({ ':pk': pk, ':a': skFrom, ':b': skTo }),
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        const x = fromItem<T>(item);
        if (keep(x)) out.push(x);
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  /**
   * Ratings have no index of their own (a rating is one item in no index): the ratings of
   * the unit's cases accepted from {@link RATED_WITHIN_DAYS} before `from` to `to`, read by
   * key 50 cases at a time, kept when given (ratedAt) in the range. A rating given more than
   * that long after its case was accepted is not found here (the limit of the rule).
   */
  async ratingsGivenBetween(unitId: string, from: string, to: string): Promise<RatingRecord[]> {
    const [a, b] = [Date.parse(from), Date.parse(to)];
    const cases = await this.range<CaseRecord>(
      `UNIT#${unitId}#CASES`,
      widen(new Date(a - RATED_WITHIN_DAYS * 86_400_000).toISOString(), -1),
      `${widen(to, 1)}~`,
      () => true,
    );
    const numbers = cases.map((c) => c.caseNumber);
    const out: RatingRecord[] = [];
    for (let i = 0; i < numbers.length; i += 500) out.push(...(await this.ratings.ofCases(numbers.slice(i, i + 500))));
    return out.filter((r) => Date.parse(r.ratedAt) >= a && Date.parse(r.ratedAt) <= b);
  }

  casesAcceptedBetween(unitId: string, from: string, to: string): Promise<CaseRecord[]> {
    const [a, b] = [Date.parse(from), Date.parse(to)];
    return this.range<CaseRecord>(
      `UNIT#${unitId}#CASES`,
      widen(from, -1),
      `${widen(to, 1)}~`,
      (c) => Date.parse(c.acceptedAt) >= a && Date.parse(c.acceptedAt) <= b,
    );
  }

  /** Open ones (`OPEN#{createdAt}#…`) and closed ones (`DONE#…`), each one range. */
  async complaintsReceivedBetween(unitId: string, from: string, to: string): Promise<Complaint[]> {
    const [a, b] = [Date.parse(from), Date.parse(to)];
    const keep = (c: Complaint) => Date.parse(c.createdAt) >= a && Date.parse(c.createdAt) <= b;
    const pk = `UNIT#${unitId}#COMPLAINTS`;
    const [open, done] = await Promise.all(
      ['OPEN', 'DONE'].map((state) => this.range<Complaint>(pk, `${state}#${widen(from, -1)}`, `${state}#${widen(to, 1)}~`, keep)),
    );
    return [...(open ?? []), ...(done ?? [])];
  }
}
