/**
 * The supervision core's DynamoDB store (adapters/dynamo/supervised-case-store.ts, and the
 * bad reviews' DynamoBadReviewStore on it) against a mocked DynamoDBClient: the keys that
 * let lists read by key — a unit's open cases first, the open cases of one region, the
 * 通报 list per workflow kind and region — and the optimistic lock.
 */
import { ConditionalCheckFailedException, DynamoDBClient, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { type CustomMatcher, toHaveReceivedCommandWith } from 'aws-sdk-client-mock-vitest';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoBadReviewStore, reviewKeys } from '../../functions/adapters/dynamo/bad-review-store.js';
import { type CaseKeyLayout, DynamoSupervisedCaseStore } from '../../functions/adapters/dynamo/supervised-case-store.js';
import type { TableConfig } from '../../functions/adapters/dynamo/table.js';
import { DomainError } from '../../functions/core/errors.js';
import { newSupervisedState, type SupervisedCase } from '../../functions/supervision/model.js';

declare module 'vitest' {
  interface Matchers<T = any> extends CustomMatcher<T> {}
}
expect.extend({ toHaveReceivedCommandWith });

const dynamo = mockClient(DynamoDBClient);
const table: TableConfig = {
  tableName: 'hcp-test',
  client: new DynamoDBClient({ region: 'cn-north-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
};
beforeEach(() => dynamo.reset());
afterAll(() => dynamo.restore());

type Consultation = SupervisedCase & { consultationId: string };
const LAYOUT: CaseKeyLayout<Consultation> = {
  kind: 'consultation',
  item: 'CONSULT',
  entity: 'consultation',
  unitList: 'CONSULTS',
  openList: 'OPEN_CONSULTS',
  id: (c) => c.consultationId,
  conflict: '冲突',
};
const consultation = (over: Partial<Consultation> = {}): Consultation => ({
  ...newSupervisedState('2026-11-02T02:00:00.000Z', '收到咨询'),
  consultationId: 'Q-1',
  caseNumber: 'ZX-1',
  unitId: 'U-SCJG',
  regionCode: '410421',
  ...over,
});

describe('the keys of a supervised case', () => {
  it('lists an open case first under its unit and under its region in the open list; a closed one last and not open', () => {
    // Act
    const open = reviewKeys({ reviewId: 'R-1', unitId: 'U-SCJG', regionCode: '410421', createdAt: '2026-11-02T02:00:00.000Z', status: 'open' });
    const closed = reviewKeys({ reviewId: 'R-1', unitId: 'U-SCJG', regionCode: '410421', createdAt: '2026-11-02T02:00:00.000Z', status: 'closed' });
    // Assess
    expect(open).toMatchObject({
      pk: 'REVIEW#R-1',
      sk: 'A',
      gsi1pk: 'UNIT#U-SCJG#REVIEWS',
      gsi1sk: 'OPEN#2026-11-02T02:00:00.000Z#R-1',
      gsi2pk: 'OPEN_REVIEWS',
      gsi2sk: '410421#2026-11-02T02:00:00.000Z#R-1',
      entity: 'badReview',
    });
    expect(closed).toMatchObject({ gsi1sk: 'DONE#2026-11-02T02:00:00.000Z#R-1', gsi2pk: undefined, gsi2sk: undefined });
    // Newest first (descending) reads OPEN# before DONE#.
    expect(open.gsi1sk > closed.gsi1sk).toBe(true);
  });
});

describe('DynamoSupervisedCaseStore', () => {
  it("reads a unit's open cases by key prefix, newest first", async () => {
    dynamo.on(QueryCommand).resolves({ Items: [] });
    await new DynamoBadReviewStore(table).listByUnit('U-SCJG', { open: true, limit: 3 });
    expect(dynamo).toHaveReceivedCommandWith(QueryCommand, {
      IndexName: 'gsi1',
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :sk)',
      ScanIndexForward: false,
      Limit: 3,
      ExpressionAttributeValues: { ':pk': { S: 'UNIT#U-SCJG#REVIEWS' }, ':sk': { S: 'OPEN#' } },
    });
  });

  it('reads the open cases of a region and its children only (行政区划 prefix)', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [] });
    const store = new DynamoSupervisedCaseStore(table, LAYOUT);
    await store.listOpen({ regionCode: '410400', limit: 5 });
    await store.listOpen({ regionCode: '410421' });
    await store.listOpen();
    const inputs = dynamo.commandCalls(QueryCommand).map((c) => c.args[0].input);
    expect(inputs.map((i) => [i.IndexName, i.ExpressionAttributeValues?.[':pk']?.S, i.ExpressionAttributeValues?.[':sk']?.S, i.ScanIndexForward])).toEqual([
      ['gsi2', 'OPEN_CONSULTS', '4104', true],
      ['gsi2', 'OPEN_CONSULTS', '410421', true],
      ['gsi2', 'OPEN_CONSULTS', undefined, true],
    ]);
  });

  it("keeps each workflow kind's 通报 list apart and reads it per region", async () => {
    // Prepare
    dynamo.on(PutItemCommand).resolves({});
    dynamo.on(QueryCommand).resolves({ Items: [] });
    const store = new DynamoSupervisedCaseStore(table, LAYOUT);
    const entry = {
      period: '2026-10-26',
      unitId: 'U-SCJG',
      regionCode: '410421',
      caseId: 'Q-1',
      caseNumber: 'ZX-1',
      escalation: 1,
      at: '2026-11-02T02:00:00.000Z',
    };
    // Act
    await store.addNotice(entry);
    await store.listNotices('2026-10-26', { regionCode: '410400' });
    // Assess
    expect(dynamo).toHaveReceivedCommandWith(PutItemCommand, {
      Item: expect.objectContaining({
        pk: { S: 'NOTICE#consultation#2026-10-26' },
        sk: { S: '410421#U-SCJG#Q-1#001' },
        caseId: { S: 'Q-1' },
        entity: { S: 'notice' },
      }),
    });
    expect(dynamo).toHaveReceivedCommandWith(QueryCommand, {
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :sk)',
      ExpressionAttributeValues: { ':pk': { S: 'NOTICE#consultation#2026-10-26' }, ':sk': { S: '4104' } },
    });
  });

  it('saves with the version check and answers a lost race with a CONFLICT', async () => {
    // Prepare
    dynamo.on(PutItemCommand).rejects(new ConditionalCheckFailedException({ message: 'failed', $metadata: {} }));
    // Act
    const error = await new DynamoSupervisedCaseStore(table, LAYOUT).save(consultation({ version: 3 }), 2).catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'CONFLICT', message: '冲突' });
    expect(dynamo).toHaveReceivedCommandWith(PutItemCommand, {
      ConditionExpression: 'version = :v',
      ExpressionAttributeValues: { ':v': { N: '2' } },
      Item: expect.objectContaining({
        pk: { S: 'CONSULT#Q-1' },
        gsi1pk: { S: 'UNIT#U-SCJG#CONSULTS' },
        gsi2pk: { S: 'OPEN_CONSULTS' },
        gsi2sk: { S: '410421#2026-11-02T02:00:00.000Z#Q-1' },
      }),
    });
  });
});
