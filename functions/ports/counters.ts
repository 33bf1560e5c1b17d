import type { CounterKey, CounterValues } from '../core/indicators/counters.js';

/**
 * The indicator counters (指标计数) kept from the table's stream, and where each stream shard
 * was applied up to: the aggregator adds a batch's deltas and moves the shard's position in
 * one transaction, so a record delivered twice or a retried batch is applied once.
 */
export interface CounterStore {
  /** The last sequence number applied from a shard, or undefined when none was. */
  position(shardId: string): Promise<string | undefined>;
  /**
   * Adds `deltas` and moves the shard's position from `from` to `to`, all or nothing, only
   * if the position is still `from` (undefined: none yet); otherwise a CONFLICT DomainError
   * and nothing changes. At most MAX_DELTAS_PER_APPLY deltas.
   */
  apply(shardId: string, from: string | undefined, to: string, deltas: readonly CounterDelta[]): Promise<void>;
  /** The counters of these keys (absent ones are all zero), in the order asked. */
  read(keys: readonly CounterKey[]): Promise<CounterValues[]>;
}

export interface CounterDelta {
  key: CounterKey;
  values: CounterValues;
}

/** DynamoDB's 100 items per transaction, less the shard position. */
export const MAX_DELTAS_PER_APPLY = 99;

/** One change of a table item, as the stream carries it: its sequence number and the item before and after (unmarshalled). */
export interface StreamChange {
  /** The stream's sequence number (a decimal string). */
  seq: string;
  /** The item before the change (absent for an INSERT). */
  old?: Record<string, unknown>;
  /** The item after the change (absent for a REMOVE, TTL deletions included). */
  new?: Record<string, unknown>;
}

/** A batch of one shard's records (a Lambda invocation's, or one local poll). */
export interface StreamBatch {
  shardId: string;
  records: readonly StreamChange[];
}
