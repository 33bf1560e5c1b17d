import { describe, expect, it } from 'vitest';
import { badReviewRow, byUrgency, complaintRow, inRegion } from './caseRows.js';
import { channelRows, rankingDescription, trendDescription, trendOption } from './charts/options.js';
import { drillRegion, drillTop, drillUnit, filtersOf, requestsOf } from './dashboard/useDashboard.js';
import { mergeDecisions } from './decisions/useDecisions.js';
import { monthOf, pct, pctValue, reportCounts } from './format.js';
import { byUnit } from './notice-lists/useNoticeLists.js';
import { scoped } from './overdue/useOverdue.js';
import { bodyOf } from './reports/useReports.js';

describe('numbers', () => {
  it('shows shares as percentages and nothing counted as a dash, never 0%', () => {
    expect([pct(0.9512), pct(0), pct(1), pct(null), pct(undefined)]).toEqual(['95.1%', '0.0%', '100.0%', '—', '—']);
    expect([pctValue(0.12345), pctValue(null)]).toEqual([12.3, null]);
    expect(monthOf('2026-02-14')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(reportCounts({ ranking: 3, overdue: 1, other: 2 })).toBe('单位排名 3 条，超期和升级督办 1 条，other 2 条');
  });
});

describe('dashboard query', () => {
  it('keeps only well-formed filters from the route query', () => {
    expect(filtersOf({ region: '410421', unit: 'U-SCJG', from: '2026-11-01', to: 'yesterday', channel: 'qr' })).toEqual({
      region: '410421',
      unit: 'U-SCJG',
      from: '2026-11-01',
      channel: 'qr',
    });
    expect(filtersOf({ region: '4104', channel: 'fax', unit: ['U-GA', 'U-X'] })).toEqual({ unit: 'U-GA' });
  });

  it('drills region → unit keeping period and channel, and asks the API for one scope only', () => {
    const f = { from: '2026-11-01', to: '2026-11-30', channel: 'pad' };
    const county = drillRegion(f, '410421');
    const unit = drillUnit(filtersOf(county), 'U-410421');
    expect(county).toEqual({ ...f, region: '410421' });
    expect(unit).toEqual({ ...f, region: '410421', unit: 'U-410421' });
    expect(drillTop(filtersOf(unit))).toEqual(f);
    expect(requestsOf(filtersOf(unit))).toEqual({
      indicators: { unitId: 'U-410421', from: '2026-11-01', to: '2026-11-30', channel: 'pad' },
      coverage: { unitId: 'U-410421', from: '2026-11-01', to: '2026-11-30' },
      hotSpots: { from: '2026-11-01', to: '2026-11-30' },
    });
    expect(requestsOf({ region: '410421' }).indicators).toEqual({ regionCode: '410421' });
  });
});

describe('charts', () => {
  const rows = [
    { month: '2026-10', ratings: 0, goodRate: null, badRate: null, activeRatingRate: null, complaintOnTimeRate: null },
    { month: '2026-11', ratings: 4, goodRate: 0.75, badRate: 0.25, activeRatingRate: 0.5, complaintOnTimeRate: 1 },
  ];
  it('describes each chart in words with the numbers its table shows', () => {
    expect(trendDescription(rows)).toBe(
      '近2个月趋势折线图。2026-10：评价0条，好评率—，差评率—，主动评价率—，咨询投诉按期办结率—；2026-11：评价4条，好评率75.0%，差评率25.0%，主动评价率50.0%，咨询投诉按期办结率100.0%。',
    );
    expect(rankingDescription('单位排名', [{ name: '市市场监督管理局', value: 0.9 }])).toBe(
      '单位排名条形图，按好评率排序。第1名市市场监督管理局，好评率90.0%。',
    );
  });

  it('puts the data in the dataset, months without ratings as gaps, with aria and decals on', () => {
    const o = trendOption(rows) as { aria: { enabled: boolean; decal: { show: boolean } }; dataset: { source: Record<string, unknown>[] } };
    expect(o.aria).toMatchObject({ enabled: true, decal: { show: true } });
    expect(o.dataset.source).toEqual([
      { month: '2026-10', goodRate: null, badRate: null, activeRatingRate: null, complaintOnTimeRate: null },
      { month: '2026-11', goodRate: 75, badRate: 25, activeRatingRate: 50, complaintOnTimeRate: 100 },
    ]);
  });

  it('orders the channel mix largest first with Chinese names', () => {
    const f = (ratings: number) => ({ ratings, share: null, good: 0, bad: 0, goodRate: null, badRate: null });
    expect(channelRows({ qr: f(2), pad: f(5), sms: f(2) }).map((r) => r.name)).toEqual(['评价器', '二维码', '短信']);
  });
});

describe('case lists', () => {
  const at = 1_000_000;
  const review = (id: string, secondsLeft: number, extra: Record<string, unknown> = {}) =>
    badReviewRow({ reviewId: id, caseNumber: `C-${id}`, unitId: 'U-SCJG', regionCode: '410400', secondsLeft, overdue: secondsLeft < 0, ...extra }, at);
  it('puts overdue cases first, then the nearest deadline, and links each to its case page', () => {
    const rows = [review('a', 500), review('b', -10), complaintRow({ complaintId: 'ZX1', title: '咨询', regionCode: '410421', secondsLeft: 100 }, at)];
    expect(rows.sort(byUrgency).map((r) => [r.id, r.to])).toEqual([
      ['b', '/bad-reviews/b'],
      ['ZX1', '/complaints/ZX1'],
      ['a', '/bad-reviews/a'],
    ]);
  });

  it('narrows to a unit or to a region and below', () => {
    const rows = [review('a', 1), review('b', 1, { unitId: 'U-410421', regionCode: '410421' })];
    expect(scoped(rows, { unit: 'U-410421' }).map((r) => r.id)).toEqual(['b']);
    expect(scoped(rows, { region: '410421' }).map((r) => r.id)).toEqual(['b']);
    expect(scoped(rows, { region: '410400' }).map((r) => r.id)).toEqual(['a', 'b']);
    expect([inRegion('410421', '410000'), inRegion('420100', '410000'), inRegion(undefined, '410400')]).toEqual([true, false, false]);
  });

  it('merges the decision queue, counts each kind and keeps a failed source’s message', () => {
    const listed = { rows: [{ reviewId: 'x', secondsLeft: -5, overdue: true }], more: false, at };
    const merged = mergeDecisions([
      { type: 'appeal', label: '差评申诉复核', listed, row: badReviewRow },
      { type: 'review', label: '答复审核', error: '网络连接失败', row: complaintRow },
      { type: 'bad-extension', label: '差评延期审批', listed: { ...listed, more: true }, row: badReviewRow },
    ]);
    expect(merged.rows.map((r) => [r.id, r.waitingFor])).toEqual([
      ['x', '差评延期审批'],
      ['x', '差评申诉复核'],
    ]);
    expect(merged.counts).toMatchObject({ appeal: 1, review: 0, 'bad-extension': 1 });
    expect(merged.errors).toEqual(['答复审核：网络连接失败']);
    expect(merged.more).toEqual(['差评延期审批']);
  });
});

describe('notices and reports', () => {
  it('groups 通报 entries per unit, most entries first', () => {
    const e = (unitId: string, n: number) => ({ unitId, n });
    expect(byUnit([e('U-B', 1), e('U-A', 2), e('U-A', 3)]).map((u) => [u.unitId, u.entries.length])).toEqual([
      ['U-A', 2],
      ['U-B', 1],
    ]);
  });

  it('sends the period the report kind takes, or none for its latest period', () => {
    const form = { kind: 'biweekly' as const, from: '2026-11-02', to: '2026-11-15', month: '2026-10', year: '2025' };
    expect(bodyOf(form)).toEqual({ kind: 'biweekly', from: '2026-11-02', to: '2026-11-15' });
    expect(bodyOf({ ...form, kind: 'progress' })).toEqual({ kind: 'progress', month: '2026-10' });
    expect(bodyOf({ ...form, kind: 'year' })).toEqual({ kind: 'year', year: '2025' });
    expect(bodyOf({ kind: 'biweekly', from: '', to: '', month: '', year: '' })).toEqual({ kind: 'biweekly' });
  });
});

describe('the printable report', () => {
  it('takes the rules of every <style> element', async () => {
    const { stylesOf } = await import('./download.js');
    expect(stylesOf('<html><style>h1 { text-align: center; }</style><STYLE media="print">@page { size: A4; }</STYLE><p>x</p></html>')).toBe(
      'h1 { text-align: center; }\n@page { size: A4; }',
    );
  });
});
