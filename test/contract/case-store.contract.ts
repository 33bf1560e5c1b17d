import { describe, expect, it } from 'vitest';
import type { CaseStore } from '../../functions/ports/stores.js';
import { caseRecord, domainCode, edited, stored, walk } from './records.js';

/** The CaseStore port (functions/ports/stores.ts), as every implementation must keep it. `makeStore` gives an empty store. */
export function describeCaseStoreContract(name: string, makeStore: () => Promise<CaseStore>) {
  describe(`CaseStore contract: ${name}`, () => {
    it('gives a saved case back as it was saved, and nothing for an unknown number', async () => {
      // Prepare
      const store = await makeStore();
      const kase = caseRecord('C-1', { venueId: undefined, windowId: undefined, defaultRatingDueAt: undefined, completedAt: undefined, status: 'accepted' });
      // Act
      await store.save(kase, 0);
      // Assess
      expect(await store.get('C-1')).toStrictEqual(stored(kase));
      expect(await store.get('C-2')).toBeUndefined();
    });

    it('creates a case only with expectedVersion 0: a second create is a CONFLICT and keeps the first', async () => {
      // Prepare
      const store = await makeStore();
      const first = caseRecord('C-1');
      await store.save(first, 0);
      // Act
      const code = await domainCode(store.save({ ...first, itemName: '另一个事项' }, 0));
      // Assess
      expect(code).toBe('CONFLICT');
      expect(await store.get('C-1')).toStrictEqual(stored(first));
    });

    it('replaces a case at its current version; a stale or missing version is a CONFLICT that changes nothing', async () => {
      // Prepare
      const store = await makeStore();
      const v1 = caseRecord('C-1');
      await store.save(v1, 0);
      const v2 = { ...v1, status: 'cancelled' as const, updatedAt: '2026-10-28T02:00:00.000Z', version: 2 };
      // Act
      await store.save(v2, 1);
      const stale = await domainCode(store.save({ ...v1, itemName: '过期的写入', version: 2 }, 1));
      const missing = await domainCode(store.save(caseRecord('C-2', { version: 2 }), 1));
      // Assess
      expect([stale, missing]).toEqual(['CONFLICT', 'CONFLICT']);
      expect(await store.get('C-1')).toStrictEqual(stored(v2));
      expect(await store.get('C-2')).toBeUndefined();
    });

    it('lists a unit’s cases newest accepted first, the same instant by case number in byte order, and only that unit’s', async () => {
      // Prepare: three cases accepted at the same instant whose numbers sort differently by locale ('_' before '-') and by byte
      const store = await makeStore();
      const at = '2026-10-26T09:00:00+08:00';
      for (const kase of [
        caseRecord('K-b', { acceptedAt: at }),
        caseRecord('Ka', { acceptedAt: at }),
        caseRecord('K_a', { acceptedAt: at }),
        caseRecord('K-old', { acceptedAt: '2026-10-20T09:00:00+08:00' }),
        caseRecord('K-new', { acceptedAt: '2026-10-30T09:00:00+08:00' }),
        caseRecord('K-other', { unitId: 'U-OTHER' }),
      ])
        await store.save(kase, 0);
      // Act
      const page = await store.listByUnit('U-CITY');
      // Assess
      expect(page.items.map((c) => c.caseNumber)).toEqual(['K-new', 'Ka', 'K_a', 'K-b', 'K-old']);
      expect(page.items[0]).toStrictEqual(stored(caseRecord('K-new', { acceptedAt: '2026-10-30T09:00:00+08:00' })));
      expect(page.next).toBeUndefined();
      expect((await store.listByUnit('U-NONE')).items).toEqual([]);
    });

    it('pages a unit’s cases: each case once, in order; a full page carries next, also the last one, and the page after it is empty', async () => {
      // Prepare
      const store = await makeStore();
      for (let i = 1; i <= 5; i++) await store.save(caseRecord(`P-${i}`, { acceptedAt: `2026-10-2${i}T09:00:00+08:00` }), 0);
      const all = (await store.listByUnit('U-CITY')).items.map((c) => c.caseNumber);
      // Act
      const byTwo = await walk((q) => store.listByUnit('U-CITY', q), 2);
      const byFive = await walk((q) => store.listByUnit('U-CITY', q), 5);
      // Assess
      expect(all).toEqual(['P-5', 'P-4', 'P-3', 'P-2', 'P-1']);
      expect(byTwo.items.map((c) => c.caseNumber)).toEqual(all);
      expect(byTwo.sizes).toEqual([2, 2, 1]);
      expect(byFive.sizes).toEqual([5, 0]);
    });

    it('refuses an edited cursor and a cursor from another unit’s list (VALIDATION_FAILED)', async () => {
      // Prepare
      const store = await makeStore();
      for (const n of ['A-1', 'A-2']) await store.save(caseRecord(n), 0);
      for (const n of ['B-1', 'B-2']) await store.save(caseRecord(n, { unitId: 'U-B' }), 0);
      const { next } = await store.listByUnit('U-CITY', { limit: 1 });
      expect(next).toBeTruthy();
      // Act
      const codes = [await domainCode(store.listByUnit('U-B', { cursor: next! })), await domainCode(store.listByUnit('U-CITY', { cursor: edited(next!) }))];
      // Assess
      expect(codes).toEqual(['VALIDATION_FAILED', 'VALIDATION_FAILED']);
    });

    it('lists completed, unrated cases due at or before now, earliest first (ties by case number), up to the limit', async () => {
      // Prepare
      const store = await makeStore();
      const now = '2026-11-04T00:00:00.000Z';
      for (const kase of [
        caseRecord('D-mid', { defaultRatingDueAt: '2026-11-03T00:00:00.000Z' }),
        caseRecord('D-early', { defaultRatingDueAt: '2026-11-01T00:00:00.000Z' }),
        caseRecord('D_now', { defaultRatingDueAt: now }),
        caseRecord('D-now', { defaultRatingDueAt: now }),
        caseRecord('D-later', { defaultRatingDueAt: '2026-11-05T00:00:00.000Z' }),
        caseRecord('D-rated', { defaultRatingDueAt: '2026-11-01T00:00:00.000Z', ratingCount: 1 }),
        caseRecord('D-open', { defaultRatingDueAt: undefined, completedAt: undefined, status: 'accepted' }),
      ])
        await store.save(kase, 0);
      // Act
      const due = await store.dueForDefaultRating(now, 10);
      const first = await store.dueForDefaultRating(now, 1);
      // Assess
      expect(due.map((c) => c.caseNumber)).toEqual(['D-early', 'D-mid', 'D-now', 'D_now']);
      expect(due[0]).toStrictEqual(stored(caseRecord('D-early', { defaultRatingDueAt: '2026-11-01T00:00:00.000Z' })));
      expect(first.map((c) => c.caseNumber)).toEqual(['D-early']);
    });

    it('takes a case out of the due lists once saved rated, and lists the cases due from an instant on, earliest first, page by page', async () => {
      // Prepare
      const store = await makeStore();
      const dues = ['2026-11-01T00:00:00.000Z', '2026-11-02T00:00:00.000Z', '2026-11-03T00:00:00.000Z', '2026-11-04T00:00:00.000Z'];
      for (const [i, due] of dues.entries()) await store.save(caseRecord(`F-${i}`, { defaultRatingDueAt: due }), 0);
      const f2 = (await store.get('F-2'))!;
      // Act
      await store.save({ ...f2, ratingCount: 1, version: 2 }, 1);
      const from = await walk((q) => store.listDefaultRatingDueFrom('2026-11-02T00:00:00.000Z', q), 1);
      const due = await store.dueForDefaultRating('2026-12-31T00:00:00.000Z', 10);
      // Assess
      expect(from.items.map((c) => c.caseNumber)).toEqual(['F-1', 'F-3']);
      expect(due.map((c) => c.caseNumber)).toEqual(['F-0', 'F-1', 'F-3']);
    });

    it('takes a case off the default-rating list and changes nothing else; again, or for an unknown case, it is a no-op', async () => {
      // Prepare
      const store = await makeStore();
      const kase = caseRecord('M-1', { defaultRatingDueAt: '2026-11-01T00:00:00.000Z' });
      const other = caseRecord('M-2', { defaultRatingDueAt: '2026-11-01T00:00:00.000Z' });
      await store.save(kase, 0);
      await store.save(other, 0);
      // Act
      await store.leaveDefaultList('M-1');
      await store.leaveDefaultList('M-1');
      await store.leaveDefaultList('M-none');
      // Assess
      expect(await store.get('M-1')).toStrictEqual(stored(kase));
      expect((await store.dueForDefaultRating('2099-01-01T00:00:00.000Z', 10)).map((c) => c.caseNumber)).toEqual(['M-2']);
      expect((await store.listDefaultRatingDueFrom('2000-01-01T00:00:00.000Z')).items.map((c) => c.caseNumber)).toEqual(['M-2']);
      expect(await store.get('M-none')).toBeUndefined();
    });

    it('lets an update that read the case before it left the list succeed, putting it back on the list (the job visits it again)', async () => {
      // Prepare
      const store = await makeStore();
      const kase = caseRecord('M-3', { defaultRatingDueAt: '2026-11-01T00:00:00.000Z' });
      await store.save(kase, 0);
      const read = (await store.get('M-3'))!;
      await store.leaveDefaultList('M-3');
      // Act
      await store.save({ ...read, windowId: 'W02', version: read.version + 1 }, read.version);
      // Assess
      expect(await store.get('M-3')).toStrictEqual(stored({ ...kase, windowId: 'W02', version: kase.version + 1 }));
      expect((await store.dueForDefaultRating('2099-01-01T00:00:00.000Z', 10)).map((c) => c.caseNumber)).toEqual(['M-3']);
    });

    it('goes on behind the last case of a page of due cases', async () => {
      // Prepare
      const store = await makeStore();
      for (const [n, due] of [
        ['P-a', '2026-11-01T00:00:00.000Z'],
        ['P-b', '2026-11-01T00:00:00.000Z'],
        ['P-c', '2026-11-02T00:00:00.000Z'],
        ['P-d', '2026-11-03T00:00:00.000Z'],
      ] as const)
        await store.save(caseRecord(n, { defaultRatingDueAt: due }), 0);
      const now = '2026-11-02T12:00:00.000Z';
      // Act
      const first = await store.dueForDefaultRating(now, 2);
      await store.leaveDefaultList('P-a'); // the entry it goes on behind may be gone
      const second = await store.dueForDefaultRating(now, 2, first.at(-1));
      const third = await store.dueForDefaultRating(now, 2, second.at(-1));
      // Assess
      expect(first.map((c) => c.caseNumber)).toEqual(['P-a', 'P-b']);
      expect(second.map((c) => c.caseNumber)).toEqual(['P-c']);
      expect(third).toEqual([]);
    });
  });
}
