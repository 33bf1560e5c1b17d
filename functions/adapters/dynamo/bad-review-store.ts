import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { BadReview } from '../../core/bad-review.js';
import type { BadReviewStore } from '../../ports/bad-reviews.js';
import { type CaseKeyLayout, caseKeys, DynamoSupervisedCaseStore } from './supervised-case-store.js';
import type { TableConfig } from './table.js';

const LAYOUT: CaseKeyLayout<BadReview> = {
  kind: 'badReview',
  item: 'REVIEW',
  entity: 'badReview',
  unitList: 'REVIEWS',
  openList: 'OPEN_REVIEWS',
  id: (r) => r.reviewId,
  conflict: '该差评已被同时处理，请刷新后重试',
};

export const reviewKey = (reviewId: string) => ({ pk: `REVIEW#${reviewId}`, sk: 'A' });

/** A bad review's keys (written with its rating too, see rating-store.ts). */
export const reviewKeys = (r: Pick<BadReview, 'reviewId' | 'unitId' | 'regionCode' | 'createdAt' | 'status'>) => caseKeys(LAYOUT, r.reviewId, r);

export class DynamoBadReviewStore extends DynamoSupervisedCaseStore<BadReview> implements BadReviewStore {
  constructor(t: TableConfig) {
    super(t, LAYOUT);
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
