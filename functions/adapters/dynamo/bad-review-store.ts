import { ConditionalCheckFailedException, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { type BadReview, isOpen } from '../../core/bad-review.js';
import { DomainError } from '../../core/errors.js';
import type { BadReviewStore, NoticeEntry, Page } from '../../ports/stores.js';
import { fromItem, queryAll, queryPage, type TableConfig, toItem } from './table.js';

export const reviewKey = (reviewId: string) => ({ pk: `REVIEW#${reviewId}`, sk: 'A' });

/** The bad review's keys: listed under its unit, and in OPEN_REVIEWS while open (sparse). */
export function reviewKeys(r: Pick<BadReview, 'reviewId' | 'unitId' | 'createdAt' | 'status'>) {
  const open = isOpen(r as BadReview);
  return {
    ...reviewKey(r.reviewId),
    gsi1pk: `UNIT#${r.unitId}#REVIEWS`,
    gsi1sk: `${r.createdAt}#${r.reviewId}`,
    gsi2pk: open ? 'OPEN_REVIEWS' : undefined,
    gsi2sk: open ? `${r.createdAt}#${r.reviewId}` : undefined,
    entity: 'badReview',
  };
}

export class DynamoBadReviewStore implements BadReviewStore {
  constructor(private readonly t: TableConfig) {}

  async get(reviewId: string): Promise<BadReview | undefined> {
    const out = await this.t.client.send(new GetItemCommand({ TableName: this.t.tableName, Key: marshall(reviewKey(reviewId)), ConsistentRead: true }));
    return out.Item ? fromItem<BadReview>(out.Item) : undefined;
  }

  async save(review: BadReview, expectedVersion: number): Promise<void> {
    try {
      await this.t.client.send(
        new PutItemCommand({
          TableName: this.t.tableName,
          Item: toItem(reviewKeys(review), review),
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: marshall({ ':v': expectedVersion }),
        }),
      );
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) throw new DomainError('CONFLICT', '该差评已被同时处理，请刷新后重试');
      throw e;
    }
  }

  listByUnit(unitId: string, opts: { cursor?: string; limit?: number } = {}): Promise<Page<BadReview>> {
    return queryPage(this.t, { index: 'gsi1', pk: `UNIT#${unitId}#REVIEWS`, ...opts });
  }

  listOpen(opts: { cursor?: string; limit?: number } = {}): Promise<Page<BadReview>> {
    return queryPage(this.t, { index: 'gsi2', pk: 'OPEN_REVIEWS', forward: true, ...opts });
  }

  async addNotice(e: NoticeEntry): Promise<void> {
    const key = { pk: `NOTICE#${e.period}`, sk: `${e.unitId}#${e.reviewId}#${e.escalation}`, entity: 'notice' };
    await this.t.client.send(new PutItemCommand({ TableName: this.t.tableName, Item: toItem(key, e) }));
  }

  listNotices(period: string): Promise<NoticeEntry[]> {
    return queryAll(this.t, { pk: `NOTICE#${period}`, forward: true });
  }

  async voidRating(ratingId: string, at: string): Promise<void> {
    const i = ratingId.lastIndexOf('-');
    await this.t.client.send(
      new UpdateItemCommand({
        TableName: this.t.tableName,
        Key: marshall({ pk: `CASE#${ratingId.slice(0, i)}`, sk: `RATING#${ratingId.slice(i + 1)}` }),
        UpdateExpression: 'SET voided = :t, voidedAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: marshall({ ':t': true, ':at': at }),
      }),
    );
  }
}
