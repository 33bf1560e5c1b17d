import {
  ConditionalCheckFailedException,
  GetItemCommand,
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
import { batchGetItems, fromItem, queryAll, queryPage, type TableConfig, toItem } from './table.js';

const ratingKey = (caseNumber: string, assessNumber: number) => ({ pk: `CASE#${caseNumber}`, sk: `RATING#${assessNumber}` });

/** `{caseNumber}-{1|2}` → its key. Case numbers may contain `-`, so split at the last one. */
function parseRatingId(ratingId: string) {
  const i = ratingId.lastIndexOf('-');
  return { caseNumber: ratingId.slice(0, i), assessNumber: Number(ratingId.slice(i + 1)) };
}

/** Cases per list page: their two rating keys each fill one BatchGetItem (100 keys). */
const MAX_CASES = 50;

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
    const items = await batchGetItems(
      this.t,
      order.flatMap((n) => [ratingKey(n, 1), ratingKey(n, 2)]),
    );
    const found = new Map(items.map((item) => fromItem<RatingRecord>(item)).map((r) => [r.ratingId, r]));
    return order.flatMap((n) => [found.get(`${n}-1`), found.get(`${n}-2`)].filter((r): r is RatingRecord => !!r));
  }

  async getBadReview(reviewId: string): Promise<BadReviewRecord | undefined> {
    const out = await this.t.client.send(new GetItemCommand({ TableName: this.t.tableName, Key: marshall(reviewKey(reviewId)), ConsistentRead: true }));
    return out.Item ? fromItem<BadReviewRecord>(out.Item) : undefined;
  }
}
