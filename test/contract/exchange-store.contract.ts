import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../functions/core/cases.js';
import { buildComplaint, type Complaint } from '../../functions/core/complaints/complaint.js';
import type { RatingRecord } from '../../functions/core/ratings.js';
import type { ExchangeBatch, ExchangeSource, ExchangeStore } from '../../functions/ports/exchange.js';
import { caseRecord, domainCode, edited, ratingRecord, stored, walk } from './records.js';

/** Batch `n` of `kind` in window `windowId` for `receiverId`, pending. */
function batch(receiverId: string, windowId: string, kind: ExchangeBatch['kind'], n: number, over: Partial<ExchangeBatch> = {}): ExchangeBatch {
  return {
    batchId: `${receiverId}:${windowId}:${kind}:${n}`,
    receiverId,
    windowId,
    kind,
    n,
    from: '2026-11-02T16:00:00.000Z',
    to: '2026-11-03T16:00:00.000Z',
    keys: ['C-1-1', 'C-2-1'],
    count: 2,
    skipped: 0,
    state: 'pending',
    attempts: [],
    createdAt: '2026-11-03T18:30:00.000Z',
    replays: 0,
    version: 1,
    ...over,
  };
}

export interface ExchangeStores {
  store: ExchangeStore;
  source: ExchangeSource;
  /** Writes records as the product does (the case before its rating). */
  put: { case(c: CaseRecord): Promise<void>; rating(r: RatingRecord): Promise<void>; complaint(c: Complaint): Promise<void> };
}

function complaint(id: string, unitId: string, receivedAt: string, over: Partial<Complaint> = {}): Complaint {
  return {
    ...buildComplaint({
      complaintId: id,
      caseNumber: id,
      kind: 'complaint',
      source: 'portal',
      title: '窗口办事排队时间过长',
      content: `诉求${id}：在政务服务大厅办理业务时排队超过两小时。`,
      unitId,
      regionCode: '410400',
      anonymous: true,
      complainantKeys: [],
      receivedAt,
      receivedBy: 'operator-1',
      intake: {},
      skipReview: false,
    }),
    ...over,
  };
}

/** The exchange's record of what was sent, and its reads by unit and index time (ports/exchange.ts). */
export function describeExchangeStoreContract(name: string, make: () => Promise<ExchangeStores>) {
  describe(`ExchangeStore contract (${name})`, () => {
    it('creates a batch once: the same id again answers the stored one and writes nothing', async () => {
      const { store } = await make();
      const b = batch('province', '20261103', 'ratings', 1);
      expect(await store.create(b)).toStrictEqual(stored(b));
      expect(await store.create({ ...b, count: 99 })).toStrictEqual(stored(b));
      expect(await store.get(b.batchId)).toStrictEqual(stored(b));
      expect(await store.get('province:20261103:ratings:2')).toBeUndefined();
      expect(await store.get('not a batch id')).toBeUndefined();
    });

    it('saves at the expected version only', async () => {
      const { store } = await make();
      const b = await store.create(batch('province', '20261103', 'cases', 1));
      const next = { ...b, state: 'delivered' as const, attempts: [{ at: '2026-11-03T18:30:01.000Z', ok: true, httpStatus: 200 }], version: 2 };
      await store.save(next, 1);
      expect(await domainCode(store.save({ ...next, version: 3 }, 1))).toBe('CONFLICT');
      expect(await store.get(b.batchId)).toStrictEqual(stored(next));
    });

    it("lists a receiver's batches newest window first (batch 10 after batch 2), paged, and only its own", async () => {
      const { store } = await make();
      for (const b of [
        batch('province', '20261102', 'ratings', 1),
        batch('province', '20261103', 'ratings', 2),
        batch('province', '20261103', 'ratings', 10),
        batch('province', '20261104T103000', 'cases', 1),
        batch('national', '20261103', 'ratings', 1),
      ])
        await store.create(b);
      const { items } = await walk((q) => store.listForReceiver('province', q), 2);
      expect(items.map((b) => b.batchId)).toEqual([
        'province:20261104T103000:cases:1',
        'province:20261103:ratings:10',
        'province:20261103:ratings:2',
        'province:20261102:ratings:1',
      ]);
      const first = await store.listForReceiver('province', { limit: 1 });
      expect(await domainCode(store.listForReceiver('province', { cursor: edited(first.next!) }))).toBe('VALIDATION_FAILED');
    });

    it('lists dead batches oldest first, and a delivered one leaves the list', async () => {
      const { store } = await make();
      const late = await store.create(batch('province', '20261103', 'ratings', 1, { createdAt: '2026-11-03T19:00:00.000Z' }));
      const early = await store.create(batch('national', '20261103', 'cases', 1, { createdAt: '2026-11-03T18:00:00.000Z' }));
      await store.create(batch('national', '20261103', 'ratings', 1));
      await store.save({ ...late, state: 'dead', version: 2 }, 1);
      await store.save({ ...early, state: 'dead', version: 2 }, 1);
      expect((await walk((q) => store.listDead(q), 1)).items.map((b) => b.batchId)).toEqual(['national:20261103:cases:1', 'province:20261103:ratings:1']);
      await store.save({ ...early, state: 'delivered', version: 3 }, 2);
      expect((await store.listDead()).items.map((b) => b.batchId)).toEqual(['province:20261103:ratings:1']);
    });

    it('keeps a watermark per receiver, moved only from the expected day', async () => {
      const { store } = await make();
      expect(await store.watermark('province')).toBeUndefined();
      await store.setWatermark('province', '2026-11-02', undefined);
      expect(await domainCode(store.setWatermark('province', '2026-11-03', undefined))).toBe('CONFLICT');
      expect(await domainCode(store.setWatermark('province', '2026-11-03', '2026-11-01'))).toBe('CONFLICT');
      await store.setWatermark('province', '2026-11-03', '2026-11-02');
      expect(await store.watermark('province')).toBe('2026-11-03');
      expect(await store.watermark('national')).toBeUndefined();
    });

    it("reads a unit's ratings and cases by index time, inclusive, whatever offset the instants were written with", async () => {
      const { source, put } = await make();
      const cases = [
        caseRecord('C-1', { acceptedAt: '2026-11-03T00:00:00+08:00' }), // = from, written +08:00
        caseRecord('C-2', { acceptedAt: '2026-11-03T15:59:59.999Z' }), // = to
        caseRecord('C-3', { acceptedAt: '2026-11-02T23:59:59+08:00' }), // before
        caseRecord('C-4', { acceptedAt: '2026-11-04T00:00:00+08:00' }), // after
        caseRecord('C-5', { acceptedAt: '2026-11-03T10:00:00+08:00', unitId: 'U-OTHER' }),
      ];
      for (const c of cases) {
        await put.case(c);
        await put.rating(ratingRecord(c, { ratedAt: c.acceptedAt }));
      }
      const from = '2026-11-02T16:00:00.000Z';
      const to = '2026-11-03T15:59:59.999Z';
      expect((await source.casesAcceptedBetween('U-CITY', from, to)).map((c) => c.caseNumber).sort()).toEqual(['C-1', 'C-2']);
      expect((await source.ratingsGivenBetween('U-CITY', from, to)).map((r) => r.ratingId).sort()).toEqual(['C-1-1', 'C-2-1']);
      expect(await source.casesAcceptedBetween('U-CITY', from, to)).toContainEqual(stored(cases[0]!));
    });

    it("reads a unit's complaints, open and closed, by receipt, and the unassigned ones under unit ''", async () => {
      const { source, put } = await make();
      await put.complaint(complaint('ZX-1', 'U-CITY', '2026-11-03T09:00:00+08:00'));
      await put.complaint(complaint('ZX-2', 'U-CITY', '2026-11-03T10:00:00+08:00', { status: 'closed', closedAt: '2026-11-03T12:00:00+08:00' }));
      await put.complaint(complaint('ZX-3', 'U-CITY', '2026-11-01T10:00:00+08:00'));
      await put.complaint(complaint('ZX-4', '', '2026-11-03T11:00:00+08:00'));
      const [from, to] = ['2026-11-02T16:00:00.000Z', '2026-11-03T15:59:59.999Z'];
      expect((await source.complaintsReceivedBetween('U-CITY', from, to)).map((c) => c.complaintId).sort()).toEqual(['ZX-1', 'ZX-2']);
      expect((await source.complaintsReceivedBetween('', from, to)).map((c) => c.complaintId)).toEqual(['ZX-4']);
    });
  });
}
