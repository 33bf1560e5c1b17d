import { describe, expect, it } from 'vitest';
import type { CaseStore, RatingStore } from '../../functions/ports/stores.js';
import { badRating, caseRecord, domainCode, edited, ratingRecord, stored, walk } from './records.js';

/** A rating store and the case store of the same table (or fakes sharing their maps). */
export interface RatingStores {
  cases: CaseStore;
  ratings: RatingStore;
}

/** The RatingStore port (functions/ports/stores.ts), as every implementation must keep it. `makeStores` gives empty stores. */
export function describeRatingStoreContract(name: string, makeStores: () => Promise<RatingStores>) {
  describe(`RatingStore contract: ${name}`, () => {
    it('stores a rating in one write without touching its case, now or later', async () => {
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
      expect(await cases.get('R-1')).toStrictEqual(stored(kase));
      expect((await cases.dueForDefaultRating('2099-01-01T00:00:00.000Z', 10)).map((c) => c.caseNumber)).toEqual(['R-1']);
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
      expect(await ratings.getBadReview(second.review.reviewId)).toBeUndefined();
    });

    it('stores exactly one of two concurrent adds of the same bad rating', async () => {
      // Prepare
      const { cases, ratings } = await makeStores();
      const kase = caseRecord('R-1');
      await cases.save(kase, 0);
      const { rating, review } = badRating(kase);
      // Act
      const outcomes = await Promise.all([ratings.add(rating, review), ratings.add(rating, review)]);
      // Assess
      expect(outcomes.sort()).toEqual([false, true]);
      expect(await ratings.listByCase('R-1')).toStrictEqual([stored(rating)]);
      expect(await ratings.getBadReview(review.reviewId)).toStrictEqual(stored(review));
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
      expect(await ratings.listByCase('R-2')).toEqual([]);
    });

    it('stores exactly one of many concurrent adds of the same good rating (one conditional write each)', async () => {
      // Prepare
      const { cases, ratings } = await makeStores();
      const kase = caseRecord('R-1');
      await cases.save(kase, 0);
      const rating = ratingRecord(kase);
      // Act
      const outcomes = await Promise.all(Array.from({ length: 6 }, (_, i) => ratings.add(i === 0 ? rating : { ...rating, deviceId: `PAD-${i}` })));
      // Assess
      expect(outcomes.filter(Boolean)).toHaveLength(1);
      expect(await ratings.listByCase('R-1')).toHaveLength(1);
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

    it('lists a unit’s ratings by its cases, newest accepted first (then by case number, byte order), that unit’s only, page by page of cases', async () => {
      // Prepare
      const { cases, ratings } = await makeStores();
      const at = '2026-10-26T09:00:00+08:00';
      const plan: [string, string, string, number][] = [
        ['U-b', at, 'U-CITY', 1],
        ['Ua', at, 'U-CITY', 2],
        ['U_a', at, 'U-CITY', 0],
        ['U-old', '2026-10-20T09:00:00+08:00', 'U-CITY', 1],
        ['U-other', '2026-10-27T09:00:00+08:00', 'U-OTHER', 1],
      ];
      for (const [n, acceptedAt, unitId, count] of plan) {
        const kase = caseRecord(n, { unitId, acceptedAt });
        await cases.save(kase, 0);
        for (let i = 1; i <= count; i++) await ratings.add(ratingRecord(kase, { assessNumber: i as 1 | 2 }));
      }
      // Act
      const all = await ratings.listByUnit('U-CITY');
      const paged = await walk((q) => ratings.listByUnit('U-CITY', q), 2);
      // Assess
      expect(all.items.map((r) => r.ratingId)).toEqual(['Ua-1', 'Ua-2', 'U-b-1', 'U-old-1']);
      expect(all.next).toBeUndefined();
      // A page of two cases holds their ratings: Ua's two (U_a is unrated), then U-b's and U-old's.
      expect(paged.items.map((r) => r.ratingId)).toEqual(['Ua-1', 'Ua-2', 'U-b-1', 'U-old-1']);
      expect(paged.sizes.slice(0, 2)).toEqual([2, 2]);
      expect(all.items[0]).toStrictEqual(stored(ratingRecord(caseRecord('Ua', { acceptedAt: at }))));
    });

    it('gives the ratings of the cases asked for, in their order, and nothing for unrated or unknown ones', async () => {
      // Prepare
      const { cases, ratings } = await makeStores();
      const [a, b, c] = [caseRecord('O-a'), caseRecord('O-b'), caseRecord('O-c')];
      for (const k of [a, b, c]) await cases.save(k, 0);
      const [a1, a2, c1] = [ratingRecord(a), ratingRecord(a, { assessNumber: 2, level: 1 }), ratingRecord(c)];
      for (const r of [a2, c1, a1]) await ratings.add(r);
      // Act
      const got = await ratings.ofCases(['O-c', 'O-b', 'O-none', 'O-a', 'O-c']);
      // Assess
      expect(got).toStrictEqual([stored(c1), stored(a1), stored(a2)]);
      expect(await ratings.ofCases([])).toEqual([]);
    });

    it('lists the ratings a person gave by name on their own cases, newest accepted first; anonymous ones are not listed; a cursor of another list is refused', async () => {
      // Prepare
      const { cases, ratings } = await makeStores();
      const plan: [string, string, string | undefined, string][] = [
        ['M-1', 'person-1', 'person-1', '2026-10-21T09:00:00+08:00'],
        ['M-2', 'person-1', undefined, '2026-10-22T09:00:00+08:00'],
        ['M-3', 'person-1', 'person-1', '2026-10-23T09:00:00+08:00'],
        ['M-4', 'person-2', 'person-2', '2026-10-24T09:00:00+08:00'],
      ];
      for (const [n, owner, personKey, acceptedAt] of plan) {
        const kase = caseRecord(n, { personKey: owner, acceptedAt });
        await cases.save(kase, 0);
        await ratings.add(ratingRecord(kase, { personKey, anonymous: !personKey }));
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
