import { describe, expect, it } from 'vitest';
import type { BadReview } from '../../functions/core/bad-review.js';
import type { BadReviewStore } from '../../functions/ports/bad-reviews.js';
import type { CaseStore, RatingStore } from '../../functions/ports/stores.js';
import type { NoticeEntry } from '../../functions/supervision/model.js';
import type { SupervisedCaseStore } from '../../functions/supervision/ports.js';
import { badRating, caseRecord, domainCode, edited, stored, walk } from './records.js';

/**
 * The bad-review store and what it shares its items with: the rating store writes a new
 * bad review (with its rating, one transaction) and the case store holds the rated case;
 * `otherKind` is the store of another supervised workflow kind, for its own 通报 list.
 */
export interface BadReviewStores {
  cases: CaseStore;
  ratings: RatingStore;
  badReviews: BadReviewStore;
  otherKind: Pick<SupervisedCaseStore<never>, 'addNotice' | 'listNotices'>;
}

/** A bad review of `unitId` in `regionCode`, created at `createdAt`, written as production writes it: with its rating. */
async function seedReview(s: BadReviewStores, caseNumber: string, over: { unitId?: string; regionCode?: string; createdAt?: string } = {}): Promise<BadReview> {
  const kase = caseRecord(caseNumber, { unitId: over.unitId ?? 'U-CITY', regionCode: over.regionCode ?? '410421' });
  await s.cases.save(kase, 0);
  const { rating, review } = badRating(kase, { receivedAt: over.createdAt ?? '2026-11-02T02:00:00.000Z' });
  expect(await s.ratings.add(rating, review)).toBe(true);
  return review;
}

/** Saves the next version of a review with `change` applied (the caller bumps the version; the store bumps nothing). */
async function saveNext(s: BadReviewStores, r: BadReview, change: Partial<BadReview>): Promise<BadReview> {
  const next = { ...r, ...change, version: r.version + 1 };
  await s.badReviews.save(next, r.version);
  return next;
}
const close = (s: BadReviewStores, r: BadReview) =>
  saveNext(s, r, { status: 'closed', closeReason: 'visitAnswered', closedAt: '2026-11-20T02:00:00.000Z', step: undefined });

const notice = (over: Partial<NoticeEntry>): NoticeEntry => ({
  period: '2026-10-26',
  unitId: 'U-CITY',
  regionCode: '410421',
  caseId: 'N-1-1',
  caseNumber: 'N-1',
  escalation: 1,
  at: '2026-11-02T02:00:00.000Z',
  ...over,
});

/** The bad reviews' store (ports/bad-reviews.ts on supervision/ports.ts), as every implementation must keep it. `makeStores` gives empty stores. */
export function describeBadReviewStoreContract(name: string, makeStores: () => Promise<BadReviewStores>) {
  describe(`BadReviewStore (supervised cases) contract: ${name}`, () => {
    it('holds the bad review its rating recorded, and nothing for an unknown id', async () => {
      // Prepare
      const s = await makeStores();
      // Act
      const review = await seedReview(s, 'B-1');
      // Assess
      expect(await s.badReviews.get('B-1-1')).toStrictEqual(stored(review));
      expect(await s.badReviews.get('B-2-1')).toBeUndefined();
    });

    it('saves at the current version exactly what it is given; the rating store reads the same item', async () => {
      // Prepare
      const s = await makeStores();
      const review = await seedReview(s, 'B-1');
      // Act
      const next = await saveNext(s, review, {
        status: 'open',
        step: 'verify',
        stepDeadline: '2026-11-03T09:00:00.000Z',
        token: undefined,
        verification: { contacted: true, facts: '已联系', at: '2026-11-02T03:00:00.000Z', by: '李四' },
      });
      // Assess
      expect(await s.badReviews.get('B-1-1')).toStrictEqual(stored(next));
      expect(await s.ratings.getBadReview('B-1-1')).toStrictEqual(stored(next));
    });

    it('refuses a stale version with CONFLICT and changes nothing', async () => {
      // Prepare
      const s = await makeStores();
      const review = await seedReview(s, 'B-1');
      const winner = await saveNext(s, review, { status: 'open' });
      // Act
      const code = await domainCode(s.badReviews.save({ ...review, status: 'closed', version: review.version + 1 }, review.version));
      // Assess
      expect(code).toBe('CONFLICT');
      expect(await s.badReviews.get('B-1-1')).toStrictEqual(stored(winner));
    });

    it('refuses to save a bad review that was never created (CONFLICT), writing nothing', async () => {
      // Prepare
      const s = await makeStores();
      const { review } = badRating(caseRecord('B-9'));
      // Act
      const code = await domainCode(s.badReviews.save(review, review.version));
      // Assess
      expect(code).toBe('CONFLICT');
      expect(await s.badReviews.get(review.reviewId)).toBeUndefined();
      expect((await s.badReviews.listOpen()).items).toEqual([]);
    });

    it('lists a unit’s bad reviews open ones first, each group newest first (same instant: id, byte order); open: true the open ones only', async () => {
      // Prepare
      const s = await makeStores();
      const t = (d: number) => `2026-11-0${d}T02:00:00.000Z`;
      await seedReview(s, 'L-1', { createdAt: t(1) });
      await close(s, await seedReview(s, 'L-2', { createdAt: t(2) }));
      await seedReview(s, 'L-3', { createdAt: t(3) });
      await seedReview(s, 'L_3', { createdAt: t(3) });
      await saveNext(s, await seedReview(s, 'L-4', { createdAt: t(4) }), { status: 'voided', closeReason: 'voided' });
      await seedReview(s, 'L-5', { createdAt: t(5), unitId: 'U-OTHER' });
      // Act
      const all = await s.badReviews.listByUnit('U-CITY');
      const open = await s.badReviews.listByUnit('U-CITY', { open: true });
      const paged = await walk((q) => s.badReviews.listByUnit('U-CITY', q), 2);
      // Assess
      expect(all.items.map((r) => r.reviewId)).toEqual(['L_3-1', 'L-3-1', 'L-1-1', 'L-4-1', 'L-2-1']);
      expect(open.items.map((r) => r.reviewId)).toEqual(['L_3-1', 'L-3-1', 'L-1-1']);
      expect(paged.items.map((r) => r.reviewId)).toEqual(['L_3-1', 'L-3-1', 'L-1-1', 'L-4-1', 'L-2-1']);
      expect(paged.sizes).toEqual([2, 2, 1]);
    });

    it('refuses a cursor of another unit’s list, of the open-only list, or edited (VALIDATION_FAILED)', async () => {
      // Prepare
      const s = await makeStores();
      for (const n of ['C-1', 'C-2']) await seedReview(s, n);
      for (const n of ['C-3', 'C-4']) await seedReview(s, n, { unitId: 'U-OTHER' });
      const { next } = await s.badReviews.listByUnit('U-CITY', { limit: 1 });
      expect(next).toBeTruthy();
      // Act
      const codes = [
        await domainCode(s.badReviews.listByUnit('U-OTHER', { cursor: next! })),
        await domainCode(s.badReviews.listByUnit('U-CITY', { open: true, cursor: next! })),
        await domainCode(s.badReviews.listByUnit('U-CITY', { cursor: edited(next!) })),
        await domainCode(s.badReviews.listOpen({ cursor: next! })),
      ];
      // Assess
      expect(codes).toEqual(['VALIDATION_FAILED', 'VALIDATION_FAILED', 'VALIDATION_FAILED', 'VALIDATION_FAILED']);
    });

    it('lists open bad reviews by region code, then oldest first; a region reads itself and the regions under it; a closed one leaves', async () => {
      // Prepare
      const s = await makeStores();
      const t = (d: number) => `2026-11-0${d}T02:00:00.000Z`;
      await seedReview(s, 'O-county-late', { regionCode: '410421', createdAt: t(3) });
      await seedReview(s, 'O-county-early', { regionCode: '410421', createdAt: t(1) });
      await seedReview(s, 'O-city', { regionCode: '410400', createdAt: t(2) });
      await seedReview(s, 'O-town', { regionCode: '410421001', createdAt: t(1) });
      await seedReview(s, 'O-elsewhere', { regionCode: '410300', createdAt: t(1) });
      const closing = await seedReview(s, 'O-closed', { regionCode: '410421', createdAt: t(2) });
      // Act
      await close(s, closing);
      const all = await s.badReviews.listOpen();
      const city = await s.badReviews.listOpen({ regionCode: '410400' });
      const county = await s.badReviews.listOpen({ regionCode: '410421' });
      const paged = await walk((q) => s.badReviews.listOpen({ ...q, regionCode: '410400' }), 3);
      // Assess
      const ids = (p: { items: BadReview[] }) => p.items.map((r) => r.caseNumber);
      expect(ids(all)).toEqual(['O-elsewhere', 'O-city', 'O-county-early', 'O-county-late', 'O-town']);
      expect(ids(city)).toEqual(['O-city', 'O-county-early', 'O-county-late', 'O-town']);
      expect(ids(county)).toEqual(['O-county-early', 'O-county-late', 'O-town']);
      expect(ids(paged)).toEqual(ids(city));
      expect(paged.sizes).toEqual([3, 1]);
    });

    it('keeps one 通报 entry per period, region, unit, case and escalation; lists a period in key order, per region', async () => {
      // Prepare
      const s = await makeStores();
      const entries = [
        notice({ escalation: 2 }),
        notice({ escalation: 10 }),
        notice({ regionCode: '410400', unitId: 'U-A', caseId: 'N-2-1', caseNumber: 'N-2' }),
        notice({ regionCode: '410300', unitId: 'U-B', caseId: 'N-3-1', caseNumber: 'N-3' }),
        notice({ period: '2026-11-09' }),
        notice({}),
      ];
      for (const e of entries) await s.badReviews.addNotice(e);
      // Act: the same entry again, later
      const again = notice({ at: '2026-11-03T02:00:00.000Z' });
      await s.badReviews.addNotice(again);
      // Assess: escalations in number order (1, 2, 10), not text order
      expect(await s.badReviews.listNotices('2026-10-26')).toStrictEqual([entries[3], entries[2], again, entries[0], entries[1]]);
      expect(await s.badReviews.listNotices('2026-10-26', { regionCode: '410400' })).toStrictEqual([entries[2], again, entries[0], entries[1]]);
      expect(await s.badReviews.listNotices('2026-10-26', { regionCode: '410421' })).toStrictEqual([again, entries[0], entries[1]]);
      expect(await s.badReviews.listNotices('2026-11-09')).toStrictEqual([entries[4]]);
      expect(await s.badReviews.listNotices('2026-11-23')).toEqual([]);
    });

    it('keeps an entry of the same unit, case and escalation under another region as another entry', async () => {
      // Prepare: the unit moved to another county between two writes of its entry
      const s = await makeStores();
      const before = notice({ regionCode: '410421' });
      const after = notice({ regionCode: '410422', at: '2026-11-03T02:00:00.000Z' });
      // Act
      await s.badReviews.addNotice(before);
      await s.badReviews.addNotice(after);
      // Assess
      expect(await s.badReviews.listNotices('2026-10-26')).toStrictEqual([before, after]);
      expect(await s.badReviews.listNotices('2026-10-26', { regionCode: '410422' })).toStrictEqual([after]);
    });

    it('keeps each workflow kind’s 通报 list apart', async () => {
      // Prepare
      const s = await makeStores();
      const mine = notice({});
      const theirs = notice({ caseId: 'Q-1', caseNumber: 'ZX-1' });
      // Act
      await s.badReviews.addNotice(mine);
      await s.otherKind.addNotice(theirs);
      // Assess
      expect(await s.badReviews.listNotices('2026-10-26')).toStrictEqual([mine]);
      expect(await s.otherKind.listNotices('2026-10-26')).toStrictEqual([theirs]);
    });

    it('voids a rating (an upheld appeal): the rating keeps its data and says voided, with when; a missing rating is refused', async () => {
      // Prepare
      const s = await makeStores();
      const review = await seedReview(s, 'V-1');
      const before = (await s.ratings.get(review.ratingId))!;
      // Act
      await s.badReviews.voidRating(review.ratingId, '2026-11-10T02:00:00.000Z');
      const missing = await s.badReviews.voidRating('V-2-1', '2026-11-10T02:00:00.000Z').then(
        () => false,
        () => true,
      );
      // Assess
      expect(await s.ratings.get(review.ratingId)).toStrictEqual({ ...before, voided: true, voidedAt: '2026-11-10T02:00:00.000Z' });
      expect(missing).toBe(true);
      expect(await s.ratings.get('V-2-1')).toBeUndefined();
    });
  });
}
