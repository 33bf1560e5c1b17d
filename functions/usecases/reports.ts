import { createHash } from 'node:crypto';
import { type Principal, regionContains, requireRole } from '../core/access.js';
import { addCalendarDays, shanghaiDate } from '../core/calendar.js';
import type { Region } from '../core/catalog.js';
import { KIND_NAMES } from '../core/complaints/complaint.js';
import { invalid, notFound } from '../core/errors.js';
import { type CounterKey, type CounterValues, counterId } from '../core/indicators/counters.js';
import { renderHtml } from '../core/reports/html.js';
import {
  KIND_TITLES,
  type NoticeRow,
  type OverdueRow,
  type ReportContent,
  type ReportKind,
  reportLayout,
  reportTitle,
  sectionCounts,
} from '../core/reports/layout.js';
import { logger } from '../observability.js';
import type { CounterStore } from '../ports/counters.js';
import type { ReportRecord } from '../ports/reports.js';
import { stepName } from '../supervision/definition.js';
import { behindSchedule, isLadderStep, type NoticeEntry, noticePeriod, type SupervisedCase } from '../supervision/model.js';
import { BAD_REVIEW } from './bad-review-definition.js';
import { COMPLAINT } from './complaint-definition.js';
import { hotSpots } from './complaints.js';
import { coverageOf } from './coverage.js';
import type { ReportDeps } from './deps.js';
import { commendedUnits, getIndicators } from './indicators.js';

/**
 * Reports (通报与报告): the bi-weekly notice (双周通报), the progress report due on the 15th
 * and on the last day of each month (工作进展报告) and the city-year report (年度报告), for a
 * region and a period, built on schedule (runReportsJob) or on demand (createReport). The
 * content comes from the indicator counters (never from the ratings), the open supervised
 * cases of the region, its 通报 lists and their outcomes, the complaint hot spots and the
 * coverage gaps — every read bounded — and is laid out once (core/reports/layout.ts) for
 * the XLSX workbook and the printable page. Both files go to the FileStore, the record to
 * the table under an id made of kind, region and period: running the same report again
 * replaces it (and, when nothing changed, only its `updatedAt` moves).
 */

type D<K extends keyof ReportDeps> = Pick<ReportDeps, K>;

/** Open cases of each kind a report reads, at most (the report says when the list was cut short). */
export const MAX_OPEN_CASES = 2000;
/** 通报 entries whose outcome a report looks up, at most. */
export const MAX_NOTICE_ENTRIES = 500;
/** Longest period of a report (the indicators' limit). */
const MAX_SPAN_DAYS = 366;

// ── Periods and schedule ─────────────────────────────────────────────────────

export interface ReportSpec {
  kind: ReportKind;
  regionCode: string;
  from: string;
  to: string;
}

/** `biweekly-410400-2026-11-16-2026-11-29`: the same kind, region and period is the same report. */
export const reportIdOf = (s: ReportSpec) => `${s.kind}-${s.regionCode}-${s.from}-${s.to}`;
export const REPORT_ID = /^(biweekly|progress|year)-(\d{6}|\d{9}|\d{12})-(\d{4}-\d{2}-\d{2})-(\d{4}-\d{2}-\d{2})$/;

export const isLastDayOfMonth = (date: string) => addCalendarDays(date, 1).endsWith('-01');

/** The first day of a month `YYYY-MM` + k months. */
const monthStart = (month: string, k = 0) => {
  const [y = 0, m = 1] = month.split('-').map(Number);
  const t = y * 12 + (m - 1) + k;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}-01`;
};

/**
 * What falls due on a Shanghai date (the daily job runs early in the morning, so every
 * period ends the day before, the last whole day):
 * - 双周通报 on the Mondays that open a bi-weekly 通报 period (14-day periods counted from
 *   Monday 2026-01-05, the periods of the 通报 list: every second Monday), for the 14 days
 *   just ended — exactly the 通报 period that closed the day before;
 * - 工作进展报告 on the 15th and on the last day of each month (28/29 February), for the
 *   month to date: from the 1st to the day before;
 * - 年度报告 on 1 January, for the year before.
 */
export function dueReports(date: string): Omit<ReportSpec, 'regionCode'>[] {
  const yesterday = addCalendarDays(date, -1);
  const due: Omit<ReportSpec, 'regionCode'>[] = [];
  if (noticePeriod(date) === date) due.push({ kind: 'biweekly', from: addCalendarDays(date, -14), to: yesterday });
  if (date.endsWith('-15') || isLastDayOfMonth(date)) due.push({ kind: 'progress', from: `${date.slice(0, 7)}-01`, to: yesterday });
  if (date.endsWith('-01-01')) due.push({ kind: 'year', from: `${Number(date.slice(0, 4)) - 1}-01-01`, to: yesterday });
  return due;
}

export interface PeriodQuery {
  from?: string;
  to?: string;
  /** `YYYY-MM`: that month (up to today for the current one). */
  month?: string;
  /** `YYYY`: that year (up to today for the current one). */
  year?: string;
}

/**
 * The period of an on-demand report: `from`–`to` (both; not after today; at most a year), a
 * `month` or a `year` (cut at today); otherwise what the kind covers when run today — the
 * last whole 通报 period, the month to yesterday (the month before on the 1st), the year before.
 */
export function periodFor(kind: ReportKind, today: string, q: PeriodQuery): { from: string; to: string } {
  const given = (['from', 'to', 'month', 'year'] as const).filter((k) => q[k] !== undefined);
  if (given.length > 1 && !(given.length === 2 && q.from && q.to)) throw invalid(given[1]!, 'one_period', '期间只能用 from/to、month、year 中的一种方式指定');
  let from: string;
  let to: string;
  if (q.from || q.to) {
    if (!q.from) throw invalid('from', 'required', '指定了结束日期时也须指定开始日期');
    if (!q.to) throw invalid('to', 'required', '指定了开始日期时也须指定结束日期');
    if (q.to > today) throw invalid('to', 'not_future', '结束日期不能晚于今天');
    ({ from, to } = { from: q.from, to: q.to });
  } else if (q.month) {
    from = `${q.month}-01`;
    to = addCalendarDays(monthStart(q.month, 1), -1);
    if (from > today) throw invalid('month', 'not_future', '月份不能晚于本月');
    if (to > today) to = today;
  } else if (q.year) {
    from = `${q.year}-01-01`;
    to = `${q.year}-12-31`;
    if (from > today) throw invalid('year', 'not_future', '年份不能晚于今年');
    if (to > today) to = today;
  } else if (kind === 'biweekly') {
    const current = noticePeriod(today);
    ({ from, to } = { from: addCalendarDays(current, -14), to: addCalendarDays(current, -1) });
  } else if (kind === 'progress') {
    const yesterday = addCalendarDays(today, -1);
    ({ from, to } = { from: `${yesterday.slice(0, 7)}-01`, to: yesterday });
  } else {
    const year = Number(today.slice(0, 4)) - 1;
    ({ from, to } = { from: `${year}-01-01`, to: `${year}-12-31` });
  }
  if (from > to) throw invalid('from', 'before_to', '开始日期不能晚于结束日期');
  if (from < addCalendarDays(to, -(MAX_SPAN_DAYS - 1))) throw invalid('from', 'max_span', `统计期间最长 ${MAX_SPAN_DAYS} 天`);
  return { from, to };
}

// ── Building a report ────────────────────────────────────────────────────────

/** Counters read through a per-report cache (the ranking and the commendation list read the same keys), counting the items read. */
function cachedCounters(store: CounterStore) {
  const cache = new Map<string, Promise<CounterValues>>();
  const counters: CounterStore = {
    position: (shardId) => store.position(shardId),
    stage: () => Promise.reject(new Error('a report only reads the counters')),
    fold: () => Promise.reject(new Error('a report only reads the counters')),
    async read(keys: readonly CounterKey[]) {
      const missing = [...new Map(keys.filter((k) => !cache.has(counterId(k))).map((k) => [counterId(k), k])).values()];
      if (missing.length) {
        const rows = store.read(missing);
        for (const [i, k] of missing.entries())
          cache.set(
            counterId(k),
            rows.then((r) => r[i] ?? {}),
          );
      }
      return Promise.all(keys.map((k) => cache.get(counterId(k))!));
    },
  };
  return { counters, read: () => cache.size };
}

/** Open cases of a region behind schedule or escalated, reading at most `max` open cases. */
async function openLaggards<C extends SupervisedCase>(
  list: (q: { regionCode: string; cursor?: string; limit: number }) => Promise<{ items: C[]; next?: string }>,
  regionCode: string,
  at: Date,
  max: number,
) {
  const out: C[] = [];
  let read = 0;
  let cursor: string | undefined;
  do {
    const page = await list({ regionCode, cursor, limit: Math.min(200, max - read) });
    read += page.items.length;
    out.push(...page.items.filter((c) => behindSchedule(c, at) || c.escalations.length > 0));
    cursor = page.next;
  } while (cursor && read < max);
  return { items: out, read, truncated: !!cursor };
}

const daysBetween = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);

/** The deadline a case missed: the overdue step's while on the ladder, else the current step's. */
const missedDeadline = (c: SupervisedCase) => (isLadderStep(c.step) && c.overdueStep ? (c.deadlines[c.overdueStep] ?? c.stepDeadline) : c.stepDeadline);

const OUTCOMES = { interview: '约谈', notice: '通报', none: '不予处理' } as const;

/**
 * Assembles the content of one report: indicators, ranking and commendation from the
 * counters; the open cases behind schedule or escalated; the 通报 lists of every 通报
 * period the report's period touches, with each escalation's outcome; hot spots; coverage.
 */
export async function buildReportContent(deps: Omit<ReportDeps, 'reports' | 'files' | 'notifier' | 'spreadsheet'>, spec: ReportSpec) {
  const region = await deps.catalog.get('regions', spec.regionCode);
  if (!region) throw notFound('行政区划');
  const at = deps.clock.now();
  const asOf = shanghaiDate(at);
  // The report reads as the region's supervisor would: that region and below, nothing else.
  const p: Principal = { sub: 'system:reports', role: 'supervisor', regionCode: region.code, name: '报告生成' };
  const { counters, read: countersRead } = cachedCounters(deps.counters);
  const d = { ...deps, counters };
  const period = { regionCode: region.code, from: spec.from, to: spec.to };

  const [view, commended, spots, coverage, reviews, complaints, notices] = await Promise.all([
    getIndicators(d, p, period),
    commendedUnits(d, p, period),
    hotSpots(d, p, { from: spec.from, to: spec.to }),
    coverageOf(d, p, period),
    openLaggards((q) => deps.badReviews.listOpen(q), region.code, at, MAX_OPEN_CASES),
    openLaggards((q) => deps.complaints.listOpen(q), region.code, at, MAX_OPEN_CASES),
    noticesOf(deps, region.code, spec.from, spec.to),
  ]);

  // Names: the region's units come with the indicators; other units and items are read once each.
  const unitNames = new Map(view.units.map((u) => [u.unitId, u.name]));
  const itemNames = new Map<string, string | undefined>();
  let catalogReads = 0;
  const unitName = async (id: string) => {
    if (!unitNames.has(id)) {
      catalogReads++;
      unitNames.set(id, (await deps.catalog.get('units', id))?.name ?? id);
    }
    return unitNames.get(id)!;
  };
  const itemName = async (code: string | undefined) => {
    if (!code) return undefined;
    if (!itemNames.has(code)) {
      catalogReads++;
      itemNames.set(code, (await deps.catalog.get('items', code))?.name ?? code);
    }
    return itemNames.get(code);
  };

  const overdueRow = async (
    type: string,
    id: string,
    c: SupervisedCase,
    step: string,
    itemCode: string | undefined,
    caseNumber?: string,
  ): Promise<OverdueRow> => {
    const deadline = missedDeadline(c);
    const late = deadline !== undefined && Date.parse(deadline) < at.getTime();
    return {
      type,
      id,
      ...(caseNumber ? { caseNumber } : {}),
      unitId: c.unitId,
      unitName: c.unitId ? await unitName(c.unitId) : '（待派单）',
      itemName: await itemName(itemCode),
      step,
      ...(deadline ? { deadline } : {}),
      daysOverdue: late && deadline ? Math.max(0, daysBetween(shanghaiDate(deadline), asOf)) : 0,
      taskOrders: c.taskOrders.length,
      escalations: c.escalations.length,
    };
  };
  const overdue = [
    ...(await Promise.all(reviews.items.map((c) => overdueRow('差评', c.reviewId, c, stepName(BAD_REVIEW, c.step), c.itemCode, c.caseNumber)))),
    ...(await Promise.all(
      complaints.items.map((c) => overdueRow(KIND_NAMES[c.kind], c.complaintId, c, stepName(COMPLAINT, c.step), c.itemCode, c.relatedCaseNumber)),
    )),
  ].sort((a, b) => b.daysOverdue - a.daysOverdue || b.escalations - a.escalations || a.id.localeCompare(b.id));

  const noticeRows: NoticeRow[] = await Promise.all(
    notices.entries.map(async ({ e, type, c }) => {
      const outcome = c?.escalations.find((x) => x.n === e.escalation)?.outcome;
      return {
        period: e.period,
        unitId: e.unitId,
        unitName: await unitName(e.unitId),
        type,
        id: e.caseId,
        escalation: e.escalation,
        at: e.at,
        outcome: outcome ? OUTCOMES[outcome.kind] : '待处理',
        ...(outcome ? { outcomeAt: outcome.at } : {}),
      };
    }),
  );

  const hot = await Promise.all(
    spots.hotSpots.map(async (h) => ({
      id: h.id,
      unitName: h.unitId ? await unitName(h.unitId) : undefined,
      itemName: await itemName(h.itemCode),
      size: h.size,
      people: h.people,
      topTerms: h.topTerms,
      firstAt: h.firstAt,
      lastAt: h.lastAt,
      rising: h.trend.lastWeekRose,
    })),
  );

  const content: ReportContent = {
    reportId: reportIdOf(spec),
    kind: spec.kind,
    region: { code: region.code, name: region.name },
    from: view.from,
    to: view.to,
    asOf,
    headline: view.indicators,
    children: view.children,
    ranking: view.units.map(({ rank, unitId, name, indicators }) => ({ rank, unitId, name, indicators })),
    overdue,
    overdueTruncated: reviews.truncated || complaints.truncated,
    notices: noticeRows,
    commended: commended.items,
    hotSpots: hot,
    complaintsAnalysed: spots.analysed,
    coverage: {
      itemCoverageRate: coverage.itemCoverageRate,
      itemIncidenceRate: coverage.itemIncidenceRate,
      deviceCoverageRate: coverage.deviceCoverageRate,
      qrCoverageRate: coverage.qrCoverageRate,
      gaps: [
        ...coverage.gaps.items.map((g) => ({
          type: '有办件无主动评价的事项',
          name: g.itemName,
          unitName: g.unitName,
          regionName: g.regionName,
          detail: `办结 ${g.completed} 件`,
        })),
        ...coverage.gaps.windowsWithoutPad.map((g) => ({
          type: '未配评价器的窗口',
          name: `${g.venueName} ${g.windowName}`,
          unitName: g.unitName,
          regionName: g.regionName,
          detail: g.device === 'terminal' ? '仅有自助终端，未配评价器' : '大厅窗口应配评价器',
        })),
        ...coverage.gaps.pointsWithoutQr.map((g) => ({
          type: '未张贴评价二维码的站点',
          name: g.venueName,
          regionName: g.regionName,
          detail: g.kind === 'township' ? '便民服务中心' : '便民服务站',
        })),
      ],
    },
  };
  const reads = {
    counters: countersRead(),
    openCases: reviews.read + complaints.read,
    noticeEntries: notices.entries.length,
    noticeCases: notices.casesRead,
    complaintsAnalysed: spots.analysed,
    catalog: catalogReads + coverage.read.catalog,
  };
  return { content, reads };
}

/** The 通报 lists (bad reviews and complaints) of every 通报 period that overlaps from–to, with the case of each entry for its outcome. */
async function noticesOf(deps: D<'badReviews' | 'complaints'>, regionCode: string, from: string, to: string) {
  const periods: string[] = [];
  for (let p = noticePeriod(from); p <= to; p = addCalendarDays(p, 14)) periods.push(p);
  const lists = await Promise.all(
    periods.flatMap((p) => [
      deps.badReviews.listNotices(p, { regionCode }).then((es) => es.map((e) => ({ e, kind: 'review' as const }))),
      deps.complaints.listNotices(p, { regionCode }).then((es) => es.map((e) => ({ e, kind: 'complaint' as const }))),
    ]),
  );
  const all = lists.flat().slice(0, MAX_NOTICE_ENTRIES);
  const ids = [...new Set(all.map(({ e, kind }) => `${kind}:${e.caseId}`))];
  const cases = new Map<string, SupervisedCase | undefined>(
    await Promise.all(
      ids.map(async (key): Promise<[string, SupervisedCase | undefined]> => {
        const id = key.slice(key.indexOf(':') + 1);
        return [key, key.startsWith('review:') ? await deps.badReviews.get(id) : await deps.complaints.get(id)];
      }),
    ),
  );
  const entries = all
    .map(({ e, kind }) => ({ e, type: kind === 'review' ? '差评' : '咨询投诉', c: cases.get(`${kind}:${e.caseId}`) }))
    .sort((a, b) => a.e.period.localeCompare(b.e.period) || a.e.unitId.localeCompare(b.e.unitId) || a.e.at.localeCompare(b.e.at));
  return { entries: entries as { e: NoticeEntry; type: string; c: SupervisedCase | undefined }[], casesRead: ids.length };
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HTML_TYPE = 'text/html; charset=utf-8';
const fileKeys = (reportId: string) => ({ xlsx: `reports/${reportId}.xlsx`, html: `reports/${reportId}.html` });

/**
 * Builds, stores and announces one report. Same content as the stored one: only `updatedAt`
 * moves (no file is written, nothing is sent). Otherwise both files are written, then the
 * record; a new report is announced to the region's supervisors (one notification, id
 * `report-{reportId}`: the inbox keeps it once however often it is sent).
 */
export async function generateReport(deps: ReportDeps, spec: ReportSpec, trigger: ReportRecord['trigger']) {
  const started = Date.now();
  const { content, reads } = await buildReportContent(deps, spec);
  const layout = reportLayout(content);
  const contentHash = createHash('sha256').update(JSON.stringify(layout)).digest('hex');
  const now = deps.clock.now().toISOString();
  const existing = await deps.reports.get(content.reportId);
  if (existing && existing.contentHash === contentHash) {
    const record = { ...existing, updatedAt: now };
    await deps.reports.put(record);
    return { outcome: 'unchanged' as const, report: record };
  }
  const html = Buffer.from(renderHtml(layout), 'utf8');
  const xlsx = await deps.spreadsheet.xlsx(layout);
  const keys = fileKeys(content.reportId);
  await Promise.all([deps.files.put(keys.xlsx, xlsx, XLSX_TYPE), deps.files.put(keys.html, html, HTML_TYPE)]);
  const record: ReportRecord = {
    reportId: content.reportId,
    kind: spec.kind,
    regionCode: content.region.code,
    regionName: content.region.name,
    from: content.from,
    to: content.to,
    title: layout.title,
    status: 'ready',
    trigger,
    counts: sectionCounts(layout),
    reads,
    files: { xlsx: { key: keys.xlsx, bytes: xlsx.length }, html: { key: keys.html, bytes: html.length } },
    contentHash,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
  await deps.reports.put(record);
  if (!existing)
    await deps.notifier.notify({
      id: `report-${record.reportId}`,
      audience: { kind: 'supervisors', regionCode: record.regionCode },
      kind: 'alert',
      title: `${KIND_TITLES[record.kind]}已生成`,
      body: `${record.title}已生成，可在“报告”中下载 Excel 或打印版。`,
      subject: record.reportId,
      createdAt: now,
    });
  logger.info('report generated', { reportId: record.reportId, outcome: existing ? 'replaced' : 'created', ms: Date.now() - started, ...reads });
  return { outcome: existing ? ('replaced' as const) : ('created' as const), report: record };
}

// ── On demand ────────────────────────────────────────────────────────────────

/** The region a caller may report on: supervisors their region and below (another is 404), admins any (and must name one). */
async function regionFor(deps: D<'catalog'>, p: Principal, regionCode: string | undefined): Promise<Region> {
  requireRole(p, 'supervisor', 'admin');
  const code = regionCode ?? p.regionCode;
  if (!code) throw invalid('regionCode', 'required', '请指定行政区划');
  const region = await deps.catalog.get('regions', code);
  if (!region || (p.role === 'supervisor' && !regionContains(p.regionCode!, region.code))) throw notFound('行政区划');
  return region;
}

/** A record as the API shows it (the file keys stay inside). */
const recordView = ({ files, contentHash: _h, ...r }: ReportRecord) => ({
  ...r,
  files: { xlsx: { bytes: files.xlsx.bytes }, html: { bytes: files.html.bytes } },
});

/** POST /reports: a report of any kind for the caller's region (or one below it) and any period, built now. */
export async function createReport(deps: ReportDeps, p: Principal, body: { kind: ReportKind; regionCode?: string } & PeriodQuery) {
  const region = await regionFor(deps, p, body.regionCode);
  const period = periodFor(body.kind, shanghaiDate(deps.clock.now()), body);
  const { outcome, report } = await generateReport(deps, { kind: body.kind, regionCode: region.code, ...period }, 'demand');
  return { outcome, report: recordView(report) };
}

/** GET /reports: the reports of the caller's region (or `regionCode`, one below it), newest period first; admins every region's when they name none. */
export async function listReports(deps: D<'catalog' | 'reports'>, p: Principal, q: { regionCode?: string; cursor?: string; limit?: number }) {
  requireRole(p, 'supervisor', 'admin');
  const region = p.role === 'admin' && !q.regionCode ? undefined : await regionFor(deps, p, q.regionCode);
  const page = await deps.reports.list({ regionCode: region?.code, cursor: q.cursor, limit: q.limit });
  return { items: page.items.map(recordView), ...(page.next ? { next: page.next } : {}) };
}

/** A report the caller may see: supervisors of its region or above, admins; any other is 404. */
async function loadReport(deps: D<'reports'>, p: Principal, reportId: string) {
  requireRole(p, 'supervisor', 'admin');
  const r = REPORT_ID.test(reportId) ? await deps.reports.get(reportId) : undefined;
  if (!r || (p.role === 'supervisor' && !regionContains(p.regionCode!, r.regionCode))) throw notFound('报告');
  return r;
}

export const getReport = async (deps: D<'reports'>, p: Principal, reportId: string) => recordView(await loadReport(deps, p, reportId));

/** One of a report's files, with its Chinese file name (and an ASCII one for every client). */
export async function downloadReport(deps: D<'reports' | 'files'>, p: Principal, reportId: string, format: 'xlsx' | 'html') {
  const r = await loadReport(deps, p, reportId);
  const file = await deps.files.get(r.files[format].key);
  if (!file) throw notFound('报告文件');
  const name = reportTitle(r.kind, r.regionName, r.from, r.to);
  return {
    data: file.data,
    contentType: format === 'xlsx' ? XLSX_TYPE : HTML_TYPE,
    disposition: 'attachment' as const,
    fileName: `report-${r.reportId}.${format}`,
    originalName: `${name}.${format}`,
  };
}

// ── The schedule ─────────────────────────────────────────────────────────────

/** The regions reports are made for on schedule: the city and each county (6-digit codes, levels city and county). */
async function reportRegions(deps: D<'catalog'>) {
  const out: Region[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.catalog.list('regions', { cursor, limit: 200 });
    out.push(...page.items.filter((r) => r.level === 'city' || r.level === 'county'));
    cursor = page.next;
  } while (cursor);
  return out.sort((a, b) => a.code.localeCompare(b.code));
}

/**
 * The daily job (early morning, Asia/Shanghai): every report due today (dueReports) for the
 * city and each county. Idempotent: a second run the same day finds the same content and
 * only moves `updatedAt`. One report failing does not stop the others; the run then fails
 * (so the scheduler retries it) after trying them all.
 */
export async function runReportsJob(deps: ReportDeps) {
  const date = shanghaiDate(deps.clock.now());
  const due = dueReports(date);
  if (due.length === 0) return { date, due: [], reports: [] };
  const regions = await reportRegions(deps);
  const reports: { reportId: string; outcome: string }[] = [];
  const failed: string[] = [];
  for (const spec of due)
    for (const region of regions) {
      const full = { ...spec, regionCode: region.code };
      try {
        const { outcome, report } = await generateReport(deps, full, 'schedule');
        reports.push({ reportId: report.reportId, outcome });
      } catch (e) {
        failed.push(reportIdOf(full));
        logger.error('report failed', { reportId: reportIdOf(full), error: e as Error });
      }
    }
  if (failed.length) throw new Error(`${failed.length} report(s) failed: ${failed.join(', ')}`);
  return { date, due: due.map((d) => d.kind), reports };
}
