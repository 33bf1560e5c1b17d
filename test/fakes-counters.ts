/**
 * In-memory fake of the counter store (ports/counters.ts), keeping the contract the DynamoDB
 * adapter keeps (test/contract/counter-store.contract.ts runs the same cases against both):
 * stage is all or nothing and only from the stored position; fold adds what was staged.
 */
import { DomainError } from '../functions/core/errors.js';
import { addTo, type Contribution, type CounterKey, type CounterValues, counterId, nonZero } from '../functions/core/indicators/counters.js';
import { type CounterDelta, type CounterStore, MAX_DELTAS_PER_STAGE } from '../functions/ports/counters.js';

export class FakeCounterStore implements CounterStore {
  readonly counters = new Map<string, CounterValues>();
  readonly positions = new Map<string, string>();
  /** The staged batches not folded yet. */
  readonly staged: { shardId: string; to: string; deltas: readonly CounterDelta[] }[] = [];
  /** Makes the next stages fail after nothing was written (a transient error). */
  failStage?: () => Error | undefined;

  async position(shardId: string) {
    return this.positions.get(shardId);
  }

  async stage(shardId: string, from: string | undefined, to: string, deltas: readonly CounterDelta[]) {
    if (deltas.length > MAX_DELTAS_PER_STAGE) throw new Error(`at most ${MAX_DELTAS_PER_STAGE} counters per staged batch`);
    const failure = this.failStage?.();
    if (failure) throw failure;
    if (this.positions.get(shardId) !== from) throw new DomainError('CONFLICT', `stream shard ${shardId} has moved on`);
    this.staged.push({ shardId, to, deltas: structuredClone(deltas) });
    this.positions.set(shardId, to);
  }

  async fold() {
    const batches = this.staged.splice(0);
    const sums: Contribution = new Map();
    for (const d of batches.flatMap((b) => b.deltas)) addTo(sums, d.key, d.values);
    const writes = nonZero(sums);
    for (const { key, values } of writes) {
      const into = { ...this.counters.get(counterId(key)) };
      for (const [f, v] of Object.entries(values) as [keyof CounterValues, number][]) into[f] = (into[f] ?? 0) + v;
      this.counters.set(counterId(key), into);
    }
    return { batches: batches.length, counters: writes.length };
  }

  async read(keys: readonly CounterKey[]) {
    return keys.map((k) => ({ ...this.counters.get(counterId(k)) }));
  }
}
