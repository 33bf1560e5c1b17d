import { describe, expect, it } from 'vitest';
import type { CaseStore, RatingStore } from '../../functions/ports/stores.js';
import { badRating, caseRecord, domainCode, edited, ratingRecord, stored, walk } from './records.js';

/** A rating store and the case store whose cases its transaction marks rated (one table, or fakes sharing their maps). */
export interface RatingStores {
  cases: CaseStore;
  ratings: RatingStore;
}

/** The RatingStore port (functions/ports/stores.ts), as every implementation must keep it. `makeStores` gives empty stores. */
export function describeRatingStoreContract(name: string, makeStores: () => Promise<RatingStores>) {
  describe(`RatingStore contract: ${name}`, () => {
    it('stores a rating, counts it on its case (ratingCount + 1, version + 1) and takes the case out of the default-rating lists', async () => {
      // Prepare
      const { cases, ratings } = await makeStores();
      const kase = caseRecord('R-1');
      await cases.save(kase, 0);
      const rating = ratingRecord(kase, { text: undefined, givenAt: { venueId: 'V-TOWN', windowId: undefined } });
      // Act
      const added = await ratings.add(rating);
      // Assess
      expect(added).toBe(true);
      expect(await ratings.get('R-1-1')).toStrictEqual(stored(rating));
      expect(await cases.get('R-1')).toMatchObject({ ratingCount: 1, version: 2, itemName: kase.itemName });
      expect(await cases.dueForDefaultRating('2099-01-01T00:00:00.000Z', 10)).toEqual([]);
      expect((await cases.listDefaultRatingDueFrom('2000-01-01T00:00:00.000Z')).items).toEqual([]);
      expect(await ratings.getBadReview('R-1-1')).toBeUndefined();
    });

    it('records the bad review of a bad rating in the same write', async () => {
      // Prepare
      const { cases, ratings } = await makeStores();
      const kase = caseRecord('R-1');
      await cases.save(kase, 0);
      const { rating, review } = badRating(kase);
      // Act
      expect(await ratings.add(rating, review)).toBe(true);
      // Assess
      expect(await ratings.getBadReview(review.reviewId)).toStrictEqual(stored(review));
      expect(await ratings.get(rating.ratingId)).toStrictEqual(stored(rating));
    });

    it('refuses a second rating with the same number for a case: false, and nothing written — rating, case or bad review', async () => {
      // Prepare
      const { cases, ratings } = await makeStores();
      const kase = caseRecord('R-1');
      await cases.save(kase, 0);
      const first = ratingRecord(kase, { level: 1 });
      await ratings.add(first);
      const second = badRating(kase, { ratedAt: '2026-11-02T03:00:00.000Z' });
      // Act
      const added = await ratings.add(second.rating, second.review);
      // Assess
      expect(added).toBe(false);
      expect(await ratings.get('R-1-1')).toStrictEqual(stored(first));
      expect(await cases.get('R-1')).toMatchObject({ ratingCount: 1, version: 2 });
      expect(await ratings.getBadReview(second.review.reviewId)).toBeUndefined();
    });

    it('stores exactly one of two concurrent adds of the same rating', async () => {
      // Prepare
      const { cases, ratings } = await makeStores();
      const kase = caseRecord('R-1');
      await cases.save(kase, 0);
      const { rating, review } = badRating(kase);
      // Act
      const outcomes = await Promise.all([ratings.add(rating, review), ratings.add(rating, review)]);
      // Assess
      expect(outcomes.sort()).toEqual([false, true]);
      expect(await cases.get('R-1')).toMatchObject({ ratingCount: 1, version: 2 });
    });

    it('takes a follow-up rating (assessNumber 2) and lists a case’s ratings by assessNumber, that case’s only', async () => {
      // Prepare
      const { cases, ratings } = await makeStores();
      const kase = caseRecord('R-1');
      await cases.save(kase, 0);
      await cases.save(caseRecord('R-10'), 0);
      const first = ratingRecord(kase);
      const followUp = ratingRecord(kase, { assessNumber: 2, level: 1, ratedAt: '2026-11-03T02:00:00.000Z' });
      await ratings.add(ratingRecord(caseRecord('R-10')));
      // Act
      await ratings.add(first);
      await ratings.add(followUp);
      // Assess
      expect(await ratings.listByCase('R-1')).toStrictEqual([stored(first), stored(followUp)]);
      expect(await cases.get('R-1')).toMatchObject({ ratingCount: 2, version: 3 });
      expect(await ratings.listByCase('R-2')).toEqual([]);
    });

    it('throws and writes nothing when the case does not exist', async () => {
      // Prepare
      const { ratings } = await makeStores();
      const { rating, review } = badRating(caseRecord('R-missing'));
      // Act
      const failed = await ratings.add(rating, review).then(
        () => false,
        () => true,
      );
      // Assess
      expect(failed).toBe(true);
      expect(await ratings.get(rating.ratingId)).toBeUndefined();
      expect(await ratings.getBadReview(review.reviewId)).toBeUndefined();
    });

    it('throws and writes nothing when the bad review exists already', async () => {
      // Prepare: case X has its bad review; case Y's rating comes with a bad review of the same id
      const { cases, ratings } = await makeStores();
      const x = caseRecord('R-X');
      const y = caseRecord('R-Y');
      await cases.save(x, 0);
      await cases.save(y, 0);
      const first = badRating(x);
      await ratings.add(first.rating, first.review);
      const clash = badRating(y);
      // Act
      const failed = await ratings.add(clash.rating, { ...clash.review, reviewId: first.review.reviewId }).then(
        () => false,
        () => true,
      );
      // Assess
      expect(failed).toBe(true);
      expect(await ratings.get(clash.rating.ratingId)).toBeUndefined();
      expect(await cases.get('R-Y')).toStrictEqual(stored(y));
      expect(await ratings.getBadReview(first.review.reviewId)).toStrictEqual(stored(first.review));
    });

    it('gives nothing for an unknown or malformed rating id', async () => {
      const { ratings } = await makeStores();
      expect(await ratings.get('R-1-1')).toBeUndefined();
      expect(await ratings.get('R-1-3')).toBeUndefined();
      expect(await ratings.get('nonsense')).toBeUndefined();
      expect(await ratings.getBadReview('R-1-1')).toBeUndefined();
    });

    it('lists a unit’s ratings newest first (the same instant by rating id, byte order), that unit’s only, page by page', async () => {
      // Prepare
      const { cases, ratings } = await makeStores();
      const at = '2026-11-02T02:00:00.000Z';
      const plan: [string, string, string][] = [
        ['U-b', at, 'U-CITY'],
        ['Ua', at, 'U-CITY'],
        ['U_a', at, 'U-CITY'],
        ['U-old', '2026-11-01T02:00:00.000Z', 'U-CITY'],
        ['U-other', '2026-11-05T02:00:00.000Z', 'U-OTHER'],
      ];
      for (const [n, ratedAt, unitId] of plan) {
        const kase = caseRecord(n, { unitId });
        await cases.save(kase, 0);
        await ratings.add(ratingRecord(kase, { ratedAt }));
      }
      // Act
      const all = await ratings.listByUnit('U-CITY');
      const paged = await walk((q) => ratings.listByUnit('U-CITY', q), 2);
      // Assess
      expect(all.items.map((r) => r.ratingId)).toEqual(['Ua-1', 'U_a-1', 'U-b-1', 'U-old-1']);
      expect(all.next).toBeUndefined();
      expect(paged.items.map((r) => r.ratingId)).toEqual(['Ua-1', 'U_a-1', 'U-b-1', 'U-old-1']);
      expect(paged.sizes).toEqual([2, 2, 0]);
      expect(all.items[0]).toStrictEqual(stored(ratingRecord(caseRecord('Ua'), { ratedAt: at })));
    });

    it('lists a person’s ratings newest first; anonymous ratings (no personKey) are not listed; a cursor of another list is refused', async () => {
      // Prepare
      const { cases, ratings } = await makeStores();
      const plan: [string, string | undefined, string][] = [
        ['M-1', 'person-1', '2026-11-01T02:00:00.000Z'],
        ['M-2', undefined, '2026-11-02T02:00:00.000Z'],
        ['M-3', 'person-1', '2026-11-03T02:00:00.000Z'],
        ['M-4', 'person-2', '2026-11-04T02:00:00.000Z'],
      ];
      for (const [n, personKey, ratedAt] of plan) {
        const kase = caseRecord(n);
        await cases.save(kase, 0);
        await ratings.add(ratingRecord(kase, { personKey, anonymous: !personKey, ratedAt }));
      }
      // Act
      const mine = await ratings.listByPerson('person-1');
      const { next } = await ratings.listByPerson('person-1', { limit: 1 });
      // Assess
      expect(mine.items.map((r) => r.ratingId)).toEqual(['M-3-1', 'M-1-1']);
      expect(next).toBeTruthy();
      expect(await domainCode(ratings.listByPerson('person-2', { cursor: next! }))).toBe('VALIDATION_FAILED');
      expect(await domainCode(ratings.listByUnit('U-CITY', { cursor: next! }))).toBe('VALIDATION_FAILED');
      expect(await domainCode(ratings.listByPerson('person-1', { cursor: edited(next!) }))).toBe('VALIDATION_FAILED');
    });
  });
}
