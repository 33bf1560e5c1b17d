import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { StreamBatch, StreamChange } from '../../ports/counters.js';

/** The table's stream as the aggregator reads it (ports/counters.ts). */
export type StreamChangeBatch = StreamBatch & { records: StreamChange[] };

/**
 * The part of a stream record the aggregator needs, as both the Lambda event
 * (`Records[].dynamodb`) and the DynamoDB Streams API (`GetRecords`' `Records[].dynamodb`)
 * name it. The images are attribute-value maps: JSON in the Lambda event, SDK objects from
 * the API (binary values differ — base64 text vs bytes — which no counter reads).
 */
export interface StreamRecordImages {
  SequenceNumber?: string;
  OldImage?: Record<string, unknown>;
  NewImage?: Record<string, unknown>;
}

/**
 * A DynamoDB stream event of an event source mapping with a tumbling window
 * (`TumblingWindowInSeconds` > 0): Lambda then adds the window, the state the previous
 * invocation of the window returned, and — what the aggregator needs — the shard the
 * records come from. (@types/aws-lambda has this shape for Kinesis only.)
 */
export interface DynamoDBTimeWindowEvent {
  Records: DynamoDBRecord[];
  shardId: string;
  eventSourceARN: string;
  window: { start: string; end: string };
  state: Record<string, unknown>;
  isFinalInvokeForWindow: boolean;
  isWindowTerminatedEarly: boolean;
}

/** What a tumbling-window invocation must return: without `state` Lambda counts it as failed. */
export interface TimeWindowResponse {
  state: Record<string, unknown>;
}

const image = (attributes: Record<string, unknown> | undefined) => (attributes ? unmarshall(attributes as Record<string, AttributeValue>) : undefined);

/** One stream record as the aggregator reads it; throws when it has no sequence number (no record of a DynamoDB stream). */
export function streamChangeOf(record: StreamRecordImages | undefined): StreamChange {
  const seq = record?.SequenceNumber;
  if (!seq) throw new Error('A stream record without dynamodb.SequenceNumber: not a DynamoDB stream record');
  const change: StreamChange = { seq };
  const before = image(record.OldImage);
  const after = image(record.NewImage);
  if (before) change.old = before;
  if (after) change.new = after;
  return change;
}

/**
 * The Lambda event as the aggregator's batch: the shard and its records in the order Lambda
 * delivered them. Throws when the event has no `shardId` — the mapping has no tumbling window,
 * and without the shard the aggregator cannot tell which position the records move.
 */
export function streamBatchOf(event: DynamoDBTimeWindowEvent): StreamChangeBatch {
  if (typeof event.shardId !== 'string' || !event.shardId)
    throw new Error('The stream event has no shardId: the event source mapping needs a tumbling window (TumblingWindowInSeconds > 0)');
  return { shardId: event.shardId, records: (event.Records ?? []).map((r) => streamChangeOf(r.dynamodb)) };
}
