import { describe, expect, it } from 'vitest';
import type { DeliveryStore, StatusDelivery, SyncedStatus } from '../../functions/ports/status-sync.js';
import { domainCode, edited, stored, walk } from './records.js';

/** The `seq`-th delivery of a complaint, pending, created at `createdAt`. */
function delivery(complaintId: string, seq: number, over: Partial<StatusDelivery> = {}): StatusDelivery {
  const status: SyncedStatus = seq === 1 ? 'accepted' : 'assigned';
  return {
    event: {
      id: `${complaintId}:${seq}`,
      complaintId,
      sourceId: `GJZB-${complaintId}`,
      seq,
      status,
      at: '2026-11-02T02:00:00.000Z',
      detail: status === 'assigned' ? { unitName: '市政务服务中心' } : {},
    },
    state: 'pending',
    attempts: [],
    createdAt: '2026-11-02T02:00:01.000Z',
    replays: 0,
    version: 1,
    ...over,
  };
}

/** The next version of `d` with `change` (the caller bumps the version; the store bumps nothing). */
async function saveNext(store: DeliveryStore, d: StatusDelivery, change: Partial<StatusDelivery>): Promise<StatusDelivery> {
  const next = { ...d, ...change, version: d.version + 1 };
  await store.save(next, d.version);
  return next;
}
const failed = (at: string) => ({ at, ok: false, httpStatus: 503, error: 'HTTP 503' });
const kill = (store: DeliveryStore, d: StatusDelivery) => saveNext(store, d, { state: 'dead', attempts: [failed('2026-11-02T02:00:02.000Z')] });

/** The DeliveryStore port (functions/ports/status-sync.ts), as every implementation must keep it. `makeStore` gives an empty store. */
export function describeDeliveryStoreContract(name: string, makeStore: () => Promise<DeliveryStore>) {
  describe(`DeliveryStore contract: ${name}`, () => {
    it('creates a delivery once: the same id again answers the stored one and writes nothing', async () => {
      // Prepare
      const store = await makeStore();
      const first = delivery('CP-1', 1);
      // Act
      const created = await store.create(first);
      const again = await store.create({ ...first, createdAt: '2026-11-02T09:00:00.000Z', attempts: [failed('2026-11-02T09:00:00.000Z')] });
      // Assess
      expect(created).toStrictEqual(stored(first));
      expect(again).toStrictEqual(stored(first));
      expect(await store.get('CP-1:1')).toStrictEqual(stored(first));
    });

    it('answers a created one after it moved on, and nothing for unknown or malformed ids', async () => {
      // Prepare
      const store = await makeStore();
      const d = await store.create(delivery('CP-1', 1));
      const next = await saveNext(store, d, {
        state: 'delivered',
        deliveredAt: '2026-11-02T02:00:02.000Z',
        attempts: [{ at: '2026-11-02T02:00:02.000Z', ok: true, httpStatus: 200 }],
      });
      // Act
      const again = await store.create(delivery('CP-1', 1));
      // Assess
      expect(again).toStrictEqual(stored(next));
      for (const id of ['CP-1:2', 'CP-2:1', 'CP-1', 'CP-1:01', 'CP-1:x', ':1', '']) expect(await store.get(id), id).toBeUndefined();
    });

    it('saves at the current version exactly what it is given, and refuses a stale version with CONFLICT', async () => {
      // Prepare
      const store = await makeStore();
      const d = await store.create(delivery('CP-1', 1));
      const next = await saveNext(store, d, { attempts: [failed('2026-11-02T02:00:02.000Z')] });
      // Act
      const stale = await domainCode(store.save({ ...d, state: 'delivered', version: d.version + 1 }, d.version));
      const missing = await domainCode(store.save(delivery('CP-9', 1, { version: 2 }), 1));
      // Assess
      expect([stale, missing]).toEqual(['CONFLICT', 'CONFLICT']);
      expect(await store.get('CP-1:1')).toStrictEqual(stored(next));
      expect(await store.get('CP-9:1')).toBeUndefined();
    });

    it("lists a complaint's deliveries by seq (2 before 10), no other complaint's", async () => {
      // Prepare
      const store = await makeStore();
      for (const seq of [10, 2, 1]) await store.create(delivery('CP-1', seq));
      await store.create(delivery('CP-10', 1));
      await store.create(delivery('CP-', 3));
      // Act
      const list = await store.listForComplaint('CP-1');
      // Assess
      expect(list.map((d) => d.event.id)).toEqual(['CP-1:1', 'CP-1:2', 'CP-1:10']);
      expect(list[0]).toStrictEqual(stored(delivery('CP-1', 1)));
      expect(await store.listForComplaint('CP-2')).toEqual([]);
    });

    it('lists the dead ones oldest first, page by page; a delivered one leaves the list', async () => {
      // Prepare: five dead (created in another order than their ids), one pending, one delivered
      const store = await makeStore();
      const created = [
        '2026-11-02T05:00:00.000Z',
        '2026-11-02T01:00:00.000Z',
        '2026-11-02T03:00:00.000Z',
        '2026-11-02T02:00:00.000Z',
        '2026-11-02T04:00:00.000Z',
      ];
      const dead: StatusDelivery[] = [];
      for (const [i, createdAt] of created.entries()) dead.push(await kill(store, await store.create(delivery(`CP-${i + 1}`, 1, { createdAt }))));
      await store.create(delivery('CP-7', 1, { createdAt: '2026-11-02T00:00:00.000Z' }));
      const done = await store.create(delivery('CP-8', 1, { createdAt: '2026-11-02T00:30:00.000Z' }));
      await saveNext(store, done, { state: 'delivered', deliveredAt: '2026-11-02T00:30:01.000Z' });
      // Act
      const all = await walk((q) => store.listDead(q), 2);
      // Assess
      expect(all.items.map((d) => d.event.id)).toEqual(['CP-2:1', 'CP-4:1', 'CP-3:1', 'CP-5:1', 'CP-1:1']);
      expect(all.items[0]).toStrictEqual(stored(dead[1]));
      expect(all.sizes.slice(0, 3)).toEqual([2, 2, 1]);

      // Act: one is replayed and delivered, another replayed and still dead
      const replayed = await saveNext(store, dead[3]!, { state: 'delivered', replays: 1, deliveredAt: '2026-11-03T01:00:00.000Z' });
      const stillDead = await saveNext(store, dead[2]!, { replays: 1, attempts: [...dead[2]!.attempts, failed('2026-11-03T01:00:00.000Z')] });
      // Assess
      const after = (await store.listDead({ limit: 10 })).items;
      expect(after.map((d) => d.event.id)).toEqual(['CP-2:1', 'CP-3:1', 'CP-5:1', 'CP-1:1']);
      expect(after[1]).toStrictEqual(stored(stillDead));
      expect(await store.get('CP-4:1')).toStrictEqual(stored(replayed));
    });

    it('refuses an edited dead-letter cursor with VALIDATION_FAILED', async () => {
      // Prepare
      const store = await makeStore();
      for (const i of [1, 2, 3]) await kill(store, await store.create(delivery(`CP-${i}`, 1)));
      const { next } = await store.listDead({ limit: 1 });
      // Act / Assess
      expect(next).toBeDefined();
      expect(await domainCode(store.listDead({ cursor: edited(next!), limit: 1 }))).toBe('VALIDATION_FAILED');
    });
  });
}
