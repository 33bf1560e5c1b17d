/**
 * In-memory fake of the counter store (ports/counters.ts), keeping the contract the DynamoDB
 * adapter keeps (test/contract/counter-store.contract.ts runs the same cases against both):
 * apply is all or nothing and only from the stored position.
 */
import { DomainError } from '../functions/core/errors.js';
import { type CounterKey, type CounterValues, counterId } from '../functions/core/indicators/counters.js';
import { type CounterDelta, type CounterStore, MAX_DELTAS_PER_APPLY } from '../functions/ports/counters.js';

export class FakeCounterStore implements CounterStore {
  readonly counters = new Map<string, CounterValues>();
  readonly positions = new Map<string, string>();
  /** Every successful apply (a test counts the transactions). */
  readonly applies: { shardId: string; to: string; deltas: number }[] = [];
  /** Makes the next applies fail after nothing was written (a transient error). */
  failApply?: () => Error | undefined;

  async position(shardId: string) {
    return this.positions.get(shardId);
  }

  async apply(shardId: string, from: string | undefined, to: string, deltas: readonly CounterDelta[]) {
    if (deltas.length > MAX_DELTAS_PER_APPLY) throw new Error(`at most ${MAX_DELTAS_PER_APPLY} counters per apply`);
    const failure = this.failApply?.();
    if (failure) throw failure;
    if (this.positions.get(shardId) !== from) throw new DomainError('CONFLICT', `stream shard ${shardId} has moved on`);
    for (const d of deltas) {
      const id = counterId(d.key);
      const into = { ...this.counters.get(id) };
      for (const [f, v] of Object.entries(d.values) as [keyof CounterValues, number][]) if (v !== 0) into[f] = (into[f] ?? 0) + v;
      if (Object.keys(into).length) this.counters.set(id, into);
    }
    this.positions.set(shardId, to);
    this.applies.push({ shardId, to, deltas: deltas.length });
  }

  async read(keys: readonly CounterKey[]) {
    return keys.map((k) => ({ ...this.counters.get(counterId(k)) }));
  }
}
