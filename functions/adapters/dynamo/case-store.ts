import { ConditionalCheckFailedException, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { CaseRecord } from '../../core/cases.js';
import { DomainError } from '../../core/errors.js';
import type { CaseStore, Page } from '../../ports/stores.js';
import { fromItem, queryPage, type TableConfig, toItem } from './table.js';

export const caseKey = (caseNumber: string) => ({ pk: `CASE#${caseNumber}`, sk: 'A' });

export class DynamoCaseStore implements CaseStore {
  constructor(private readonly t: TableConfig) {}

  async get(caseNumber: string): Promise<CaseRecord | undefined> {
    const out = await this.t.client.send(new GetItemCommand({ TableName: this.t.tableName, Key: marshall(caseKey(caseNumber)), ConsistentRead: true }));
    return out.Item ? fromItem<CaseRecord>(out.Item) : undefined;
  }

  async save(record: CaseRecord, expectedVersion: number): Promise<void> {
    const due = record.ratingCount === 0 && record.defaultRatingDueAt;
    const keys = {
      ...caseKey(record.caseNumber),
      gsi1pk: `UNIT#${record.unitId}#CASES`,
      gsi1sk: `${record.acceptedAt}#${record.caseNumber}`,
      gsi2pk: due ? 'DEFAULT_DUE' : undefined,
      gsi2sk: due ? `${record.defaultRatingDueAt}#${record.caseNumber}` : undefined,
      gsi3pk: record.personKey ? `PERSON#${record.personKey}` : undefined,
      gsi3sk: record.personKey ? `${record.acceptedAt}#${record.caseNumber}` : undefined,
      entity: 'case',
    };
    try {
      await this.t.client.send(
        new PutItemCommand({
          TableName: this.t.tableName,
          Item: toItem(keys, record),
          ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :v',
          ExpressionAttributeValues: expectedVersion === 0 ? undefined : marshall({ ':v': expectedVersion }),
        }),
      );
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) throw new DomainError('CONFLICT', `办件 ${record.caseNumber} 已被同时修改，请重试`);
      throw e;
    }
  }

  listByUnit(unitId: string, opts: { cursor?: string; limit?: number } = {}): Promise<Page<CaseRecord>> {
    return queryPage(this.t, { index: 'gsi1', pk: `UNIT#${unitId}#CASES`, ...opts });
  }

  async dueForDefaultRating(now: string, limit: number, after?: CaseRecord): Promise<CaseRecord[]> {
    const page = await queryPage<CaseRecord>(this.t, {
      index: 'gsi2',
      pk: 'DEFAULT_DUE',
      skMax: `${now}#~`,
      limit,
      forward: true,
      startAfter: after && { ...caseKey(after.caseNumber), gsi2pk: 'DEFAULT_DUE', gsi2sk: `${after.defaultRatingDueAt}#${after.caseNumber}` },
    });
    return page.items;
  }

  async leaveDefaultList(caseNumber: string): Promise<void> {
    try {
      await this.t.client.send(
        new UpdateItemCommand({
          TableName: this.t.tableName,
          Key: marshall(caseKey(caseNumber)),
          UpdateExpression: 'REMOVE gsi2pk, gsi2sk',
          // Only a case on the list: a replay, or a case gone, writes nothing.
          ConditionExpression: 'attribute_exists(gsi2pk)',
        }),
      );
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
    }
  }

  listDefaultRatingDueFrom(from: string, opts: { cursor?: string; limit?: number } = {}): Promise<Page<CaseRecord>> {
    return queryPage(this.t, { index: 'gsi2', pk: 'DEFAULT_DUE', skMin: from, forward: true, ...opts });
  }
}
