import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  type GetRecordsCommandInput,
  GetShardIteratorCommand,
  type GetShardIteratorCommandInput,
} from '@aws-sdk/client-dynamodb-streams';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StreamPoller } from '../../functions/adapters/local/stream-poller.js';
import type { StreamChangeBatch } from '../../functions/adapters/stream/stream-event.js';

/**
 * The poller's reading rules against a scripted stream (aws-sdk-client-mock): shards that
 * close and have children, pages, expired iterators. test/contract/stream-poller.test.ts
 * runs it against DynamoDB Local.
 */
const STREAM_ARN = 'arn:aws:dynamodb:ddblocal:000000000000:table/t/stream/2026-11-30T00:00:00.000';

interface FakeShard {
  id: string;
  parent?: string;
  seqs: string[];
  closed: boolean;
}

/** A stream of shards whose records are sequence numbers; iterators are `shard|index`; pages of `page` records. */
class FakeStream {
  shards: FakeShard[] = [];
  page = 1000;
  /** Iterators the next GetRecords calls refuse as expired. */
  expired = new Set<string>();
  iteratorRequests: GetShardIteratorCommandInput[] = [];

  shard(id: string, seqs: string[], opts: { parent?: string; closed?: boolean } = {}) {
    this.shards.push({ id, seqs, parent: opts.parent, closed: opts.closed ?? false });
  }

  find(id: string) {
    const s = this.shards.find((x) => x.id === id);
    if (!s) throw new Error(`no shard ${id}`);
    return s;
  }

  iterator(input: GetShardIteratorCommandInput) {
    this.iteratorRequests.push(input);
    const s = this.find(input.ShardId!);
    const at = input.ShardIteratorType === 'AFTER_SEQUENCE_NUMBER' ? s.seqs.indexOf(input.SequenceNumber!) + 1 : 0;
    return { ShardIterator: `${s.id}|${at}` };
  }

  records(input: GetRecordsCommandInput) {
    if (this.expired.delete(input.ShardIterator!)) throw new ExpiredIteratorException({ message: 'Iterator expired', $metadata: {} });
    const [id, index] = input.ShardIterator!.split('|') as [string, string];
    const s = this.find(id);
    const from = Number(index);
    const seqs = s.seqs.slice(from, from + Math.min(this.page, input.Limit ?? 1000));
    const to = from + seqs.length;
    return {
      Records: seqs.map((seq) => ({ eventName: 'INSERT' as const, dynamodb: { SequenceNumber: seq, NewImage: { pk: { S: `ITEM#${seq}` }, n: { N: seq } } } })),
      NextShardIterator: s.closed && to >= s.seqs.length ? undefined : `${s.id}|${to}`,
    };
  }
}

const dynamo = mockClient(DynamoDBClient);
const streamsMock = mockClient(DynamoDBStreamsClient);
let stream: FakeStream;
let poller: StreamPoller | undefined;

beforeEach(() => {
  dynamo.reset();
  streamsMock.reset();
  stream = new FakeStream();
  dynamo.on(DescribeTableCommand).resolves({ Table: { TableName: 't', LatestStreamArn: STREAM_ARN, StreamSpecification: { StreamEnabled: true } } });
  streamsMock
    .on(DescribeStreamCommand)
    .callsFake(() => ({ StreamDescription: { StreamArn: STREAM_ARN, Shards: stream.shards.map((s) => ({ ShardId: s.id, ParentShardId: s.parent })) } }));
  streamsMock.on(GetShardIteratorCommand).callsFake((input: GetShardIteratorCommandInput) => stream.iterator(input));
  streamsMock.on(GetRecordsCommand).callsFake((input: GetRecordsCommandInput) => stream.records(input));
});
afterEach(async () => {
  await poller?.stop();
  poller = undefined;
});

function start(onBatch: (batch: StreamChangeBatch) => Promise<unknown>) {
  poller = new StreamPoller({ table: { tableName: 't', client: new DynamoDBClient({}) }, streams: new DynamoDBStreamsClient({}), onBatch, intervalMs: 5 });
  return poller.start();
}

const seqsOf = (batches: StreamChangeBatch[]) => batches.map((b) => `${b.shardId}:${b.records.map((r) => r.seq).join(',')}`);

describe('StreamPoller', () => {
  it('reads a closed shard to its end before its child, and hands over each page with its shard', async () => {
    // Prepare
    stream.page = 2;
    stream.shard('child', ['4', '5'], { parent: 'parent' });
    stream.shard('parent', ['1', '2', '3'], { closed: true });
    const batches: StreamChangeBatch[] = [];

    // Act
    await start(async (b) => void batches.push(b));
    await poller!.drain();

    // Assess: the parent first although DescribeStream listed the child first; pages of two.
    expect(seqsOf(batches)).toEqual(['parent:1,2', 'parent:3', 'child:4,5']);
    expect(batches[0]!.records[0]).toEqual({ seq: '1', new: { pk: 'ITEM#1', n: 1 } });
  });

  it('finds shards that appear later and reads new records of an open shard', async () => {
    stream.shard('a', ['1'], { closed: false });
    const batches: StreamChangeBatch[] = [];
    await start(async (b) => void batches.push(b));
    await poller!.drain();

    stream.find('a').seqs.push('2');
    stream.find('a').closed = true;
    stream.shard('b', ['3'], { parent: 'a' });
    await poller!.drain();

    expect(seqsOf(batches)).toEqual(['a:1', 'a:2', 'b:3']);
  });

  it('hands a failed batch over again with the same records, and nothing after it until it is taken', async () => {
    stream.page = 2;
    stream.shard('a', ['1', '2', '3', '4']);
    const calls: StreamChangeBatch[] = [];
    let failures = 2;

    await start(async (b) => {
      calls.push(b);
      if (failures-- > 0) throw new Error('aggregate failed');
    });
    await poller!.drain();

    expect(seqsOf(calls)).toEqual(['a:1,2', 'a:1,2', 'a:1,2', 'a:3,4']);
  });

  it('renews an expired iterator after the last record handed over: nothing twice, nothing lost', async () => {
    stream.page = 2;
    stream.shard('a', ['1', '2', '3', '4']);
    stream.expired.add('a|2');
    const batches: StreamChangeBatch[] = [];

    await start(async (b) => void batches.push(b));
    await poller!.drain();

    expect(seqsOf(batches)).toEqual(['a:1,2', 'a:3,4']);
    expect(stream.iteratorRequests.map((r) => `${r.ShardIteratorType}${r.SequenceNumber ? ` ${r.SequenceNumber}` : ''}`)).toEqual([
      'TRIM_HORIZON',
      'AFTER_SEQUENCE_NUMBER 2',
    ]);
  });

  it('stops after the batch in flight, leaves no timer, and rejects drains that can no longer finish', async () => {
    // Prepare: a callback that holds the poll until released.
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    stream.shard('a', ['1']);
    const { promise: entered, resolve: enter } = Promise.withResolvers<void>();
    const { promise: held, resolve: release } = Promise.withResolvers<void>();
    let finished = false;
    await start(async () => {
      enter();
      await held;
      finished = true;
    });
    await entered;
    const waiting = poller!.drain();

    // Act
    const stopping = poller!.stop();
    release();
    await stopping;

    // Assess
    expect(finished).toBe(true);
    await expect(waiting).rejects.toThrow(/stopped/);
    await expect(poller!.drain()).rejects.toThrow(/stopped/);
    expect(timers()).toBe(before); // no next poll is scheduled
  });

  it('refuses a table without a stream', async () => {
    dynamo.on(DescribeTableCommand).resolves({ Table: { TableName: 't' } });

    await expect(start(async () => undefined)).rejects.toThrow(/has no stream/);
  });
});
