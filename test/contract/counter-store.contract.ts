import { describe, expect, it } from 'vitest';
import type { DomainError } from '../../functions/core/errors.js';
import type { CounterKey } from '../../functions/core/indicators/counters.js';
import type { CounterStore } from '../../functions/ports/counters.js';

const month: CounterKey = { dim: 'R#410400', period: 'M#2026-11' };
const day: CounterKey = { dim: 'U#U-SCJG', period: 'D#2026-11-30' };

/** The CounterStore port (functions/ports/counters.ts), as every implementation must keep it. `makeStore` gives an empty store. */
export function describeCounterStoreContract(name: string, makeStore: () => Promise<CounterStore>) {
  describe(`CounterStore contract: ${name}`, () => {
    it('stages deltas from the position it was given; a fold adds them field by field; absent counters read as empty', async () => {
      const store = await makeStore();
      expect(await store.position('shard-1')).toBeUndefined();
      await store.stage('shard-1', undefined, '0001', [{ key: month, values: { ratings: 2, ch_pad: 2, level5: 1 } }]);
      await store.stage('shard-1', '0001', '0002', [
        { key: month, values: { ratings: 1, level5: -1 } },
        { key: day, values: { complaints: 1 } },
      ]);
      expect(await store.position('shard-1')).toBe('0002');
      // Staged is not counted yet.
      expect(await store.read([month])).toEqual([{}]);
      // Two staged batches, one write per counter (level5 nets to nothing).
      expect(await store.fold()).toEqual({ batches: 2, counters: 2 });
      expect(await store.read([day, month, { dim: 'I#x', period: 'M#2026-11' }])).toEqual([{ complaints: 1 }, { ratings: 3, ch_pad: 2 }, {}]);
      // Nothing staged: a fold changes nothing.
      expect(await store.fold()).toEqual({ batches: 0, counters: 0 });
      await store.stage('shard-1', '0002', '0003', [{ key: month, values: { ratings: 1 } }]);
      await store.fold();
      expect(await store.read([month])).toEqual([{ ratings: 4, ch_pad: 2 }]);
    });

    it('refuses a batch from a position the shard has moved on from, and stages nothing of it; shards are apart', async () => {
      const store = await makeStore();
      await store.stage('shard-1', undefined, '0005', [{ key: month, values: { ratings: 1 } }]);
      const again = await store.stage('shard-1', undefined, '0005', [{ key: month, values: { ratings: 1 } }]).catch((e: DomainError) => e);
      expect((again as DomainError).code).toBe('CONFLICT');
      const stale = await store.stage('shard-1', '0003', '0009', [{ key: month, values: { ratings: 1 } }]).catch((e: DomainError) => e);
      expect((stale as DomainError).code).toBe('CONFLICT');
      await store.stage('shard-2', undefined, '0001', [{ key: month, values: { ratings: 1 } }]);
      await store.fold();
      expect(await store.read([month])).toEqual([{ ratings: 2 }]);
      expect(await store.position('shard-1')).toBe('0005');
    });

    it('stages and folds a batch of more than a thousand counters; reads more than one BatchGetItem holds, in the order asked', async () => {
      const store = await makeStore();
      const keys = Array.from({ length: 1050 }, (_, i): CounterKey => ({ dim: `U#U-${i}`, period: 'M#2026-11' }));
      await store.stage(
        's',
        undefined,
        '1',
        keys.map((key, i) => ({ key, values: { ratings: i } })),
      );
      await store.stage('s', '1', '2', [{ key: keys[7]!, values: { ratings: 1 } }]);
      // The zero of U-0 is no counter to write.
      expect(await store.fold()).toEqual({ batches: 2, counters: 1049 });
      const rows = await store.read(keys.slice(0, 130));
      expect(rows.map((r) => r.ratings ?? 0)).toEqual(keys.slice(0, 130).map((_, i) => (i === 7 ? 8 : i)));
      // A key asked twice is answered twice.
      expect(await store.read([keys[3]!, keys[3]!])).toEqual([{ ratings: 3 }, { ratings: 3 }]);
    });
  });
}
