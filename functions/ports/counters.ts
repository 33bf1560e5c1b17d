import type { CounterKey, CounterValues } from '../core/indicators/counters.js';

/**
 * The indicator counters (指标计数) kept from the table's stream, in two stages:
 * 1. **stage**: the aggregator stores a batch's summed deltas and moves the shard's position
 *    past the batch in one transaction, so a record delivered twice or a retried batch is
 *    staged once;
 * 2. **fold**: a scheduled job (and the local stack after each batch) adds everything staged
 *    to the counters, each staged batch exactly once even when a fold is interrupted and
 *    finished by the next. A counter is written once per fold however many ratings touched it.
 * Readers see the counters as of the last fold.
 */
export interface CounterStore {
  /** The last sequence number staged from a shard, or undefined when none was. */
  position(shardId: string): Promise<string | undefined>;
  /**
   * Stages `deltas` and moves the shard's position from `from` to `to`, all or nothing, only
   * if the position is still `from` (undefined: none yet); otherwise a CONFLICT DomainError
   * and nothing changes. At most MAX_DELTAS_PER_STAGE deltas.
   */
  stage(shardId: string, from: string | undefined, to: string, deltas: readonly CounterDelta[]): Promise<void>;
  /** Adds everything staged so far to the counters, exactly once; how many staged batches and counter writes it took. */
  fold(): Promise<FoldResult>;
  /** The counters of these keys (absent ones are all zero), in the order asked. */
  read(keys: readonly CounterKey[]): Promise<CounterValues[]>;
}

export interface CounterDelta {
  key: CounterKey;
  values: CounterValues;
}

export interface FoldResult {
  /** Staged batches folded. */
  batches: number;
  /** Counters written (one write each, however many batches touched them). */
  counters: number;
}

/** Far more than a stream batch of 10,000 records can touch (the catalog bounds the dimensions). */
export const MAX_DELTAS_PER_STAGE = 60_000;

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
