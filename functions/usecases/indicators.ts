import { type Principal, regionContains, requireRole } from '../core/access.js';
import { addCalendarDays, shanghaiDate } from '../core/calendar.js';
import { invalid, notFound } from '../core/errors.js';
import {
  addTo,
  type Contribution,
  type CounterValues,
  changeDeltas,
  counterId,
  dayPeriod,
  nonZero,
  itemDim,
  monthPeriod,
  regionDim,
  unitDim,
} from '../core/indicators/counters.js';
import { channelFigures, type Indicators, indicatorsOf } from '../core/indicators/formulas.js';
import { logger } from '../observability.js';
import type { CounterStore, StreamBatch } from '../ports/counters.js';

export type { StreamBatch, StreamChange } from '../ports/counters.js';
import type { Deps } from './deps.js';

/**
 * The aggregator (指标汇总): reads the table's stream and keeps the indicator counters
 * (core/indicators/counters.ts) exact, in two stages (ports/counters.ts). `aggregate` sums a
 * batch's deltas and stages them in the same transaction that moves the shard's position past
 * the batch: each shard's records are taken in sequence order, so a record delivered again, a
 * retried batch or an overlapping one is staged once. `foldCounters` (scheduled in AWS, after
 * each batch locally) then adds what was staged to the counters, each counter written once
 * per fold whatever the number of ratings behind it.
 */

/** Sequence numbers order as numbers: compared and stored padded to 40 digits. */
export const positionOf = (seq: string) => seq.padStart(40, '0');

export async function aggregate(deps: { counters: CounterStore }, batch: StreamBatch) {
  const position = await deps.counters.position(batch.shardId);
  const fresh = batch.records
    .map((r) => ({ ...r, at: positionOf(r.seq) }))
    .filter((r) => position === undefined || r.at > position)
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const sums: Contribution = new Map();
  for (const r of fresh) for (const d of changeDeltas(r.old, r.new).values()) addTo(sums, d.key, d.values);
  // Changes that cancel out within the batch (e.g. a rating given and voided) stage nothing.
  const deltas = nonZero(sums);
  const last = fresh.at(-1)?.at;
  if (last && deltas.length) await deps.counters.stage(batch.shardId, position, last, deltas);
  const skipped = batch.records.length - fresh.length;
  if (skipped) logger.info('stream records already staged', { shardId: batch.shardId, skipped });
  return { records: batch.records.length, applied: fresh.length, skipped, counters: deltas.length };
}

/** Adds the staged batches to the counters (the fold job). */
export async function foldCounters(deps: { counters: CounterStore }) {
  const result = await deps.counters.fold();
  if (result.batches) logger.info('counters folded', { ...result });
  return result;
}

/** Sums counters read for several keys (e.g. the days of a period). */
export function sumValues(rows: readonly CounterValues[]): CounterValues {
  const out: CounterValues = {};
  for (const r of rows) for (const [f, v] of Object.entries(r) as [keyof CounterValues, number][]) out[f] = (out[f] ?? 0) + v;
  return out;
}

// ── Reading the indicators ───────────────────────────────────────────────────

/** The counter periods that sum to the dates from `from` to `to` (inclusive): whole months as months, the other days as days. */
export function periodsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; ) {
    const monthEnd = addCalendarDays(`${addMonths(d.slice(0, 7), 1)}-01`, -1);
    if (d.endsWith('-01') && monthEnd <= to) {
      out.push(monthPeriod(d));
      d = addCalendarDays(monthEnd, 1);
    } else {
      out.push(dayPeriod(d));
      d = addCalendarDays(d, 1);
    }
  }
  return out;
}

/** `2026-11` plus `k` months. */
export const addMonths = (month: string, k: number) => {
  const [y = 0, m = 1] = month.split('-').map(Number);
  const t = y * 12 + (m - 1) + k;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
};

export interface IndicatorQuery {
  regionCode?: string;
  unitId?: string;
  itemCode?: string;
  /** One rating channel (评价渠道): its ratings, share, 好评率 and 差评率 beside every figure set. */
  channel?: string;
  /** A month `YYYY-MM`, or a period `from`–`to` (dates, at most a year); default this month. */
  month?: string;
  from?: string;
  to?: string;
}

type ID = Pick<Deps, 'catalog' | 'clock'> & { counters: CounterStore };

/**
 * The indicators of a region (with its child regions and its units ranked), a unit or a
 * service item, for a month or any period up to a year, with the six months' trend up to
 * it. Supervisors read their region and below, units their own. A view reads a bounded
 * number of counter items (the region, its children, its units, the trend months), never
 * the ratings: `read` says how many.
 */
export async function getIndicators(deps: ID, p: Principal, q: IndicatorQuery) {
  requireRole(p, 'supervisor', 'admin', 'staff', 'leader');
  const today = shanghaiDate(deps.clock.now());
  const { from, to } = periodOf(q, today);
  const periods = periodsBetween(from, to);
  const scope = await scopeOf(deps, p, q);
  const [children, units] = scope.kind === 'region' ? [scope.children, scope.units] : [[], []];
  const trendMonths = Array.from({ length: 6 }, (_, i) => addMonths(to.slice(0, 7), i - 5));
  const dims = [scope.dim, ...children.map((c) => regionDim(c.code)), ...units.map((u) => unitDim(u.unitId))];
  const keys = [...dims.flatMap((dim) => periods.map((period) => ({ dim, period }))), ...trendMonths.map((m) => ({ dim: scope.dim, period: `M#${m}` }))];
  const rows = await deps.counters.read(keys);
  const sumOf = (dim: string) => sumValues(rows.filter((_, i) => i < dims.length * periods.length && keys[i]!.dim === dim));
  const { channel } = q;
  const figures = (v: CounterValues) => ({ ...indicatorsOf(v), ...(channel ? { channel: channelFigures(v, channel) } : {}) });
  const own = sumOf(scope.dim);
  const ownFigures = figures(own);
  const unitRows = units.map((u) => ({ unitId: u.unitId, name: u.name, indicators: figures(sumOf(unitDim(u.unitId))) }));
  // Every escalation puts its unit on the bi-weekly 通报 list: the units escalated in the period were on it.
  const noticeUnits =
    scope.kind === 'region'
      ? unitRows.filter((u) => u.indicators.escalations > 0).map((u) => ({ unitId: u.unitId, name: u.name, escalations: u.indicators.escalations }))
      : scope.kind === 'unit' && ownFigures.escalations > 0
        ? [{ unitId: scope.id, name: scope.name, escalations: ownFigures.escalations }]
        : [];
  return {
    scope: { kind: scope.kind, id: scope.id, name: scope.name },
    from,
    to,
    ...(channel ? { channel } : {}),
    indicators: {
      ...ownFigures,
      /** 办件量 per resident over the period (target: more than 1 a year); regions with a population only. */
      casesPerResident: scope.kind === 'region' && scope.population ? Math.round((ownFigures.cases / scope.population) * 10_000) / 10_000 : null,
      /** Units on the 通报 list in the period (escalated at least once); null for a service item. */
      unitsOnNoticeList: scope.kind === 'item' ? null : noticeUnits.length,
    },
    children: children.map((c) => ({ regionCode: c.code, name: c.name, indicators: figures(sumOf(regionDim(c.code))) })),
    units: ranking(unitRows),
    noticeUnits,
    trend: trendMonths.map((month, i) => {
      const v = rows[dims.length * periods.length + i] ?? {};
      const t = indicatorsOf(v);
      return {
        month,
        ratings: t.ratings,
        goodRate: t.goodRate,
        badRate: t.badRate,
        activeRatingRate: t.activeRatingRate,
        complaintOnTimeRate: t.complaintOnTimeRate,
        ...(channel ? { channel: channelFigures(v, channel) } : {}),
      };
    }),
    read: new Set(keys.map(counterId)).size,
  };
}

/** Unit ranking (单位排名): by 好评率, then 按期整改率, then 咨询投诉按期办结率; units without ratings last. */
function ranking<T extends { indicators: Indicators }>(units: T[]): (T & { rank: number })[] {
  const score = (i: Indicators) => [i.goodRate ?? -1, i.onTimeRectificationRate ?? -1, i.complaintOnTimeRate ?? -1];
  return [...units]
    .sort((a, b) => {
      const [x, y] = [score(a.indicators), score(b.indicators)];
      for (let k = 0; k < x.length; k++) if (x[k] !== y[k]) return y[k]! - x[k]!;
      return 0;
    })
    .map((u, i) => ({ ...u, rank: i + 1 }));
}

/** The dates a query covers: `from`–`to` (at most a year), or a whole month (default this month). */
export function periodOf(q: Pick<IndicatorQuery, 'month' | 'from' | 'to'>, today: string) {
  if (q.from || q.to) {
    const from = q.from ?? q.to!;
    const to = q.to ?? today;
    if (from > to) throw invalid('from', 'before_to', '开始日期不能晚于结束日期');
    if (from < addCalendarDays(to, -366)) throw invalid('from', 'max_span', '统计期间最长一年');
    return { from, to };
  }
  const month = q.month ?? today.slice(0, 7);
  return { from: `${month}-01`, to: addCalendarDays(`${addMonths(month, 1)}-01`, -1) };
}

/** What the view is about, checked against who asks: a supervisor's region and below, a unit's own. */
export async function scopeOf(deps: Pick<Deps, 'catalog'>, p: Principal, q: IndicatorQuery) {
  if ([q.regionCode, q.unitId, q.itemCode].filter(Boolean).length > 1) throw invalid('regionCode', 'one_scope', '区划、单位、事项只能选一个');
  const unitOf = async (unitId: string) => {
    const u = await deps.catalog.get('units', unitId);
    if (!u) throw notFound('单位');
    return u;
  };
  const allowed = (regionCode: string, unitId?: string) =>
    p.role === 'admin' || (p.role === 'supervisor' && regionContains(p.regionCode!, regionCode)) || (!!unitId && p.unitId === unitId);
  if (q.itemCode) {
    const item = await deps.catalog.get('items', q.itemCode);
    const unit = item && (await unitOf(item.unitId));
    if (!item || !unit || !allowed(unit.regionCode, unit.unitId)) throw notFound('事项');
    return { kind: 'item' as const, id: item.itemCode, name: item.name, dim: itemDim(item.itemCode) };
  }
  const unitId = q.unitId ?? (p.role === 'staff' || p.role === 'leader' ? p.unitId : undefined);
  if (unitId) {
    const unit = await unitOf(unitId);
    if (!allowed(unit.regionCode, unit.unitId)) throw notFound('单位');
    return { kind: 'unit' as const, id: unit.unitId, name: unit.name, dim: unitDim(unit.unitId) };
  }
  const code = q.regionCode ?? p.regionCode;
  if (!code) throw invalid('regionCode', 'required', '请指定行政区划、单位或事项');
  // The region with its children and units named in one read (its directory), whatever the volume.
  const directory = await deps.catalog.directory(code);
  if (!directory || !allowed(directory.region.code)) throw notFound('行政区划');
  const { region, regions, units } = directory;
  return {
    kind: 'region' as const,
    id: region.code,
    name: region.name,
    dim: regionDim(region.code),
    population: region.population,
    children: regions.filter((r) => r.parentCode === region.code),
    units,
  };
}

// ── Public disclosure and commendation ───────────────────────────────────────

/** What the public page shows of a unit or item: counts and rates only, no personal data and no free text. */
const publicFigures = (i: Indicators) => ({
  ratings: i.ratings,
  goodRate: i.goodRate,
  badRate: i.badRate,
  levels: i.levels,
  badReviews: i.badReviews,
  badReviewsClosed: i.badReviewsClosed,
  rectificationRate: i.rectificationRate,
  onTimeRectificationRate: i.onTimeRectificationRate,
});

/**
 * 评价结果及整改情况公开: rating results and rectification outcomes per unit of a region (or
 * per service item of one unit) for a month or a period, for anyone, from the counters.
 */
export async function publicDisclosure(deps: ID, q: Pick<IndicatorQuery, 'regionCode' | 'unitId' | 'month' | 'from' | 'to'>) {
  const { from, to } = periodOf(q, shanghaiDate(deps.clock.now()));
  const periods = periodsBetween(from, to);
  const figuresOf = async (rows: { dim: string; name: string; id: Record<string, string> }[]) => {
    const keys = rows.flatMap((r) => periods.map((period) => ({ dim: r.dim, period })));
    const values = await deps.counters.read(keys);
    return rows.map((r, i) => ({
      ...r.id,
      name: r.name,
      ...publicFigures(indicatorsOf(sumValues(values.slice(i * periods.length, (i + 1) * periods.length)))),
    }));
  };
  if (q.unitId) {
    const unit = await deps.catalog.get('units', q.unitId);
    if (!unit) throw notFound('单位');
    const items = (await deps.catalog.list('items', { prefix: `${unit.unitId}#`, limit: 200 })).items;
    return {
      from,
      to,
      unit: { unitId: unit.unitId, name: unit.name, regionCode: unit.regionCode },
      items: await figuresOf(items.map((it) => ({ dim: itemDim(it.itemCode), name: it.name, id: { itemCode: it.itemCode } }))),
    };
  }
  const code = q.regionCode;
  if (!code) throw invalid('regionCode', 'required', '请指定行政区划或单位');
  const directory = await deps.catalog.directory(code);
  if (!directory) throw notFound('行政区划');
  const { region, regions, units } = directory;
  // The regions below this one that the units belong to, named, so a reader can narrow the list (city → county).
  const below = new Set(units.map((u) => u.regionCode));
  const subRegions = regions.filter((r) => below.has(r.code)).map((r) => ({ regionCode: r.code, name: r.name }));
  return {
    from,
    to,
    region: { regionCode: region.code, name: region.name, ...(region.parentCode ? { parentCode: region.parentCode } : {}) },
    subRegions,
    units: await figuresOf(units.map((u) => ({ dim: unitDim(u.unitId), name: u.name, id: { unitId: u.unitId, regionCode: u.regionCode } }))),
  };
}

/**
 * 通报表彰: the units of the supervisor's region that did well in the period — at least
 * `minRatings` ratings, 好评率 ≥ 95%, and every closed bad review rectified on time and every
 * answered complaint answered on time — beside the 通报 list.
 */
export async function commendedUnits(deps: ID, p: Principal, q: Pick<IndicatorQuery, 'regionCode' | 'month' | 'from' | 'to'>, minRatings = 10) {
  requireRole(p, 'supervisor', 'admin');
  const view = await getIndicators(deps, p, { ...q, ...(q.regionCode ? {} : { regionCode: p.regionCode }) });
  const all = (part: number | null) => part === null || part === 1;
  const items = view.units.filter(
    (u) =>
      u.indicators.ratings >= minRatings &&
      (u.indicators.goodRate ?? 0) >= 0.95 &&
      all(u.indicators.onTimeRectificationRate) &&
      all(u.indicators.complaintOnTimeRate) &&
      u.indicators.escalations === 0,
  );
  return { from: view.from, to: view.to, minRatings, items: items.map(({ unitId, name, indicators }) => ({ unitId, name, indicators })) };
}
