/**
 * Reports (双周通报, 工作进展报告, 年度报告) on fakes: which reports fall due on which day,
 * the periods asked on demand, every section of a report's content on a small fixture, the
 * XLSX read back with exceljs, the printable page (escaped, without personal data), storage
 * and the notification, access, and the daily job's idempotency.
 */
import ExcelJS from 'exceljs';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildBadReview, type BadReview } from '../../functions/core/bad-review.js';
import type { Principal } from '../../functions/core/access.js';
import { buildComplaint, type Complaint } from '../../functions/core/complaints/complaint.js';
import type { CounterKey, CounterValues } from '../../functions/core/indicators/counters.js';
import { escapeHtml } from '../../functions/core/reports/html.js';
import type { RatingRecord } from '../../functions/core/ratings.js';
import {
  buildReportContent,
  createReport,
  downloadReport,
  dueReports,
  generateReport,
  getReport,
  isLastDayOfMonth,
  listReports,
  periodFor,
  runReportsJob,
} from '../../functions/usecases/reports.js';
import { CITY, CITY_ITEM, CITY_UNIT, COUNTY, COUNTY_ITEM, COUNTY_UNIT, domainError, principals } from '../fakes.js';
import { makeReportDeps, type ReportFakeDeps } from '../fakes-reports.js';
import { findPersonalData } from '../pii.js';

const BIWEEKLY = { kind: 'biweekly' as const, regionCode: CITY, from: '2026-11-09', to: '2026-11-22' };
const MONDAY_OPENING = '2026-11-23T06:30:00+08:00';

describe('what falls due (dueReports)', () => {
  it('gives the 双周通报 on every second Monday (the Mondays that open a 14-day 通报 period) for the 14 days just ended', () => {
    expect(dueReports('2026-11-23')).toEqual([{ kind: 'biweekly', from: '2026-11-09', to: '2026-11-22' }]);
    expect(dueReports('2026-12-07')).toEqual([{ kind: 'biweekly', from: '2026-11-23', to: '2026-12-06' }]);
    // The Mondays between: nothing (2026-11-16 is a Monday of the other parity).
    expect(dueReports('2026-11-16')).toEqual([]);
    expect(dueReports('2026-11-24')).toEqual([]);
    // Across the new year the 14-day rhythm goes on (ISO weeks would not: 2026 has 53 of them).
    expect(dueReports('2027-01-04').filter((d) => d.kind === 'biweekly')).toEqual([{ kind: 'biweekly', from: '2026-12-21', to: '2027-01-03' }]);
    expect(dueReports('2026-12-28').filter((d) => d.kind === 'biweekly')).toEqual([]);
  });

  it('gives the 工作进展报告 on the 15th and the last day of each month, for the month up to the day before', () => {
    expect(dueReports('2026-12-15')).toEqual([{ kind: 'progress', from: '2026-12-01', to: '2026-12-14' }]);
    expect(dueReports('2026-11-30')).toEqual([{ kind: 'progress', from: '2026-11-01', to: '2026-11-29' }]);
    expect(dueReports('2026-12-31')).toEqual([{ kind: 'progress', from: '2026-12-01', to: '2026-12-30' }]);
    expect(dueReports('2026-11-29')).toEqual([]);
  });

  it('knows the last day of February, leap years included', () => {
    expect(isLastDayOfMonth('2027-02-28')).toBe(true);
    expect(isLastDayOfMonth('2028-02-28')).toBe(false);
    expect(isLastDayOfMonth('2028-02-29')).toBe(true);
    expect(isLastDayOfMonth('2100-02-28')).toBe(true); // not a leap year
    expect(dueReports('2028-02-29').filter((d) => d.kind === 'progress')).toEqual([{ kind: 'progress', from: '2028-02-01', to: '2028-02-28' }]);
    expect(dueReports('2028-02-28').filter((d) => d.kind === 'progress')).toEqual([]);
    expect(dueReports('2027-02-28').filter((d) => d.kind === 'progress')).toEqual([{ kind: 'progress', from: '2027-02-01', to: '2027-02-27' }]);
  });

  it('gives the year report on 1 January for the year before', () => {
    expect(dueReports('2027-01-01')).toEqual([{ kind: 'year', from: '2026-01-01', to: '2026-12-31' }]);
  });
});

describe('the period of an on-demand report (periodFor)', () => {
  it('defaults to what the kind covers when run today', () => {
    expect(periodFor('biweekly', '2026-11-30', {})).toEqual({ from: '2026-11-09', to: '2026-11-22' });
    expect(periodFor('progress', '2026-11-30', {})).toEqual({ from: '2026-11-01', to: '2026-11-29' });
    expect(periodFor('progress', '2026-12-01', {})).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(periodFor('year', '2026-11-30', {})).toEqual({ from: '2025-01-01', to: '2025-12-31' });
  });

  it('takes from/to, a month or a year, cut at today', () => {
    expect(periodFor('progress', '2026-11-30', { from: '2026-10-03', to: '2026-10-20' })).toEqual({ from: '2026-10-03', to: '2026-10-20' });
    expect(periodFor('progress', '2026-11-30', { month: '2026-02' })).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(periodFor('progress', '2026-11-30', { month: '2026-11' })).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(periodFor('year', '2026-11-30', { year: '2026' })).toEqual({ from: '2026-01-01', to: '2026-11-30' });
  });

  it('refuses a half period, a future end, a period over a year, two ways at once, naming the field and rule', async () => {
    const issue = async (q: Parameters<typeof periodFor>[2]) => (await domainError(async () => periodFor('progress', '2026-11-30', q))).issues?.[0];
    expect(await issue({ from: '2026-11-01' })).toMatchObject({ field: 'to', rule: 'required' });
    expect(await issue({ to: '2026-11-01' })).toMatchObject({ field: 'from', rule: 'required' });
    expect(await issue({ from: '2026-11-01', to: '2026-12-01' })).toMatchObject({ field: 'to', rule: 'not_future' });
    expect(await issue({ from: '2025-01-01', to: '2026-11-01' })).toMatchObject({ field: 'from', rule: 'max_span' });
    expect(await issue({ from: '2026-11-02', to: '2026-11-01' })).toMatchObject({ field: 'from', rule: 'before_to' });
    expect(await issue({ month: '2026-10', year: '2026' })).toMatchObject({ field: 'year', rule: 'one_period' });
    expect(await issue({ month: '2027-01' })).toMatchObject({ field: 'month', rule: 'not_future' });
  });
});

// ── A small region with a fortnight of figures ────────────────────────────────

const CONTACT = { name: '王五', phone: '13900000000' };
async function addCounters(deps: ReportFakeDeps, rows: [string, string, CounterValues][]) {
  const from = await deps.counters.position('shard-1');
  const to = String(Number(from ?? 0) + 1).padStart(4, '0');
  await deps.counters.stage(
    'shard-1',
    from,
    to,
    rows.map(([dim, period, values]) => ({ key: { dim, period }, values })),
  );
  await deps.counters.fold();
}

function badReview(id: string, over: Partial<BadReview>): BadReview {
  const rating = {
    ratingId: id,
    caseNumber: `C-${id}`,
    unitId: CITY_UNIT.unitId,
    caseRegionCode: CITY,
    itemCode: CITY_ITEM.itemCode,
    level: 5,
    anonymous: false,
    receivedAt: '2026-11-10T02:00:00.000Z',
  } as unknown as RatingRecord;
  return { ...buildBadReview(rating), status: 'open', ...over };
}

function complaint(id: string, over: Partial<Complaint> & { text?: string; keys?: string[] } = {}): Complaint {
  const { text, keys, ...rest } = over;
  return {
    ...buildComplaint({
      complaintId: id,
      caseNumber: id,
      kind: 'complaint',
      source: 'portal',
      title: '不动产登记窗口排队',
      content: text ?? '不动产登记窗口排队时间太长，等了很久无人引导，王五 13900000000',
      itemCode: COUNTY_ITEM.itemCode,
      unitId: COUNTY_UNIT.unitId,
      regionCode: COUNTY,
      anonymous: false,
      contact: CONTACT,
      complainantKeys: keys ?? ['k-1'],
      receivedAt: '2026-11-12T10:00:00+08:00',
      receivedBy: 'operator-1',
      intake: {},
      skipReview: false,
    }),
    ...rest,
  };
}

/**
 * 2026-11-09 … 2026-11-22 in 410400: the city unit 10 ratings (9 good), the county unit 12
 * (all good, commended); a bad review overdue at verification, one escalated (约谈 recorded),
 * one in time; an overdue complaint and three more like it, of three people in all (a hot spot); an
 * item with completed cases and no active rating; figures after the period that must not count.
 */
async function fixture(deps: ReportFakeDeps) {
  deps.clock.set('2026-11-30T02:00:00.000Z'); // 10:00 on 30 November, Shanghai
  deps.catalog.seed('venues', { venueId: 'V-VIL', name: '前营村便民服务站', kind: 'village', regionCode: COUNTY });
  const day = 'D#2026-11-20';
  await addCounters(deps, [
    ['R#410400', day, { cases: 22, completed: 22, ratings: 22, active: 20, level1: 21, level5: 1, badReviews: 1 }],
    ['R#410421', day, { cases: 12, completed: 12, ratings: 12, active: 12, level1: 12 }],
    ['U#U-CITY', day, { cases: 10, completed: 10, ratings: 10, active: 8, level1: 9, level5: 1, badReviews: 1 }],
    ['U#U-COUNTY', day, { cases: 12, completed: 12, ratings: 12, active: 12, level1: 12 }],
    ['I#4104-01-001', day, { cases: 10, completed: 10, ratings: 10, active: 8 }],
    ['I#410421-001', day, { cases: 12, completed: 12, ratings: 12 }],
    // After the period: not in the report.
    ['R#410400', 'D#2026-11-25', { ratings: 500, level5: 500 }],
  ]);
  deps.badReviews.insert(badReview('R-LATE', { step: 'verify', stepDeadline: '2026-11-27T09:00:00.000Z', deadlines: { verify: '2026-11-27T09:00:00.000Z' } }));
  const escalated = badReview('R-ESC', {
    step: 'escalated',
    overdueStep: 'rectify',
    stepDeadline: '2026-12-04T09:00:00.000Z',
    deadlines: { rectify: '2026-11-16T09:00:00.000Z', escalated: '2026-12-04T09:00:00.000Z' },
    taskOrders: [
      {
        n: 1,
        kind: 'auto',
        overdueStep: 'rectify',
        content: 'x',
        issuedAt: '2026-11-16T09:00:00.000Z',
        issuedBy: 'system',
        deadline: '2026-11-19T09:00:00.000Z',
        status: 'overdue',
      },
    ],
    escalations: [
      {
        n: 1,
        at: '2026-11-19T09:00:00.000Z',
        overdueStep: 'rectify',
        noticePeriod: '2026-11-09',
        proposal: '约谈',
        outcome: { kind: 'interview', note: '已约谈分管负责人张三丰，电话13912345678', by: 'sup-city', at: '2026-11-21T02:00:00.000Z' },
      },
    ],
  });
  deps.badReviews.insert(escalated);
  await deps.badReviews.addNotice({
    period: '2026-11-09',
    unitId: CITY_UNIT.unitId,
    regionCode: CITY,
    caseId: 'R-ESC',
    caseNumber: 'C-R-ESC',
    escalation: 1,
    at: '2026-11-19T09:00:00.000Z',
  });
  deps.badReviews.insert(
    badReview('R-FINE', { step: 'rectify', stepDeadline: '2026-12-03T09:00:00.000Z', deadlines: { rectify: '2026-12-03T09:00:00.000Z' } }),
  );
  deps.complaints.insert(
    complaint('ZX-LATE', { status: 'open', step: 'handle', stepDeadline: '2026-11-25T15:59:59.000Z', deadlines: { handle: '2026-11-25T15:59:59.000Z' } }),
  );
  deps.complaints.insert(complaint('ZX-H1', { status: 'closed', keys: ['k-1'], text: '不动产登记窗口排队时间太长，等了三个小时' }));
  deps.complaints.insert(
    complaint('ZX-H2', { status: 'closed', keys: ['k-2'], text: '不动产登记窗口排队时间太长，上午等了两个小时', receivedAt: '2026-11-13T10:00:00+08:00' }),
  );
  deps.complaints.insert(
    complaint('ZX-H3', { status: 'closed', keys: ['k-3'], text: '不动产登记窗口排队时间太长没人管', receivedAt: '2026-11-14T10:00:00+08:00' }),
  );
}

describe('report content', () => {
  let deps: ReportFakeDeps;
  beforeEach(async () => {
    deps = makeReportDeps();
    await fixture(deps);
  });

  it('holds each section, from the period’s counters and the region’s open cases', async () => {
    const { content, reads } = await buildReportContent(deps, BIWEEKLY);
    // Headline indicators: the period only (the 500 bad ratings of 25 November are outside it).
    expect(content.headline).toMatchObject({ ratings: 22, badReviews: 1, goodRate: 0.9545, activeRatingRate: 0.9091 });
    expect(content.children).toEqual([expect.objectContaining({ regionCode: COUNTY, name: '宝丰县' })]);
    // Unit ranking: the county centre (100% good) before the city bureau (90%).
    expect(content.ranking.map((u) => [u.rank, u.unitId, u.indicators.goodRate])).toEqual([
      [1, COUNTY_UNIT.unitId, 1],
      [2, CITY_UNIT.unitId, 0.9],
    ]);
    // Overdue and escalated, most overdue first, in Shanghai days to 30 November: the escalated review (rectification due 16th), the complaint (due 25th, 23:59), the verification (27th).
    expect(content.overdue.map((r) => [r.type, r.id, r.daysOverdue, r.escalations])).toEqual([
      ['差评', 'R-ESC', 14, 1],
      ['投诉', 'ZX-LATE', 5, 0],
      ['差评', 'R-LATE', 3, 0],
    ]);
    expect(content.overdue[0]).toMatchObject({ unitName: CITY_UNIT.name, itemName: CITY_ITEM.name, step: '督办升级', taskOrders: 1 });
    expect(content.overdueTruncated).toBe(false);
    // The 通报 list of the period with its outcome (约谈), never the outcome's note.
    expect(content.notices).toEqual([
      expect.objectContaining({ period: '2026-11-09', unitName: CITY_UNIT.name, type: '差评', id: 'R-ESC', escalation: 1, outcome: '约谈' }),
    ]);
    // Commended: the county centre only (≥ 10 ratings, 100% good, no escalation).
    expect(content.commended.map((u) => u.unitId)).toEqual([COUNTY_UNIT.unitId]);
    // Hot spot: the four queue complaints (the overdue one too) of three people about the county item, with its topic words.
    expect(content.hotSpots).toEqual([
      expect.objectContaining({ size: 4, people: 3, topTerms: expect.arrayContaining(['排队']), unitName: COUNTY_UNIT.name, itemName: COUNTY_ITEM.name }),
    ]);
    expect(content.complaintsAnalysed).toBe(4);
    // Coverage gaps: the county item with completed cases and no active rating; the village point without a QR code.
    expect(content.coverage.gaps).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: '有办件无主动评价的事项', name: COUNTY_ITEM.name, detail: '办结 12 件' }),
        expect.objectContaining({ type: '未张贴评价二维码的站点', name: '前营村便民服务站' }),
      ]),
    );
    expect(reads).toMatchObject({ openCases: 4, noticeEntries: 1, noticeCases: 1, complaintsAnalysed: 4 });
  });

  it('a supervisor’s region and below only: a county report leaves the city unit and its cases out', async () => {
    const { content } = await buildReportContent(deps, { ...BIWEEKLY, regionCode: COUNTY });
    expect(content.ranking.map((u) => u.unitId)).toEqual([COUNTY_UNIT.unitId]);
    expect(content.overdue.map((r) => r.id)).toEqual(['ZX-LATE']);
    expect(content.notices).toEqual([]);
  });

  it('a city-year report reads month counters (and bounded lists), never a day of them nor a rating', async () => {
    const keys: CounterKey[] = [];
    const read = deps.counters.read.bind(deps.counters);
    deps.counters.read = async (k) => {
      keys.push(...k);
      return read(k);
    };
    await addCounters(deps, [['R#410400', 'M#2025-06', { ratings: 7, level1: 7 }]]);
    const { content, reads } = await buildReportContent(deps, { kind: 'year', regionCode: CITY, from: '2025-01-01', to: '2025-12-31' });
    expect(content.headline.ratings).toBe(7);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((k) => !k.period.startsWith('M#'))).toEqual([]);
    // Region, its child, its two units, four items (coverage): 12 months each, plus the trend (six months, already among them).
    expect(reads.counters).toBeLessThanOrEqual(12 * 8 + 6);
  });
});

describe('generating, storing and announcing a report', () => {
  let deps: ReportFakeDeps;
  beforeEach(async () => {
    deps = makeReportDeps();
    await fixture(deps);
  });

  it('writes the XLSX and the page, the record with its counts, and tells the region’s supervisors once', async () => {
    const { outcome, report } = await generateReport(deps, BIWEEKLY, 'demand');
    expect(outcome).toBe('created');
    expect(report).toMatchObject({
      reportId: 'biweekly-410400-2026-11-09-2026-11-22',
      kind: 'biweekly',
      regionCode: CITY,
      regionName: '平顶山市',
      status: 'ready',
      title: '平顶山市政务服务好差评双周通报（2026-11-09至2026-11-22）',
      counts: { headline: 25, children: 1, ranking: 2, overdue: 3, notices: 1, commended: 1, hotSpots: 1, coverage: 2 },
    });
    expect([...deps.files.objects.keys()].sort()).toEqual([
      'reports/biweekly-410400-2026-11-09-2026-11-22.html',
      'reports/biweekly-410400-2026-11-09-2026-11-22.xlsx',
    ]);
    expect(deps.notifier.sent).toEqual([
      expect.objectContaining({
        id: `report-${report.reportId}`,
        audience: { kind: 'supervisors', regionCode: CITY },
        title: '双周通报已生成',
        subject: report.reportId,
      }),
    ]);
  });

  it('a second run with the same content moves only updatedAt: no file written, nothing sent', async () => {
    const first = await generateReport(deps, BIWEEKLY, 'schedule');
    const filesBefore = new Map(deps.files.objects);
    deps.clock.set('2026-11-30T03:00:00.000Z');
    const second = await generateReport(deps, BIWEEKLY, 'schedule');
    expect(second.outcome).toBe('unchanged');
    const { updatedAt, ...rest } = second.report;
    const { updatedAt: before, ...restBefore } = first.report;
    expect(rest).toEqual(restBefore);
    expect(updatedAt > before).toBe(true);
    for (const [k, v] of deps.files.objects) expect(v).toBe(filesBefore.get(k)); // the same objects: not written again
    expect(deps.notifier.sent).toHaveLength(1);
  });

  it('a run after the figures changed replaces the report (same id, new files), still one notification', async () => {
    const first = await generateReport(deps, BIWEEKLY, 'schedule');
    await addCounters(deps, [['R#410400', 'D#2026-11-21', { ratings: 1, level3: 1 }]]);
    const second = await generateReport(deps, BIWEEKLY, 'demand');
    expect(second.outcome).toBe('replaced');
    expect(second.report.reportId).toBe(first.report.reportId);
    expect(second.report.createdAt).toBe(first.report.createdAt);
    expect(second.report.contentHash).not.toBe(first.report.contentHash);
    expect(deps.reports.records.size).toBe(1);
    expect(deps.notifier.sent).toHaveLength(1);
  });
});

describe('the renderings', () => {
  let deps: ReportFakeDeps;
  beforeEach(async () => {
    deps = makeReportDeps();
    await fixture(deps);
  });

  it('XLSX: one sheet per section with the title row, region and period, Chinese headers, numbers as numbers', async () => {
    const { report } = await generateReport(deps, BIWEEKLY, 'demand');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(deps.files.objects.get(report.files.xlsx.key)!.data as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual([
      '主要指标',
      '下级区划',
      '单位排名',
      '超期和升级督办',
      '通报名单及约谈',
      '通报表彰',
      '投诉热点',
      '覆盖缺口',
    ]);
    const ranking = wb.getWorksheet('单位排名')!;
    expect(ranking.getCell('A1').value).toBe(report.title);
    expect(ranking.getCell('A2').value).toBe('行政区划：平顶山市（410400）　统计期间：2026-11-09 至 2026-11-22');
    expect(ranking.getCell('A3').value).toBe('三、单位排名（按好评率、按期整改率、咨询投诉按期办结率）');
    expect((ranking.getRow(4).values as unknown[]).slice(1)).toEqual([
      '名次',
      '单位',
      '评价数',
      '主动评价率',
      '好评率',
      '差评率',
      '整改率',
      '按期整改率',
      '咨询投诉按期办结率',
      '升级督办',
    ]);
    expect(ranking.getCell('B5').value).toBe(COUNTY_UNIT.name);
    expect(ranking.getCell('E6').value).toBe(0.9);
    expect(ranking.getCell('E6').numFmt).toBe('0.00%');
    expect(ranking.getColumn(2).width).toBe(28);
    const headline = wb.getWorksheet('主要指标')!;
    expect(headline.getCell('A5').value).toBe('办件量');
    expect(headline.getCell('B5').value).toBe(22);
    const overdue = wb.getWorksheet('超期和升级督办')!;
    expect(overdue.getCell('B5').value).toBe('R-ESC');
    expect(overdue.getCell('H5').value).toBe(14);
  });

  it('the printable page: A4 print CSS, no script, every text escaped, no personal data in either file', async () => {
    deps.catalog.seed('units', { ...CITY_UNIT, name: '<script>alert("市局")</script>&\'' });
    const { report } = await generateReport(deps, BIWEEKLY, 'demand');
    const html = deps.files.objects.get(report.files.html.key)!.data.toString('utf8');
    expect(html).toContain('@page { size: A4');
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).not.toMatch(/<script|javascript:|\son\w+=/i);
    expect(html).toContain(escapeHtml('<script>alert("市局")</script>&\''));
    expect(html).toContain('&lt;script&gt;alert(&quot;市局&quot;)&lt;/script&gt;&amp;&#39;');
    const xlsx = await new ExcelJS.Workbook().xlsx.load(deps.files.objects.get(report.files.xlsx.key)!.data as unknown as ArrayBuffer);
    const cells: string[] = [];
    for (const ws of xlsx.worksheets) ws.eachRow((row) => row.eachCell((c) => cells.push(String(c.value))));
    for (const text of [html, cells.join('\n')]) {
      expect(findPersonalData(text)).toEqual([]);
      for (const personal of ['王五', '张三丰', '13900000000', '13912345678', '等了三个小时', '已约谈分管负责人']) expect(text).not.toContain(personal);
    }
  });
});

describe('access and the on-demand routes’ use cases', () => {
  let deps: ReportFakeDeps;
  beforeEach(async () => {
    deps = makeReportDeps();
    await fixture(deps);
  });
  const sup = principals.supervisor as Principal;
  const county = principals.countySupervisor as Principal;

  it('supervisors report on their region and below; units may not; admins must name a region', async () => {
    expect((await createReport(deps, sup, { kind: 'biweekly' })).report.regionCode).toBe(CITY);
    expect((await createReport(deps, sup, { kind: 'progress', regionCode: COUNTY, month: '2026-11' })).report).toMatchObject({
      regionCode: COUNTY,
      from: '2026-11-01',
      to: '2026-11-30',
    });
    expect((await domainError(() => createReport(deps, county, { kind: 'biweekly', regionCode: CITY }))).code).toBe('NOT_FOUND');
    expect((await domainError(() => createReport(deps, principals.staff as Principal, { kind: 'biweekly' }))).code).toBe('FORBIDDEN');
    expect((await domainError(() => createReport(deps, principals.admin as Principal, { kind: 'biweekly' }))).issues?.[0]).toMatchObject({
      field: 'regionCode',
      rule: 'required',
    });
    expect((await createReport(deps, principals.admin as Principal, { kind: 'year', regionCode: COUNTY })).report.from).toBe('2025-01-01');
  });

  it('lists per region newest period first; a county supervisor sees neither the city’s list nor its reports', async () => {
    await createReport(deps, sup, { kind: 'biweekly' });
    await createReport(deps, sup, { kind: 'progress', from: '2026-11-01', to: '2026-11-29' });
    await createReport(deps, sup, { kind: 'biweekly', regionCode: COUNTY });
    const list = await listReports(deps, sup, {});
    expect(list.items.map((r) => r.reportId)).toEqual(['progress-410400-2026-11-01-2026-11-29', 'biweekly-410400-2026-11-09-2026-11-22']);
    expect(list.items[0]).not.toHaveProperty('contentHash');
    expect(JSON.stringify(list)).not.toContain('reports/');
    expect((await listReports(deps, county, {})).items.map((r) => r.regionCode)).toEqual([COUNTY]);
    expect((await listReports(deps, principals.admin as Principal, {})).items).toHaveLength(3);
    expect((await domainError(() => listReports(deps, county, { regionCode: CITY }))).code).toBe('NOT_FOUND');
    expect((await domainError(() => getReport(deps, county, 'biweekly-410400-2026-11-09-2026-11-22'))).code).toBe('NOT_FOUND');
    expect((await getReport(deps, sup, 'biweekly-410421-2026-11-09-2026-11-22')).regionCode).toBe(COUNTY);
    expect((await domainError(() => getReport(deps, sup, '../etc/passwd'))).code).toBe('NOT_FOUND');
  });

  it('downloads carry the Chinese file name beside an ASCII one', async () => {
    const { report } = await createReport(deps, sup, { kind: 'biweekly' });
    const file = await downloadReport(deps, sup, report.reportId, 'xlsx');
    expect(file).toMatchObject({
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      disposition: 'attachment',
      fileName: 'report-biweekly-410400-2026-11-09-2026-11-22.xlsx',
      originalName: '平顶山市政务服务好差评双周通报（2026-11-09至2026-11-22）.xlsx',
    });
    expect((await downloadReport(deps, sup, report.reportId, 'html')).contentType).toBe('text/html; charset=utf-8');
  });
});

describe('the daily job', () => {
  it('on a Monday that opens a 通报 period builds the 双周通报 of the city and each county; a re-run changes nothing but updatedAt', async () => {
    const deps = makeReportDeps();
    await fixture(deps);
    deps.clock.set(MONDAY_OPENING);
    const first = await runReportsJob(deps);
    expect(first).toEqual({
      date: '2026-11-23',
      due: ['biweekly'],
      reports: [
        { reportId: 'biweekly-410400-2026-11-09-2026-11-22', outcome: 'created' },
        { reportId: 'biweekly-410421-2026-11-09-2026-11-22', outcome: 'created' },
      ],
    });
    const records = [...deps.reports.records.values()];
    const files = new Map(deps.files.objects);
    deps.clock.set('2026-11-23T07:30:00+08:00');
    const again = await runReportsJob(deps);
    expect(again.reports.map((r) => r.outcome)).toEqual(['unchanged', 'unchanged']);
    const strip = ({ updatedAt: _u, ...r }: { updatedAt: string }) => r;
    expect([...deps.reports.records.values()].map(strip)).toEqual(records.map(strip));
    expect(deps.files.objects).toEqual(files);
    expect(deps.notifier.sent.map((n) => n.audience)).toEqual([
      { kind: 'supervisors', regionCode: CITY },
      { kind: 'supervisors', regionCode: COUNTY },
    ]);
  });

  it('does nothing on a day nothing is due', async () => {
    const deps = makeReportDeps();
    deps.clock.set('2026-11-24T06:30:00+08:00');
    expect(await runReportsJob(deps)).toEqual({ date: '2026-11-24', due: [], reports: [] });
    expect(deps.reports.puts).toEqual([]);
  });
});
