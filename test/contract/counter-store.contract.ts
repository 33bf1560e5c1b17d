import { describe, expect, it } from 'vitest';
import type { DomainError } from '../../functions/core/errors.js';
import type { CounterKey } from '../../functions/core/indicators/counters.js';
import type { CounterStore } from '../../functions/ports/counters.js';

const month: CounterKey = { dim: 'R#410400', period: 'M#2026-11' };
const day: CounterKey = { dim: 'U#U-SCJG', period: 'D#2026-11-30' };

/** The CounterStore port (functions/ports/counters.ts), as every implementation must keep it. `makeStore` gives an empty store. */
export function describeCounterStoreContract(name: string, makeStore: () => Promise<CounterStore>) {
  describe(`CounterStore contract: ${name}`, () => {
    it('adds deltas field by field from the position it was given, and reads absent counters as empty', async () => {
      const store = await makeStore();
      expect(await store.position('shard-1')).toBeUndefined();
      await store.apply('shard-1', undefined, '0001', [{ key: month, values: { ratings: 2, ch_pad: 2, level5: 1 } }]);
      await store.apply('shard-1', '0001', '0002', [
        { key: month, values: { ratings: 1, level5: -1 } },
        { key: day, values: { complaints: 1 } },
      ]);
      expect(await store.position('shard-1')).toBe('0002');
      expect(await store.read([day, month, { dim: 'I#x', period: 'M#2026-11' }])).toEqual([{ complaints: 1 }, { ratings: 3, ch_pad: 2, level5: 0 }, {}]);
    });

    it('refuses a batch from a position the shard has moved on from, and writes nothing of it; shards are apart', async () => {
      const store = await makeStore();
      await store.apply('shard-1', undefined, '0005', [{ key: month, values: { ratings: 1 } }]);
      const again = await store.apply('shard-1', undefined, '0005', [{ key: month, values: { ratings: 1 } }]).catch((e: DomainError) => e);
      expect((again as DomainError).code).toBe('CONFLICT');
      const stale = await store.apply('shard-1', '0003', '0009', [{ key: month, values: { ratings: 1 } }]).catch((e: DomainError) => e);
      expect((stale as DomainError).code).toBe('CONFLICT');
      await store.apply('shard-2', undefined, '0001', [{ key: month, values: { ratings: 1 } }]);
      expect(await store.read([month])).toEqual([{ ratings: 2 }]);
      expect(await store.position('shard-1')).toBe('0005');
    });

    it('reads more than one BatchGetItem holds, in the order asked', async () => {
      const store = await makeStore();
      const keys = Array.from({ length: 130 }, (_, i): CounterKey => ({ dim: `U#U-${i}`, period: 'M#2026-11' }));
      for (let i = 0; i < keys.length; i += 65)
        await store.apply(
          's',
          i === 0 ? undefined : String(i),
          String(i + 65),
          keys.slice(i, i + 65).map((key, j) => ({ key, values: { ratings: i + j } })),
        );
      const rows = await store.read(keys);
      expect(rows.map((r) => r.ratings ?? 0)).toEqual(keys.map((_, i) => i));
      // A key asked twice is answered twice.
      expect(await store.read([keys[3]!, keys[3]!])).toEqual([{ ratings: 3 }, { ratings: 3 }]);
    });
  });
}
