import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  ResourceNotFoundException,
  TrimmedDataAccessException,
} from '@aws-sdk/client-dynamodb-streams';
import { logger } from '../../observability.js';
import { type StreamChangeBatch, streamChangeOf } from '../stream/stream-event.js';

export interface StreamPollerOptions {
  /** The table whose stream is read: DescribeTable names its latest stream. */
  readonly table: { readonly tableName: string; readonly client: DynamoDBClient };
  /** A DynamoDB Streams client on the same endpoint. The caller owns both clients (the poller does not destroy them). */
  readonly streams: DynamoDBStreamsClient;
  /**
   * Called once per non-empty GetRecords answer, one call at a time, in stream order per
   * shard (a child shard after its parent). When it rejects, the same records are handed
   * again on the next poll and nothing after them is.
   */
  readonly onBatch: (batch: StreamChangeBatch) => Promise<unknown>;
  /** Pause between two polls (ms). @default 200 */
  readonly intervalMs?: number;
}

interface ShardState {
  readonly shardId: string;
  readonly parentShardId?: string;
  /** Where the next GetRecords reads; undefined: get one (after `lastSeq`, or from the trim horizon). */
  iterator?: string;
  /** The last sequence number handed over successfully. */
  lastSeq?: string;
  /** Closed and read to its end. */
  ended: boolean;
  /** Failed hand-overs of the current records in a row. */
  failures: number;
}

type Image = Record<string, unknown>;

/**
 * DynamoDB Local writes an empty map into its stream as `{}` (DynamoDB writes `{"M":{}}`),
 * which unmarshall refuses. Every other attribute value carries its type, so `{}` can only
 * be an empty map: this puts the `M` back, at any depth.
 */
export function withEmptyMapsTyped(image: Image | undefined): Image | undefined {
  if (!image) return image;
  const fix = (value: unknown): unknown => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
    const v = value as { M?: Image; L?: unknown[] };
    if (Object.keys(v).length === 0) return { M: {} };
    if (v.M) return { M: Object.fromEntries(Object.entries(v.M).map(([k, x]) => [k, fix(x)])) };
    if (v.L) return { L: v.L.map(fix) };
    return value;
  };
  return Object.fromEntries(Object.entries(image).map(([k, x]) => [k, fix(x)]));
}

/** GetRecords' maximum. */
const PAGE = 1000;
/** A failing callback is logged on its 1st attempt and then every this many (every ~10 s at 200 ms). */
const LOG_EVERY = 50;

/** What a log line says of an error: its name and the start of its message (the logger masks ID- and phone-shaped runs). */
const errorFields = (e: unknown) => ({ errorName: (e as Error)?.name, errorMessage: String((e as Error)?.message ?? e).slice(0, 200) });

/**
 * The local stack's stand-in for Lambda's event source mapping on the table's stream
 * (DynamoDB Local serves the DynamoDB Streams API on its own endpoint): it reads every shard
 * from the trim horizon, follows closed shards into their children, and hands each page of
 * records to `onBatch` as `{ shardId, records }` — what the Lambda handler makes of its event
 * (stream-event.ts). Like the mapping it retries a failed batch with the same records and
 * does not move past it; unlike it there is no retry limit and no dead-letter queue.
 *
 * Polls one at a time: the next starts `intervalMs` after the previous ended. {@link drain}
 * waits until everything written before the call was handed over; {@link stop} ends the loop.
 */
export class StreamPoller {
  readonly #opts: StreamPollerOptions;
  readonly #intervalMs: number;
  /** By discovery order, which DescribeStream gives parents first. */
  readonly #shards = new Map<string, ShardState>();
  #streamArn?: string;
  #timer?: NodeJS.Timeout;
  #inFlight?: Promise<void>;
  #started = false;
  #stopped = false;
  #pollsStarted = 0;
  #pollErrors = 0;
  #waiters: { after: number; resolve: () => void; reject: (e: Error) => void }[] = [];

  constructor(opts: StreamPollerOptions) {
    this.#opts = opts;
    this.#intervalMs = opts.intervalMs ?? 200;
  }

  /** Finds the table's stream and polls at once. Throws when the table has no stream. */
  async start(): Promise<this> {
    if (this.#started) throw new Error('The stream poller was already started');
    this.#started = true;
    const { Table } = await this.#opts.table.client.send(new DescribeTableCommand({ TableName: this.#opts.table.tableName }));
    if (!Table?.LatestStreamArn || Table.StreamSpecification?.StreamEnabled === false)
      throw new Error(`Table ${this.#opts.table.tableName} has no stream: enable StreamSpecification NEW_AND_OLD_IMAGES`);
    this.#streamArn = Table.LatestStreamArn;
    this.#schedule(0);
    return this;
  }

  /**
   * Resolves once every record written before this call has been handed to `onBatch`: after
   * a poll that started after the call and read every shard to its end without a failure.
   * While the callback keeps failing it keeps waiting; {@link stop} rejects it.
   */
  drain(): Promise<void> {
    if (this.#stopped) return Promise.reject(new Error('The stream poller is stopped'));
    const { promise, resolve, reject } = Promise.withResolvers<void>();
    this.#waiters.push({ after: this.#pollsStarted, resolve, reject });
    if (this.#streamArn && !this.#inFlight) this.#schedule(0); // now, not after the pause
    return promise;
  }

  /** Ends the loop: no poll starts after this, the one in flight (and its callback) is awaited. Pending drains reject. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#inFlight;
    for (const w of this.#waiters.splice(0)) w.reject(new Error('The stream poller was stopped before it drained'));
  }

  #schedule(ms: number): void {
    if (this.#stopped) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#inFlight = this.#run();
    }, ms);
  }

  async #run(): Promise<void> {
    const poll = ++this.#pollsStarted;
    let caughtUp = false;
    try {
      caughtUp = await this.#poll();
      if (this.#pollErrors) logger.info('The stream poll works again', { tableName: this.#opts.table.tableName, failedPolls: this.#pollErrors });
      this.#pollErrors = 0;
    } catch (e) {
      if (this.#pollErrors++ % LOG_EVERY === 0)
        logger.error('The stream poll failed; it is tried again', { tableName: this.#opts.table.tableName, failedPolls: this.#pollErrors, ...errorFields(e) });
    }
    if (caughtUp) {
      const done = this.#waiters.filter((w) => w.after < poll);
      this.#waiters = this.#waiters.filter((w) => w.after >= poll);
      for (const w of done) w.resolve();
    }
    this.#inFlight = undefined;
    // A drain asked for during this poll gets the next one at once, unless this one failed.
    this.#schedule(caughtUp && this.#waiters.length > 0 ? 0 : this.#intervalMs);
  }

  /** One pass over the shards; true when every one was read to its end and every batch was taken. */
  async #poll(): Promise<boolean> {
    await this.#discoverShards();
    let caughtUp = true;
    for (const shard of this.#shards.values()) {
      if (this.#stopped) return false;
      if (shard.ended) continue;
      // An item's older changes are in the parent shard: read it to its end first.
      if (shard.parentShardId && this.#shards.get(shard.parentShardId)?.ended === false) {
        caughtUp = false;
        continue;
      }
      if (!(await this.#readShard(shard))) caughtUp = false;
    }
    return caughtUp;
  }

  async #discoverShards(): Promise<void> {
    let exclusiveStartShardId: string | undefined;
    do {
      const { StreamDescription: stream } = await this.#opts.streams.send(
        new DescribeStreamCommand({ StreamArn: this.#streamArn, ExclusiveStartShardId: exclusiveStartShardId }),
      );
      for (const s of stream?.Shards ?? [])
        if (s.ShardId && !this.#shards.has(s.ShardId))
          this.#shards.set(s.ShardId, { shardId: s.ShardId, parentShardId: s.ParentShardId, ended: false, failures: 0 });
      exclusiveStartShardId = stream?.LastEvaluatedShardId;
    } while (exclusiveStartShardId);
  }

  /** Reads a shard page by page until it has nothing more; false when a batch was not taken (or the iterator must be renewed). */
  async #readShard(shard: ShardState): Promise<boolean> {
    for (;;) {
      if (this.#stopped) return false;
      shard.iterator ??= await this.#iteratorFor(shard);
      let page: GetRecordsCommandOutput;
      try {
        page = await this.#opts.streams.send(new GetRecordsCommand({ ShardIterator: shard.iterator, Limit: PAGE }));
      } catch (e) {
        if (e instanceof ExpiredIteratorException) {
          shard.iterator = undefined; // the next poll asks for one after the last record handed over
          return false;
        }
        if (e instanceof TrimmedDataAccessException) {
          logger.warn('Stream records were trimmed before they were read; reading the shard from its trim horizon', { shardId: shard.shardId });
          shard.iterator = undefined;
          shard.lastSeq = undefined;
          return false;
        }
        if (e instanceof ResourceNotFoundException) {
          shard.ended = true; // the shard is gone (older than the stream's 24 hours)
          return true;
        }
        throw e;
      }
      const records = page.Records ?? [];
      if (records.length > 0) {
        const batch: StreamChangeBatch = {
          shardId: shard.shardId,
          records: records.map((r) =>
            streamChangeOf({ ...r.dynamodb, OldImage: withEmptyMapsTyped(r.dynamodb?.OldImage), NewImage: withEmptyMapsTyped(r.dynamodb?.NewImage) }),
          ),
        };
        try {
          await this.#opts.onBatch(batch);
        } catch (e) {
          // The iterator stays where it was: the next poll reads (and hands over) the same records.
          if (shard.failures++ % LOG_EVERY === 0)
            logger.error('The stream batch failed; the same records are handed over again on the next poll', {
              shardId: shard.shardId,
              records: batch.records.length,
              attempts: shard.failures,
              ...errorFields(e),
            });
          return false;
        }
        if (shard.failures) logger.info('The stream batch was taken after failures', { shardId: shard.shardId, attempts: shard.failures + 1 });
        shard.failures = 0;
        shard.lastSeq = batch.records.at(-1)?.seq;
      }
      shard.iterator = page.NextShardIterator;
      if (!shard.iterator) {
        shard.ended = true; // closed, and every record of it handed over
        return true;
      }
      if (records.length === 0) return true;
    }
  }

  async #iteratorFor(shard: ShardState): Promise<string> {
    const { ShardIterator } = await this.#opts.streams.send(
      new GetShardIteratorCommand({
        StreamArn: this.#streamArn,
        ShardId: shard.shardId,
        ...(shard.lastSeq ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: shard.lastSeq } : { ShardIteratorType: 'TRIM_HORIZON' }),
      }),
    );
    if (!ShardIterator) throw new Error(`No shard iterator for ${shard.shardId}`);
    return ShardIterator;
  }
}
