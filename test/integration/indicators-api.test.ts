/**
 * Indicators over HTTP on the running local stack: a case and its rating go through the
 * API; the stack's stream poller feeds the aggregator (as the event source mapping does in
 * AWS); the counters then show them. A service item of its own keeps this test's counts
 * apart from every other test's.
 */
import { describe, expect, it } from 'vitest';
import { pushCase, uid } from './fixtures.js';
import { api } from './http.js';

const month = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
/** A case accepted and completed a minute ago: in the month its rating is in (pushCase's default of hours ago is not, just after midnight on the 1st). */
const justNow = () => ({ acceptedAt: new Date(Date.now() - 60_000).toISOString(), completedAt: new Date(Date.now() - 30_000).toISOString() });

async function indicators(as: string, query: string) {
  const r = await api('GET', `/indicators?${query}`, { as });
  expect(r.status, r.text).toBe(200);
  return r.json;
}

describe('indicators from the stream', () => {
  it('count a completed case and its bad rating once, for its item, its unit and its city', async () => {
    const item = { itemCode: `IT-${uid()}`, name: '指标测试事项', unitId: 'U-SCJG', type: 1, promisedDays: 0, legalDays: 0 };
    expect((await api('PUT', `/catalog/items/${item.itemCode}`, { as: 'admin', body: item })).status).toBe(200);
    const { caseNumber } = await pushCase({ extra: { itemCode: item.itemCode, ...justNow() } });
    const rated = await api('POST', '/ratings', { as: 'pad', body: { caseNumber, level: 5, channel: 'pad', tags: ['服务态度'], anonymous: true } });
    expect(rated.status, rated.text).toBe(201);
    const query = `itemCode=${item.itemCode}&month=${month()}`;
    const end = Date.now() + 20_000;
    let seen = await indicators('staff', query);
    while (Date.now() < end && (seen.indicators.ratings < 1 || seen.indicators.badReviews < 1)) {
      await new Promise((r) => setTimeout(r, 200));
      seen = await indicators('staff', query);
    }
    expect(seen.scope).toMatchObject({ kind: 'item', id: item.itemCode });
    expect(seen.indicators).toMatchObject({ cases: 1, completed: 1, ratings: 1, activeRatings: 1, badRate: 1, activeRatingRate: 1, badReviews: 1 });
    expect(seen.indicators.levels).toMatchObject({ 5: 1 });
    expect(seen.indicators.channels).toEqual({ pad: 1 });
    expect(seen.indicators.byChannel).toEqual({ pad: { ratings: 1, share: 1, good: 0, bad: 1, goodRate: 0, badRate: 1 } });
    expect((await indicators('staff', `${query}&channel=pad`)).indicators.channel).toMatchObject({ ratings: 1, badRate: 1 });
    const badChannel = await api('GET', `/indicators?${query}&channel=fax`, { as: 'staff' });
    expect(badChannel.status).toBe(400);
    expect(badChannel.json.error.issues[0].field).toBe('query.channel');
    // Counted once: the stream goes on, the numbers stay.
    await new Promise((r) => setTimeout(r, 1000));
    expect((await indicators('supervisor', query)).indicators).toMatchObject({ ratings: 1, cases: 1 });
    const city = await indicators('supervisor', `month=${month()}`);
    expect(city.indicators.ratings).toBeGreaterThanOrEqual(1);
    // One counter item per row the view shows (the city, its counties, its units) and the five earlier trend months:
    // bounded by the catalog, whatever the volume (other tests add units to the shared stack; the bench: 47 on the demo catalog).
    expect(city.read).toBe(1 + city.children.length + city.units.length + 5);
    // The public page, without signing in: the item's results, cacheable, nothing personal.
    const open = await api('GET', `/public/disclosure?unitId=U-SCJG&month=${month()}`);
    expect(open.status, open.text).toBe(200);
    expect(open.headers.get('cache-control')).toBe('public, max-age=300');
    expect(open.json.items.find((i: { itemCode: string }) => i.itemCode === item.itemCode)).toMatchObject({ ratings: 1, badRate: 1 });
    expect(open.text).not.toMatch(/personKey|rater|idNumber|phone/);
    // A county supervisor sees neither the city's figures nor the city unit's item.
    expect((await api('GET', '/indicators?regionCode=410400', { as: 'countySupervisor' })).status).toBe(404);
    expect((await api('GET', `/indicators?${query}`, { as: 'countySupervisor' })).status).toBe(404);
  });

  it('coverage lists an item with a completed case and no active rating until it is rated, and a point until its QR code is posted', async () => {
    const item = { itemCode: `CV-${uid()}`, name: '覆盖测试事项', unitId: 'U-SCJG', type: 1, promisedDays: 0, legalDays: 0 };
    expect((await api('PUT', `/catalog/items/${item.itemCode}`, { as: 'admin', body: item })).status).toBe(200);
    const { caseNumber } = await pushCase({ extra: { itemCode: item.itemCode, ...justNow() } });
    const coverage = async (as: string, query = `month=${month()}`) => {
      const r = await api('GET', `/indicators/coverage?${query}`, { as });
      expect(r.status, r.text).toBe(200);
      return r.json;
    };
    const until = async (as: string, done: (c: any) => boolean, query?: string) => {
      const end = Date.now() + 20_000;
      let c = await coverage(as, query);
      while (Date.now() < end && !done(c)) {
        await new Promise((r) => setTimeout(r, 200));
        c = await coverage(as, query);
      }
      return c;
    };
    const gapOf = (c: any) => c.gaps.items.find((g: { itemCode: string }) => g.itemCode === item.itemCode);
    const open = await until('staff', (c) => !!gapOf(c));
    expect(open.scope).toMatchObject({ kind: 'unit', id: 'U-SCJG' });
    expect(gapOf(open)).toMatchObject({ unitId: 'U-SCJG', unitName: '市市场监督管理局', regionCode: '410400', completed: 1 });
    expect(open.itemCoverageRate).toBeLessThan(1);
    // The unit's window at the city hall counts for its device coverage.
    expect(open.counts.hallWindows).toBeGreaterThan(0);
    // One counter item per service item of the unit for a month.
    expect(open.read.counters).toBe(open.counts.items);
    const rated = await api('POST', '/ratings', { as: 'pad', body: { caseNumber, level: 1, channel: 'pad', tags: [], anonymous: true } });
    expect(rated.status, rated.text).toBe(201);
    expect(gapOf(await until('staff', (c) => !gapOf(c)))).toBeUndefined();

    // A village point without a QR code, in the county supervisor's region, until one is posted.
    const venue = { venueId: `V-${uid()}`, name: '覆盖测试便民服务站', kind: 'village', regionCode: '410421' };
    expect((await api('PUT', `/catalog/venues/${venue.venueId}`, { as: 'admin', body: venue })).status).toBe(200);
    const point = (c: any) => c.gaps.pointsWithoutQr.find((g: { venueId: string }) => g.venueId === venue.venueId);
    const county = await coverage('countySupervisor');
    expect(point(county)).toMatchObject({ kind: 'village', regionCode: '410421', regionName: '宝丰县' });
    expect(county.byRegion.find((g: { regionCode: string }) => g.regionCode === '410421').pointsWithoutQr).toBeGreaterThan(0);
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    expect((await api('PUT', `/catalog/venues/${venue.venueId}`, { as: 'admin', body: { ...venue, qrPostedAt: today } })).status).toBe(200);
    expect(point(await coverage('countySupervisor'))).toBeUndefined();
    const city = await coverage('supervisor');
    expect(city.scope).toMatchObject({ kind: 'region', id: '410400' });
    for (const rate of [city.itemCoverageRate, city.itemIncidenceRate, city.deviceCoverageRate, city.qrCoverageRate]) expect(rate).toBeGreaterThan(0);

    // Access: a county supervisor neither the city nor a city unit; a unit not another unit; a citizen nothing.
    expect((await api('GET', '/indicators/coverage?regionCode=410400', { as: 'countySupervisor' })).status).toBe(404);
    expect((await api('GET', '/indicators/coverage?unitId=U-SCJG', { as: 'countySupervisor' })).status).toBe(404);
    expect((await api('GET', '/indicators/coverage?unitId=U-GA', { as: 'staff' })).status).toBe(404);
    expect((await api('GET', '/indicators/coverage', { as: 'citizen' })).status).toBe(403);
    const bad = await api('GET', '/indicators/coverage?month=2026-13', { as: 'supervisor' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.issues[0].field).toBe('query.month');
  });
});
