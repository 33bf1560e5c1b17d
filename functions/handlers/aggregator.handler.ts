import { DynamoCounterStore } from '../adapters/dynamo/counter-store.js';
import { type DynamoDBTimeWindowEvent, streamBatchOf, type TimeWindowResponse } from '../adapters/stream/stream-event.js';
import { jobHandler, logger } from '../observability.js';
import { aggregate } from '../usecases/indicators.js';
import { envTable } from './deps.js';

const counters = new DynamoCounterStore(envTable());

/**
 * The table's stream (event source mapping with a tumbling window, infra/constructs/aggregator.ts):
 * one shard's batch → its counts staged for the counter fold job. The window's state is not used — the counter store keeps each shard's
 * position — but a tumbling-window handler must return one. A failure propagates: the mapping
 * retries the batch and the records already counted are skipped.
 */
export const handler = jobHandler<DynamoDBTimeWindowEvent, TimeWindowResponse>(async (event) => {
  const batch = streamBatchOf(event);
  // The window's last invocation may come without records.
  if (batch.records.length > 0) {
    const result = await aggregate({ counters }, batch);
    logger.info('stream batch aggregated', { shardId: batch.shardId, ...result });
  }
  return { state: {} };
});
