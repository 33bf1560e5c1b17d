/**
 * The citizen's own pages: "my cases waiting for a rating" (newest first, further index
 * pages read until a page is found, "more" by cursor) and regions to pick for a complaint.
 */
import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../functions/core/cases.js';
import type { CitizenCases } from '../../functions/ports/citizen.js';
import { myCases, publicRegions } from '../../functions/usecases/citizen.js';
import { domainError, makeDeps, principals } from '../fakes.js';

/** A citizen's index: `cases` newest first, pages of `limit` by numeric cursor; `rated` have a rating item. */
function fakeIndex(cases: CaseRecord[], rated: Set<string>): CitizenCases & { reads: number } {
  const index = {
    reads: 0,
    async casesOfPerson(_personKey: string, opts: { cursor?: string; limit?: number } = {}) {
      index.reads += 1;
      const from = Number(opts.cursor ?? 0);
      const to = from + (opts.limit ?? 20);
      return { items: cases.slice(from, to), ...(to < cases.length ? { next: String(to) } : {}) };
    },
    async ratedCases(numbers: readonly string[]) {
      return new Set(numbers.filter((n) => rated.has(n)));
    },
  };
  return index;
}
const kase = (n: number, status: CaseRecord['status'] = 'completed') =>
  ({
    caseNumber: `C-${String(n).padStart(3, '0')}`,
    itemName: '企业设立登记',
    unitId: 'U-CITY',
    regionCode: '410400',
    status,
    acceptedAt: new Date(Date.UTC(2026, 9, 1) + (1000 - n) * 60_000).toISOString(),
    ratingCount: 0,
    defaultRatingDueAt: '2026-11-20T16:00:00.000Z',
  }) as unknown as CaseRecord;

describe('my cases waiting for a rating', () => {
  it('skips rated and unfinished ones and reads on past a page without any, newest first, with a cursor for more', async () => {
    // Arrange: the 12 newest are rated or still open; then every other one waits (odd ones are still open)
    const cases = Array.from({ length: 45 }, (_, i) => kase(i + 1, i % 2 ? 'accepted' : 'completed'));
    const rated = new Set(cases.slice(0, 12).map((c) => c.caseNumber));
    const index = fakeIndex(cases, rated);
    const deps = { ...makeDeps(), citizenCases: index };

    // Act
    const first = await myCases(deps, principals.citizen, { waiting: 'rating', limit: 5 });
    const more = await myCases(deps, principals.citizen, { waiting: 'rating', limit: 5, cursor: first.next });

    // Assess
    const waiting = cases.filter((c) => c.status === 'completed' && !rated.has(c.caseNumber)).map((c) => c.caseNumber);
    const both = [...first.items, ...more.items].map((c) => c.caseNumber);
    expect(first.items.length).toBeGreaterThan(0);
    expect(first.items.length).toBeLessThanOrEqual(5);
    expect(more.items.length).toBeLessThanOrEqual(5);
    expect(both).toEqual(waiting.slice(0, both.length)); // in order, none skipped, none twice
    expect(both[0]).toBe('C-013');
    expect(first.items[0]).toMatchObject({ unitName: '市市场监督管理局', rated: false, rateBy: '2026-11-20T16:00:00.000Z' });
  });

  it('reads at most five index pages per request and says there is more', async () => {
    const cases = Array.from({ length: 200 }, (_, i) => kase(i + 1));
    const index = fakeIndex(cases, new Set(cases.map((c) => c.caseNumber)));
    const page = await myCases({ ...makeDeps(), citizenCases: index }, principals.citizen, { waiting: 'rating', limit: 10 });
    expect([page.items.length, index.reads, page.next]).toEqual([0, 5, '50']);
  });

  it('is for citizens only', async () => {
    const deps = { ...makeDeps(), citizenCases: fakeIndex([], new Set()) };
    expect((await domainError(() => myCases(deps, principals.staff, {}))).status).toBe(403);
  });
});

describe('regions for a complaint', () => {
  it('lists city and county regions by code, names only', async () => {
    const { items } = await publicRegions(makeDeps());
    expect(items.length).toBeGreaterThan(0);
    for (const r of items) expect(['city', 'county']).toContain(r.level);
    expect(Object.keys(items[0]!).sort()).toEqual(expect.arrayContaining(['code', 'level', 'name']));
  });
});
