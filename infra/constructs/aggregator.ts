import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { type EventSourceMappingOptions, FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deadLetterQueue } from './dead-letter-queue.js';
import { handlerEntry } from '../paths.js';
import { ProjectFunction } from './lambda-function.js';
import { acknowledgeResourceFinding } from './nag.js';

export interface AggregatorProps {
  /** The single table; its stream (NEW_AND_OLD_IMAGES) feeds the aggregator, which writes the counters into it. */
  readonly table: ITable;
}

/**
 * How the table's stream reaches the aggregator. Each setting and why:
 * - TRIM_HORIZON: from the oldest record the stream still holds (24 h), so nothing written
 *   before the mapping existed, or while it was disabled, is skipped.
 * - batchSize 1000, maxBatchingWindow 300 s (the most a stream mapping allows): few, large
 *   invocations. Each batch staged costs ≈ 5 write units (the staged item and the shard
 *   position in a transaction, the staged item's delete when folded) however few records it
 *   holds, so at a quiet hour a 5 s window would stage nearly every rating alone; the counters
 *   are folded hourly anyway (jobs.ts), so the window adds at most 5 minutes to their lag.
 * - tumblingWindow 60 s: only for the event's `shardId` (the aggregator keeps each shard's
 *   position itself and returns an empty state); 60 s is as good as any.
 * - retryAttempts 10, bisectBatchOnError false: a failed batch is retried whole. Batch
 *   boundaries do not matter: the aggregator stages a batch's summed counts in the transaction
 *   that moves the shard's position past it, so a replayed or overlapping batch skips what was
 *   staged. The counter fold job (jobs.ts, hourly) adds what was staged to the counters.
 *   After the 11th failure Lambda gives the batch up to the dead-letter queue (the
 *   shard and sequence range, not the records) and goes on: the counters then miss those
 *   records — hence the alarm on the queue.
 * - parallelizationFactor 1: one invocation per shard at a time keeps each shard in order
 *   (an item's changes are all in its shard).
 * - filters: only changes of the items that count (cases, ratings, bad reviews, complaints,
 *   by their `entity`) invoke it; the counters it writes, notifications and the rest of the
 *   table do not. A filtered-out record still moves the shard on, and the position the
 *   aggregator keeps only ever compares records that reached it.
 */
export const COUNTED_ENTITIES = ['case', 'rating', 'badReview', 'complaint'] as const;
export const STREAM_MAPPING: Omit<EventSourceMappingOptions, 'eventSourceArn' | 'onFailure'> = {
  startingPosition: StartingPosition.TRIM_HORIZON,
  batchSize: 1000,
  maxBatchingWindow: Duration.minutes(5),
  tumblingWindow: Duration.seconds(60),
  retryAttempts: 10,
  bisectBatchOnError: false,
  parallelizationFactor: 1,
  filters: [FilterCriteria.filter({ dynamodb: { NewImage: { entity: { S: FilterRule.or(...COUNTED_ENTITIES) } } } })],
};

/**
 * The aggregator (指标汇总): a function on the table's stream that stages the indicator
 * counts of each batch (functions/usecases/indicators.ts), and the dead-letter queue of the batches it
 * gave up on (the stack alarms on it).
 *
 * The mapping is made with `addEventSourceMapping` (what `DynamoEventSource` does inside)
 * and the stream grant by hand: `DynamoEventSource` always calls `table.grantStreamRead`,
 * which adds `dynamodb:ListStreams` on `*`, and no DynamoDB statement of this app names
 * every resource. Here the reads are granted on this table's stream only, ListStreams on
 * this table's streams.
 */
export class Aggregator extends Construct {
  readonly function: ProjectFunction;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: AggregatorProps) {
    super(scope, id);
    const { table } = props;
    const streamArn = table.tableStreamArn;
    if (!streamArn) throw new Error(`${this.node.path}: the table has no stream`);

    this.deadLetterQueue = deadLetterQueue(
      this,
      'DeadLetters',
      'This queue is itself the dead-letter queue of the aggregator: batches of stream records it gave up on after its retries.',
    );

    this.function = new ProjectFunction(this, 'Function', {
      entry: handlerEntry('aggregator'),
      description: "Table stream: keeps the indicator counters from the table's changes",
      // A batch of 1000 records is a position read and one transaction; the rest is room for throttling retries.
      timeout: Duration.minutes(1),
    });
    // TABLE_NAME and read/write on the table: the shard positions and the counters are items of it.
    this.function.bindTable(table, 'readWrite');
    table.grantStream(this.function, 'dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator');
    const tableStreams = `${table.tableArn}/stream/*`;
    this.function.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:ListStreams'], resources: [tableStreams] }));
    acknowledgeResourceFinding(
      this.function.role!,
      tableStreams,
      "dynamodb:ListStreams on this table's streams only: the event source mapping lists them; the stream label in the ARN is not known before deployment.",
    );

    this.function.addEventSourceMapping('TableStream', {
      eventSourceArn: streamArn,
      ...STREAM_MAPPING,
      onFailure: new SqsDlq(this.deadLetterQueue),
    });
  }
}
