import { GetItemCommand, TransactionCanceledException, TransactWriteItemsCommand, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { BadReview as BadReviewRecord } from '../../core/bad-review.js';
import type { RatingRecord } from '../../core/ratings.js';
import type { Page, RatingStore } from '../../ports/stores.js';
import { reviewKey, reviewKeys } from './bad-review-store.js';
import { caseKey } from './case-store.js';
import { fromItem, queryAll, queryPage, type TableConfig, toItem } from './table.js';

const ratingKey = (caseNumber: string, assessNumber: number) => ({ pk: `CASE#${caseNumber}`, sk: `RATING#${assessNumber}` });

/** `{caseNumber}-{1|2}` → its key. Case numbers may contain `-`, so split at the last one. */
function parseRatingId(ratingId: string) {
  const i = ratingId.lastIndexOf('-');
  return { caseNumber: ratingId.slice(0, i), assessNumber: Number(ratingId.slice(i + 1)) };
}

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

  async add(rating: RatingRecord, badReview?: BadReviewRecord): Promise<boolean> {
    const T = this.t.tableName;
    const items: TransactWriteItem[] = [
      {
        Put: {
          TableName: T,
          Item: toItem(
            {
              ...ratingKey(rating.caseNumber, rating.assessNumber),
              gsi1pk: `UNIT#${rating.unitId}#RATINGS`,
              gsi1sk: `${rating.ratedAt}#${rating.ratingId}`,
              gsi2pk: rating.personKey ? `PERSON#${rating.personKey}` : undefined,
              gsi2sk: rating.personKey ? `${rating.ratedAt}#${rating.ratingId}` : undefined,
              entity: 'rating',
            },
            rating,
          ),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        // The case is rated: count it, bump its version and leave the default-rating index.
        Update: {
          TableName: T,
          Key: marshall(caseKey(rating.caseNumber)),
          UpdateExpression: 'SET ratingCount = ratingCount + :one, version = version + :one REMOVE gsi2pk, gsi2sk',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: marshall({ ':one': 1 }),
        },
      },
    ];
    if (badReview) {
      items.push({
        Put: {
          TableName: T,
          Item: toItem(reviewKeys(badReview), badReview),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    }
    for (let attempt = 1; ; attempt++) {
      try {
        await this.t.client.send(new TransactWriteItemsCommand({ TransactItems: items }));
        return true;
      } catch (e) {
        if (!(e instanceof TransactionCanceledException)) throw e;
        const codes = e.CancellationReasons?.map((r) => r.Code) ?? [];
        if (codes[0] === 'ConditionalCheckFailed') return false;
        // Another transaction on the same case (e.g. a concurrent retry): try again shortly; the condition then decides.
        if (!codes.includes('TransactionConflict') || attempt >= 4) throw e;
        await new Promise((r) => setTimeout(r, 20 * 2 ** attempt * Math.random()));
      }
    }
  }

  listByCase(caseNumber: string): Promise<RatingRecord[]> {
    return queryAll(this.t, { pk: `CASE#${caseNumber}`, skPrefix: 'RATING#', forward: true });
  }

  listByUnit(unitId: string, opts: { cursor?: string; limit?: number } = {}): Promise<Page<RatingRecord>> {
    return queryPage(this.t, { index: 'gsi1', pk: `UNIT#${unitId}#RATINGS`, ...opts });
  }

  listByPerson(personKey: string, opts: { cursor?: string; limit?: number } = {}): Promise<Page<RatingRecord>> {
    return queryPage(this.t, { index: 'gsi2', pk: `PERSON#${personKey}`, ...opts });
  }

  async getBadReview(reviewId: string): Promise<BadReviewRecord | undefined> {
    const out = await this.t.client.send(new GetItemCommand({ TableName: this.t.tableName, Key: marshall(reviewKey(reviewId)), ConsistentRead: true }));
    return out.Item ? fromItem<BadReviewRecord>(out.Item) : undefined;
  }
}
