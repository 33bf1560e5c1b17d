import { DynamoDBClient, GetItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import type { AttributeValue } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type DynamoDBTimeWindowEvent, streamBatchOf, streamChangeOf } from '../../functions/adapters/stream/stream-event.js';
import { localLambdaContext } from '../../functions/observability.js';

type Image = Record<string, AttributeValue>;

const SHARD = 'shardId-00000001700000000000-a1b2c3d4';
const STREAM_ARN = 'arn:aws-cn:dynamodb:cn-north-1:123456789012:table/Haochaping-DataTable/stream/2026-11-30T00:00:00.000';

/** A record as Lambda delivers it: attribute values in DynamoDB JSON, keys repeated in the images. */
function record(seq: string, eventName: 'INSERT' | 'MODIFY' | 'REMOVE', images: { OldImage?: Image; NewImage?: Image }) {
  return {
    eventID: `e-${seq}`,
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'cn-north-1',
    dynamodb: {
      ApproximateCreationDateTime: 1_796_000_000,
      Keys: { pk: { S: 'CASE#C-1' }, sk: { S: 'RATING#1' } },
      ...images,
      SequenceNumber: seq,
      SizeBytes: 120,
      StreamViewType: 'NEW_AND_OLD_IMAGES' as const,
    },
    eventSourceARN: STREAM_ARN,
  };
}

/** The event of a mapping with a tumbling window (TumblingWindowInSeconds 60), as the Lambda guide shows it. */
function windowEvent(records: ReturnType<typeof record>[], over: Partial<DynamoDBTimeWindowEvent> = {}): DynamoDBTimeWindowEvent {
  return {
    Records: records,
    window: { start: '2026-11-30T08:00:00Z', end: '2026-11-30T08:01:00Z' },
    state: {},
    shardId: SHARD,
    eventSourceARN: STREAM_ARN,
    isFinalInvokeForWindow: false,
    isWindowTerminatedEarly: false,
    ...over,
  };
}

const rating = (level: string, score: number): Image => ({
  pk: { S: 'CASE#C-1' },
  sk: { S: 'RATING#1' },
  entity: { S: 'rating' },
  level: { S: level },
  score: { N: String(score) },
  tags: { L: [{ S: 'slow' }, { S: 'rude' }] },
  detail: { M: { unitId: { S: 'U-1' }, anonymous: { BOOL: false }, note: { NULL: true } } },
});

describe('streamBatchOf', () => {
  it('turns a tumbling-window event into the shard and its changes, in order, with unmarshalled old and new images', () => {
    // Prepare
    const event = windowEvent([
      record('100000000000000000001', 'INSERT', { NewImage: rating('good', 5) }),
      record('100000000000000000002', 'MODIFY', { OldImage: rating('good', 5), NewImage: rating('bad', 1) }),
      record('100000000000000000003', 'REMOVE', { OldImage: rating('bad', 1) }),
    ]);

    // Act
    const batch = streamBatchOf(event);

    // Assess
    const item = (level: string, score: number) => ({
      pk: 'CASE#C-1',
      sk: 'RATING#1',
      entity: 'rating',
      level,
      score,
      tags: ['slow', 'rude'],
      detail: { unitId: 'U-1', anonymous: false, note: null },
    });
    expect(batch).toEqual({
      shardId: SHARD,
      records: [
        { seq: '100000000000000000001', new: item('good', 5) },
        { seq: '100000000000000000002', old: item('good', 5), new: item('bad', 1) },
        { seq: '100000000000000000003', old: item('bad', 1) },
      ],
    });
    // An absent image is left out, not set to undefined.
    expect(Object.keys(batch.records[0]!)).toEqual(['seq', 'new']);
    expect(Object.keys(batch.records[2]!)).toEqual(['seq', 'old']);
  });

  it("keeps sequence numbers as the stream's decimal strings, however long", () => {
    const seq = '4900000000000000000000000000000000000000000000000001';

    const batch = streamBatchOf(windowEvent([record(seq, 'INSERT', { NewImage: rating('good', 5) })]));

    expect(batch.records.map((r) => r.seq)).toEqual([seq]);
  });

  it("gives an empty batch for the window's final invocation without records", () => {
    const batch = streamBatchOf(windowEvent([], { isFinalInvokeForWindow: true, state: { anything: 1 } }));

    expect(batch).toEqual({ shardId: SHARD, records: [] });
  });

  it('refuses an event without shardId: the mapping has no tumbling window', () => {
    const { shardId: _, ...withoutShard } = windowEvent([record('1', 'INSERT', { NewImage: rating('good', 5) })]);

    expect(() => streamBatchOf(withoutShard as DynamoDBTimeWindowEvent)).toThrow(/tumbling window/);
  });

  it('refuses a record without a sequence number', () => {
    const broken = record('1', 'INSERT', { NewImage: rating('good', 5) });
    delete (broken.dynamodb as { SequenceNumber?: string }).SequenceNumber;

    expect(() => streamBatchOf(windowEvent([broken]))).toThrow(/SequenceNumber/);
  });
});

describe('streamChangeOf', () => {
  it('reads the Streams API shape the same way (what the local poller gets from GetRecords)', () => {
    const change = streamChangeOf({ SequenceNumber: '000000000000000000007', NewImage: { pk: { S: 'A' }, n: { N: '2' } } });

    expect(change).toEqual({ seq: '000000000000000000007', new: { pk: 'A', n: 2 } });
  });
});

describe('aggregator handler', () => {
  const dynamo = mockClient(DynamoDBClient);
  const saved = process.env.TABLE_NAME;
  let handler: (event: DynamoDBTimeWindowEvent, context: ReturnType<typeof localLambdaContext>) => Promise<unknown>;

  beforeAll(async () => {
    process.env.TABLE_NAME = 'haochaping-test';
    ({ handler } = await import('../../functions/handlers/aggregator.handler.js'));
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.TABLE_NAME;
    else process.env.TABLE_NAME = saved;
    dynamo.restore();
  });
  beforeEach(() => {
    dynamo.reset();
    dynamo.on(GetItemCommand).resolves({});
    dynamo.on(TransactWriteItemsCommand).resolves({});
  });

  it('aggregates the batch and answers with a state, as a tumbling-window handler must', async () => {
    // A catalog item: a change that moves no counter.
    const unit: Image = { pk: { S: 'UNIT#U-1' }, sk: { S: 'A' }, entity: { S: 'unit' }, name: { S: '市政务服务中心' } };
    const event = windowEvent([
      record('100000000000000000001', 'INSERT', { NewImage: unit }),
      record('100000000000000000002', 'INSERT', {
        NewImage: {
          ...rating('good', 5),
          level: { N: '1' },
          channel: { S: 'pad' },
          unitId: { S: 'U-1' },
          caseRegionCode: { S: '410421' },
          ratedAt: { S: '2026-11-30T10:00:00+08:00' },
        },
      }),
    ]);

    const result = await handler(event, localLambdaContext('aggregator'));

    expect(result).toEqual({ state: {} });
    // The rating's counts staged with the shard's new position, in one transaction.
    const [put, position] = dynamo.commandCalls(TransactWriteItemsCommand)[0]!.args[0].input.TransactItems!;
    expect(put!.Put!.Item!.pk).toEqual({ S: 'CNTSTAGE' });
    expect(position!.Update!.ExpressionAttributeValues![':to']).toEqual({ S: '100000000000000000002'.padStart(40, '0') });
    // The shard's position was read from the table it was told (TABLE_NAME).
    expect(dynamo).toHaveReceivedCommand(GetItemCommand);
    expect(JSON.stringify(dynamo.commandCalls(GetItemCommand)[0]!.args[0].input)).toContain(SHARD);
  });

  it('answers the final invocation of a window without records without reading the table', async () => {
    const result = await handler(windowEvent([], { isFinalInvokeForWindow: true }), localLambdaContext('aggregator'));

    expect(result).toEqual({ state: {} });
    expect(dynamo).not.toHaveReceivedCommand(GetItemCommand);
  });

  it('lets a failure propagate, so the event source mapping retries the batch', async () => {
    dynamo.on(GetItemCommand).rejects(new Error('throttled'));
    const event = windowEvent([record('100000000000000000001', 'INSERT', { NewImage: rating('good', 5) })]);

    await expect(handler(event, localLambdaContext('aggregator'))).rejects.toThrow('throttled');
  });
});
