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

async function indicators(as: string, query: string) {
  const r = await api('GET', `/indicators?${query}`, { as });
  expect(r.status, r.text).toBe(200);
  return r.json;
}

describe('indicators from the stream', () => {
  it('count a completed case and its bad rating once, for its item, its unit and its city', async () => {
    const item = { itemCode: `IT-${uid()}`, name: '指标测试事项', unitId: 'U-SCJG', type: 1, promisedDays: 0, legalDays: 0 };
    expect((await api('PUT', `/catalog/items/${item.itemCode}`, { as: 'admin', body: item })).status).toBe(200);
    const { caseNumber } = await pushCase({ extra: { itemCode: item.itemCode } });
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
    // Counted once: the stream goes on, the numbers stay.
    await new Promise((r) => setTimeout(r, 1000));
    expect((await indicators('supervisor', query)).indicators).toMatchObject({ ratings: 1, cases: 1 });
    const city = await indicators('supervisor', `month=${month()}`);
    expect(city.indicators.ratings).toBeGreaterThanOrEqual(1);
    expect(city.read).toBeLessThanOrEqual(50);
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
});
