import {
  BatchGetItemCommand,
  type BatchGetItemCommandOutput,
  ConditionalCheckFailedException,
  GetItemCommand,
  type KeysAndAttributes,
  PutItemCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { CaseRecord } from '../../core/cases.js';
import type { BadReview as BadReviewRecord } from '../../core/bad-review.js';
import type { RatingRecord } from '../../core/ratings.js';
import type { Page, RatingStore } from '../../ports/stores.js';
import { reviewKey, reviewKeys } from './bad-review-store.js';
import { fromItem, queryAll, queryPage, type TableConfig, toItem } from './table.js';

const ratingKey = (caseNumber: string, assessNumber: number) => ({ pk: `CASE#${caseNumber}`, sk: `RATING#${assessNumber}` });

/** `{caseNumber}-{1|2}` → its key. Case numbers may contain `-`, so split at the last one. */
function parseRatingId(ratingId: string) {
  const i = ratingId.lastIndexOf('-');
  return { caseNumber: ratingId.slice(0, i), assessNumber: Number(ratingId.slice(i + 1)) };
}

/** Cases per list page: their two rating keys each fill one BatchGetItem (100 keys). */
const MAX_CASES = 50;
const BATCH_TRIES = 5;

export class DynamoRatingStore implements RatingStore {
  constructor(private readonly t: TableConfig) {}

  async get(ratingId: string): Promise<RatingRecord | undefined> {
    const { caseNumber, assessNumber } = parseRatingId(ratingId);
    if (!caseNumber || !(assessNumber === 1 || assessNumber === 2)) return undefined;
    const out = await this.t.client.send(
      new GetItemCommand({ TableName: this.t.tableName, Key: marshall(ratingKey(caseNumber, assessNumber)), ConsistentRead: true }),
    );
    return out.Item ? fromItem<RatingRecord>(out.Item) : undefined;
  }

  /**
   * A rating alone is one conditional PutItem of an item in no index (1 write unit); a bad
   * review goes with its rating in one two-item transaction. Nothing else is written.
   */
  async add(rating: RatingRecord, badReview?: BadReviewRecord): Promise<boolean> {
    const put = {
      TableName: this.t.tableName,
      Item: toItem({ ...ratingKey(rating.caseNumber, rating.assessNumber), entity: 'rating' }, rating),
      ConditionExpression: 'attribute_not_exists(pk)',
    };
    if (!badReview) {
      try {
        await this.t.client.send(new PutItemCommand(put));
        return true;
      } catch (e) {
        if (e instanceof ConditionalCheckFailedException) return false;
        throw e;
      }
    }
    const items: TransactWriteItem[] = [
      { Put: put },
      { Put: { TableName: this.t.tableName, Item: toItem(reviewKeys(badReview), badReview), ConditionExpression: 'attribute_not_exists(pk)' } },
    ];
    for (let attempt = 1; ; attempt++) {
      try {
        await this.t.client.send(new TransactWriteItemsCommand({ TransactItems: items }));
        return true;
      } catch (e) {
        if (!(e instanceof TransactionCanceledException)) throw e;
        const codes = e.CancellationReasons?.map((r) => r.Code) ?? [];
        if (codes[0] === 'ConditionalCheckFailed') return false;
        // A concurrent transaction on the same items (e.g. a concurrent retry): try again shortly; the condition then decides.
        if (!codes.includes('TransactionConflict') || attempt >= 4) throw e;
        await new Promise((r) => setTimeout(r, 20 * 2 ** attempt * Math.random()));
      }
    }
  }

  listByCase(caseNumber: string): Promise<RatingRecord[]> {
    return queryAll(this.t, { pk: `CASE#${caseNumber}`, skPrefix: 'RATING#', forward: true });
  }

  /** A page of the unit's cases (gsi1, newest accepted first), and their ratings. */
  async listByUnit(unitId: string, opts: { cursor?: string; limit?: number } = {}): Promise<Page<RatingRecord>> {
    const page = await queryPage<CaseRecord>(this.t, { index: 'gsi1', pk: `UNIT#${unitId}#CASES`, ...opts, limit: Math.min(opts.limit ?? 50, MAX_CASES) });
    return { items: await this.ofCases(page.items.map((c) => c.caseNumber)), next: page.next };
  }

  /** A page of the person's cases (gsi3, newest accepted first), and the ratings they gave on them by name. */
  async listByPerson(personKey: string, opts: { cursor?: string; limit?: number } = {}): Promise<Page<RatingRecord>> {
    const page = await queryPage<CaseRecord>(this.t, { index: 'gsi3', pk: `PERSON#${personKey}`, ...opts, limit: Math.min(opts.limit ?? 50, MAX_CASES) });
    const ratings = await this.ofCases(page.items.map((c) => c.caseNumber));
    return { items: ratings.filter((r) => r.personKey === personKey), next: page.next };
  }

  /** The ratings (first, then follow-up) of these cases, in their order: one BatchGetItem per 50 cases. */
  async ofCases(caseNumbers: readonly string[]): Promise<RatingRecord[]> {
    const order = [...new Set(caseNumbers)];
    const found = new Map<string, RatingRecord>();
    const chunks = Array.from({ length: Math.ceil(order.length / MAX_CASES) }, (_, i) => order.slice(i * MAX_CASES, (i + 1) * MAX_CASES));
    for (const rs of await Promise.all(chunks.map((c) => this.batchGet(c)))) for (const r of rs) found.set(r.ratingId, r);
    return order.flatMap((n) => [found.get(`${n}-1`), found.get(`${n}-2`)].filter((r): r is RatingRecord => !!r));
  }

  /** One BatchGetItem of up to 50 cases' two rating keys; unprocessed keys are asked again a few times. */
  private async batchGet(caseNumbers: readonly string[]): Promise<RatingRecord[]> {
    const found: RatingRecord[] = [];
    let request: Record<string, KeysAndAttributes> | undefined = {
      [this.t.tableName]: { Keys: caseNumbers.flatMap((n) => [marshall(ratingKey(n, 1)), marshall(ratingKey(n, 2))]), ConsistentRead: true },
    };
    for (let i = 0; request && Object.keys(request).length && i < BATCH_TRIES; i++) {
      if (i) await new Promise((r) => setTimeout(r, 20 * 2 ** i));
      const out: BatchGetItemCommandOutput = await this.t.client.send(new BatchGetItemCommand({ RequestItems: request }));
      for (const item of out.Responses?.[this.t.tableName] ?? []) found.push(fromItem<RatingRecord>(item));
      request = out.UnprocessedKeys;
    }
    if (request && Object.keys(request).length) throw new Error('BatchGetItem left keys unprocessed');
    return found;
  }

  async getBadReview(reviewId: string): Promise<BadReviewRecord | undefined> {
    const out = await this.t.client.send(new GetItemCommand({ TableName: this.t.tableName, Key: marshall(reviewKey(reviewId)), ConsistentRead: true }));
    return out.Item ? fromItem<BadReviewRecord>(out.Item) : undefined;
  }
}
