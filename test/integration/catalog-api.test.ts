/**
 * Catalog, QR codes and the working-day calendar over HTTP against the running local
 * stack. Catalog tests use their own random keys; calendar overrides are removed again.
 */
import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { shanghaiDate } from '../../functions/core/calendar.js';
import { api } from './http.js';
import { fetchBytes, issuesOf, uid } from './fixtures.js';

/** A township code (9 digits) under 宝丰县 that the seed does not use. */
const newTownship = () => `410421${String(randomInt(300, 1000)).padStart(3, '0')}`;

describe('catalog maintenance', () => {
  it('lets an admin put a region, unit, venue, window and item and read them back', async () => {
    // Prepare
    const s = uid();
    const code = newTownship();
    const region = { code, name: `测试镇${s}`, parentCode: '410421', level: 'township' };
    const unit = { unitId: `U-T-${s}`, name: `测试单位${s}`, regionCode: code };
    const venue = { venueId: `V-T-${s}`, name: `测试便民服务中心${s}`, kind: 'township', regionCode: code };
    const window = { venueId: venue.venueId, windowId: 'W01', name: '1号窗口', unitId: unit.unitId, device: { deviceId: `PAD-${s}`, kind: 'pad' } };
    const item = { itemCode: `T-${s}`, name: '测试事项', unitId: unit.unitId, type: 2, promisedDays: 3, legalDays: 10 };
    // Act
    const puts = [];
    puts.push(await api('PUT', `/catalog/regions/${code}`, { as: 'admin', body: region }));
    puts.push(await api('PUT', `/catalog/units/${unit.unitId}`, { as: 'admin', body: unit }));
    puts.push(await api('PUT', `/catalog/venues/${venue.venueId}`, { as: 'admin', body: venue }));
    puts.push(await api('PUT', `/catalog/windows/${venue.venueId}:W01`, { as: 'admin', body: window }));
    puts.push(await api('PUT', `/catalog/items/${item.itemCode}`, { as: 'admin', body: item }));
    // Assess
    expect(puts.map((p) => p.status)).toEqual([200, 200, 200, 200, 200]);
    expect((await api('GET', `/catalog/regions/${code}`, { as: 'staff' })).json).toEqual(region);
    expect((await api('GET', `/catalog/windows/${venue.venueId}:W01`, { as: 'staff' })).json).toEqual(window);
    expect((await api('GET', `/catalog/items/${item.itemCode}`, { as: 'staff' })).json).toEqual(item);
    const listed = await api('GET', `/catalog/units?prefix=${code}`, { as: 'admin' });
    expect(listed.json.items).toEqual([unit]);
  });

  it('refuses a put from anyone but an admin', async () => {
    // Prepare
    const unitId = `U-T-${uid()}`;
    const unit = { unitId, name: '无权单位', regionCode: '410400' };
    // Act
    const statuses = await Promise.all(
      ['staff', 'supervisor', 'client'].map(async (as) => (await api('PUT', `/catalog/units/${unitId}`, { as, body: unit })).status),
    );
    // Assess
    expect(statuses).toEqual([403, 403, 403]);
    expect((await api('GET', `/catalog/units/${unitId}`, { as: 'admin' })).status).toBe(404);
  });

  it.each([
    ['a unit in an unknown region', 'units', (s: string) => ({ unitId: `U-T-${s}`, name: '单位', regionCode: '419999' }), 'regionCode'],
    ['a window in an unknown venue', 'windows', (s: string) => ({ venueId: `V-NONE-${s}`, windowId: 'W01', name: '窗口' }), 'venueId'],
    [
      'a window staffed by an unknown unit',
      'windows',
      (s: string) => ({ venueId: 'V-CITY', windowId: `W-${s}`, name: '窗口', unitId: `U-NONE-${s}` }),
      'unitId',
    ],
    [
      'an item of an unknown unit',
      'items',
      (s: string) => ({ itemCode: `T-${s}`, name: '事项', unitId: `U-NONE-${s}`, type: 1, promisedDays: 0, legalDays: 0 }),
      'unitId',
    ],
  ] as const)('refuses %s with 400 naming the field, and writes nothing', async (_what, kind, build, field) => {
    // Prepare
    const record: Record<string, unknown> = build(uid());
    const key = kind === 'units' ? record.unitId : kind === 'windows' ? `${record.venueId}:${record.windowId}` : record.itemCode;
    // Act
    const res = await api('PUT', `/catalog/${kind}/${key}`, { as: 'admin', body: record });
    // Assess
    expect(res.status).toBe(400);
    expect(issuesOf(res.json)).toEqual([{ field, rule: 'exists' }]);
    expect((await api('GET', `/catalog/${kind}/${key}`, { as: 'admin' })).status).toBe(404);
  });

  it('refuses a body whose key differs from the path', async () => {
    // Prepare
    const s = uid();
    // Act
    const res = await api('PUT', `/catalog/units/U-A-${s}`, { as: 'admin', body: { unitId: `U-B-${s}`, name: '单位', regionCode: '410400' } });
    // Assess
    expect(res.status).toBe(400);
    expect(issuesOf(res.json)).toEqual([{ field: 'path.key', rule: 'matches_body' }]);
  });

  it('imports a valid CSV file of units', async () => {
    // Prepare
    const s = uid();
    const csv = `\uFEFFunitId,name,regionCode\r\nU-CSV1-${s},"测试局, 一科",410400\r\nU-CSV2-${s},测试局二科,410421\r\n`;
    // Act
    const res = await api('POST', '/catalog/units/import', { as: 'admin', raw: csv, headers: { 'content-type': 'text/csv; charset=utf-8' } });
    // Assess
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ kind: 'units', imported: 2 });
    expect((await api('GET', `/catalog/units/U-CSV1-${s}`, { as: 'admin' })).json).toEqual({
      unitId: `U-CSV1-${s}`,
      name: '测试局, 一科',
      regionCode: '410400',
    });
    expect((await api('GET', `/catalog/units/U-CSV2-${s}`, { as: 'admin' })).status).toBe(200);
  });

  it('imports nothing from a CSV file with one bad row and names the row', async () => {
    // Prepare
    const s = uid();
    const csv = [
      'itemCode,name,unitId,type,promisedDays,legalDays',
      `T-OK-${s},好事项,U-SCJG,2,3,5`,
      `T-BAD-${s},坏类型,U-SCJG,7,3,5`,
      `T-REF-${s},坏单位,U-NONE-${s},1,0,0`,
    ].join('\n');
    // Act
    const res = await api('POST', '/catalog/items/import', { as: 'admin', raw: csv, headers: { 'content-type': 'text/csv' } });
    // Assess
    expect(res.status).toBe(400);
    const fields = issuesOf(res.json).map((i) => i.field);
    expect(fields).toContain('rows[3].type');
    expect(fields).toContain('rows[4].unitId');
    for (const key of [`T-OK-${s}`, `T-BAD-${s}`, `T-REF-${s}`]) expect((await api('GET', `/catalog/items/${key}`, { as: 'admin' })).status).toBe(404);
  });

  it('refuses a CSV import sent as JSON with 415', async () => {
    // Act
    const res = await api('POST', '/catalog/units/import', { as: 'admin', body: { unitId: 'U-X' } });
    // Assess
    expect(res.status).toBe(415);
  });
});

describe('QR codes (评价二维码)', () => {
  const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

  it('draws a PNG for a venue and for one of its windows', async () => {
    // Act
    const venue = await fetchBytes('/places/V-CITY/qr?format=png');
    const window = await fetchBytes('/places/V-CITY/qr?format=png&window=W01');
    // Assess
    for (const r of [venue, window]) {
      expect(r.status).toBe(200);
      expect(r.contentType).toBe('image/png');
      expect([...r.bytes.subarray(0, 8)]).toEqual(PNG_MAGIC);
    }
    expect(venue.bytes.equals(window.bytes)).toBe(false);
  });

  it('draws an SVG for a venue and for one of its windows', async () => {
    // Act
    const venue = await api('GET', '/places/V-CITY/qr?format=svg');
    const window = await api('GET', '/places/V-CITY/qr?window=W01');
    // Assess
    for (const r of [venue, window]) {
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('image/svg+xml');
      expect(r.text).toMatch(/<svg[\s>][\s\S]*<\/svg>\s*$/);
    }
  });

  it('answers 404 for an unknown window or venue', async () => {
    // Act
    const statuses = await Promise.all(
      ['/places/V-CITY/qr?window=W-NONE', '/places/V-NONE/qr', '/places/V-CITY?window=W-NONE'].map(async (p) => (await api('GET', p)).status),
    );
    // Assess
    expect(statuses).toEqual([404, 404, 404]);
  });

  it('tells the public rating page the venue, window and unit names', async () => {
    // Act
    const res = await api('GET', '/places/V-CITY?window=W01');
    // Assess
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      venue: { venueId: 'V-CITY', name: '平顶山市政务服务中心' },
      window: { windowId: 'W01', unitId: 'U-SCJG', unitName: '市市场监督管理局' },
    });
    expect(res.json.rateUrl).toMatch(/\/rate\.html\?venue=V-CITY&window=W01$/);
  });
});

describe('working-day calendar', () => {
  it('lists 2026-10-10 as a make-up working day and 2026-10-01 as a holiday', async () => {
    // Act
    const res = await api('GET', '/calendar?year=2026', { as: 'staff' });
    // Assess
    expect(res.status).toBe(200);
    expect(res.json.covered).toBe(true);
    expect(res.json.days).toContainEqual(expect.objectContaining({ date: '2026-10-10', kind: 'workday' }));
    expect(res.json.days).toContainEqual(expect.objectContaining({ date: '2026-10-01', kind: 'holiday' }));
    expect(res.json.days.map((d: { date: string }) => d.date)).not.toContain('2026-10-11');
  });

  it('counts 3 working days from 2026-09-30 to 2026-10-10, across National Day', async () => {
    // Act
    const res = await api('GET', '/calendar/deadline?from=2026-09-30&days=3', { as: 'citizen' });
    // Assess
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ from: '2026-09-30', days: 3, due: '2026-10-10' });
  });

  it('refuses a deadline from a date that does not exist with 400 naming the query field', async () => {
    // Act
    const res = await api('GET', '/calendar/deadline?from=2026-02-30&days=1', { as: 'staff' });
    // Assess
    expect(res.status).toBe(400);
    expect(issuesOf(res.json)).toEqual([{ field: 'query.from', rule: 'date' }]);
  });

  it('moves the deadline when an admin marks a day as holiday, and back when the override is removed', async () => {
    // Prepare: 2026-12-29 is a Tuesday no other test uses
    const before = await api('GET', '/calendar/deadline?from=2026-12-28&days=1', { as: 'staff' });
    // Act
    const put = await api('PUT', '/calendar/overrides/2026-12-29', { as: 'admin', body: { kind: 'holiday', name: '测试' } });
    let during;
    try {
      during = await api('GET', '/calendar/deadline?from=2026-12-28&days=1', { as: 'staff' });
    } finally {
      await api('DELETE', '/calendar/overrides/2026-12-29', { as: 'admin' });
    }
    const after = await api('GET', '/calendar/deadline?from=2026-12-28&days=1', { as: 'staff' });
    // Assess
    expect(put.status).toBe(200);
    expect([before.json.due, during.json.due, after.json.due]).toEqual(['2026-12-29', '2026-12-30', '2026-12-29']);
  });

  it('refuses calendar overrides from anyone but an admin, and bad dates', async () => {
    // Act
    const bySupervisor = await api('PUT', '/calendar/overrides/2026-12-30', { as: 'supervisor', body: { kind: 'holiday' } });
    const badDate = await api('PUT', '/calendar/overrides/2026-02-30', { as: 'admin', body: { kind: 'holiday' } });
    // Assess
    expect(bySupervisor.status).toBe(403);
    expect(badDate.status).toBe(400);
    expect(issuesOf(badDate.json)).toEqual([{ field: 'path.date', rule: 'date' }]);
    const cal = await api('GET', '/calendar?year=2026', { as: 'admin' });
    expect(cal.json.overrides.map((o: { date: string }) => o.date)).not.toContain('2026-12-30');
    expect(cal.json.overrides.map((o: { date: string }) => o.date)).not.toContain('2026-02-30');
  });

  it('reports 2027 as not covered and, from November 2026 on, warns that its holidays are missing', async () => {
    // Prepare
    const today = shanghaiDate(new Date());
    // Act
    const res = await api('GET', '/calendar?year=2027', { as: 'supervisor' });
    // Assess
    expect(res.status).toBe(200);
    expect(res.json.covered).toBe(false);
    expect(res.json.days.filter((d: { kind: string }) => d.kind === 'holiday')).toEqual([]);
    if (today >= '2026-11-01') expect(res.json.warning).toContain('2027年');
  });
});
