import { type Principal, regionPrefix, requireRole } from '../core/access.js';
import { shanghaiDate } from '../core/calendar.js';
import type { CatalogKind, ServiceItem, Unit, Venue, Window } from '../core/catalog.js';
import { invalid } from '../core/errors.js';
import { itemDim } from '../core/indicators/counters.js';
import { rate } from '../core/indicators/formulas.js';
import type { CounterStore } from '../ports/counters.js';
import type { CatalogRecords } from '../ports/stores.js';
import type { Deps } from './deps.js';
import { periodOf, periodsBetween, scopeOf, sumValues } from './indicators.js';

/**
 * Coverage (覆盖) toward 主动评价覆盖事项率 100%: for a region (and everything below it) or a
 * unit, over a month or any period, the rates of DESIGN §3 —
 * - 主动评价覆盖事项率 = items with completed cases and ≥1 active rating / items with completed cases;
 * - 办件涉及事项发生率 = items with ≥1 accepted case / all items of the catalog in scope;
 * - device coverage = windows with a rating pad / windows in city and county halls;
 * - QR coverage = township and village points with a QR code posted by the period's end / all points
 * — and the gaps a supervisor can close, each naming its region and unit. It reads the
 * catalog of the scope and one counter item per service item and period part (a month is
 * one), so its cost follows the catalog, never the number of ratings.
 */

export interface CoverageQuery {
  regionCode?: string;
  unitId?: string;
  /** A month `YYYY-MM`, or a period `from`–`to` (dates, at most a year); default this month. */
  month?: string;
  from?: string;
  to?: string;
}

/** A service item with completed cases in the period but no active rating. */
export interface ItemGap {
  itemCode: string;
  itemName: string;
  unitId: string;
  unitName: string;
  regionCode: string;
  regionName?: string;
  /** Cases completed in the period (none of them actively rated). */
  completed: number;
}

/** A window in a city or county hall (venue kind `hall`) without a rating pad. */
export interface WindowGap {
  venueId: string;
  venueName: string;
  windowId: string;
  windowName: string;
  regionCode: string;
  regionName?: string;
  unitId?: string;
  unitName?: string;
  /** A self-service terminal stands there instead (still no pad). */
  device?: 'terminal';
}

/** A township or village service point without a posted QR code. */
export interface PointGap {
  venueId: string;
  venueName: string;
  kind: 'township' | 'village';
  regionCode: string;
  regionName?: string;
}

/** The gaps of one region under the scope (the scope itself for what sits directly in it). */
export interface RegionGaps {
  regionCode: string;
  regionName?: string;
  items: number;
  windowsWithoutPad: number;
  pointsWithoutQr: number;
}

/** The gaps of one unit. */
export interface UnitGaps {
  unitId: string;
  unitName?: string;
  regionCode: string;
  items: number;
  windowsWithoutPad: number;
}

export interface Coverage {
  scope: { kind: 'region' | 'unit'; id: string; name: string };
  from: string;
  to: string;
  itemCoverageRate: number | null;
  itemIncidenceRate: number | null;
  deviceCoverageRate: number | null;
  qrCoverageRate: number | null;
  counts: {
    items: number;
    itemsWithCases: number;
    itemsWithCompletedCases: number;
    itemsCovered: number;
    hallWindows: number;
    hallWindowsWithPad: number;
    points: number;
    pointsWithQr: number;
  };
  gaps: { items: ItemGap[]; windowsWithoutPad: WindowGap[]; pointsWithoutQr: PointGap[] };
  /** The gaps counted per region directly under the scope, and per unit. */
  byRegion: RegionGaps[];
  byUnit: UnitGaps[];
  /** Items read: counter items, and catalog records listed or got. */
  read: { counters: number; catalog: number };
}

export type CoverageDeps = Pick<Deps, 'catalog' | 'clock'> & { counters: CounterStore };

const byKey =
  <T>(...keys: ((t: T) => string | undefined)[]) =>
  (a: T, b: T) => {
    for (const k of keys) {
      const [x, y] = [k(a) ?? '', k(b) ?? ''];
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  };

/** Coverage of a region or unit over a period, and its gaps. Supervisors their region and below, unit staff and leaders their own unit. */
export async function coverageOf(deps: CoverageDeps, p: Principal, q: CoverageQuery): Promise<Coverage> {
  requireRole(p, 'supervisor', 'admin', 'staff', 'leader');
  if (q.regionCode && q.unitId) throw invalid('regionCode', 'one_scope', '区划、单位只能选一个');
  const { from, to } = periodOf(q, shanghaiDate(deps.clock.now()));
  const periods = periodsBetween(from, to);
  // The scope's own record (a unit's is read twice: checked, then used).
  let catalogRead = q.unitId || p.role === 'staff' || p.role === 'leader' ? 2 : 1;
  const listAll = async <K extends CatalogKind>(kind: K, prefix: string): Promise<CatalogRecords[K][]> => {
    const all: CatalogRecords[K][] = [];
    let cursor: string | undefined;
    do {
      const page = await deps.catalog.list(kind, { prefix, cursor, limit: 500 });
      all.push(...page.items);
      catalogRead += page.items.length;
      cursor = page.next;
    } while (cursor);
    return all;
  };
  const scope = await scopeOf(deps, p, { regionCode: q.regionCode, unitId: q.unitId });
  if (scope.kind === 'item') throw invalid('itemCode', 'not_allowed', '覆盖情况按区划或单位查询');

  // The catalog in scope: a region's units, venues and regions below it; a unit itself and the halls of its region.
  const unit = scope.kind === 'unit' ? await deps.catalog.get('units', scope.id) : undefined;
  const regionCode = unit?.regionCode ?? scope.id;
  const prefix = regionPrefix(regionCode);
  const [regions, units, venues] = await Promise.all([
    listAll('regions', prefix),
    unit ? Promise.resolve([unit]) : listAll('units', prefix),
    listAll('venues', prefix),
  ]);
  const regionName = new Map(regions.map((r) => [r.code, r.name]));
  const unitById = new Map<string, Unit>(units.map((u) => [u.unitId, u]));
  const items: ServiceItem[] = (await Promise.all(units.map((u) => listAll('items', `${u.unitId}#`)))).flat();
  const halls = venues.filter((v) => v.kind === 'hall');
  const windowsOf = await Promise.all(halls.map((v) => deps.catalog.windows(v.venueId)));
  catalogRead += windowsOf.reduce((n, ws) => n + ws.length, 0);
  const hallWindows: { venue: Venue; window: Window }[] = halls
    .flatMap((venue, i) => windowsOf[i]!.map((window) => ({ venue, window })))
    .filter(({ window }) => !unit || window.unitId === unit.unitId);
  const points = unit ? [] : venues.filter((v) => v.kind === 'township' || v.kind === 'village');

  // One counter item per service item and period part.
  const keys = items.flatMap((it) => periods.map((period) => ({ dim: itemDim(it.itemCode), period })));
  const rows = await deps.counters.read(keys);
  const counted = items.map((item, i) => ({ item, v: sumValues(rows.slice(i * periods.length, (i + 1) * periods.length)) }));
  const withCases = counted.filter(({ v }) => (v.cases ?? 0) > 0);
  const withCompleted = counted.filter(({ v }) => (v.completed ?? 0) > 0);
  const covered = withCompleted.filter(({ v }) => (v.active ?? 0) > 0);
  const withPad = hallWindows.filter(({ window }) => window.device?.kind === 'pad');
  const withQr = points.filter((v) => !!v.qrPostedAt && v.qrPostedAt <= to);

  const itemGaps: ItemGap[] = withCompleted
    .filter(({ v }) => !(v.active ?? 0))
    .map(({ item, v }) => {
      const owner = unitById.get(item.unitId)!;
      return {
        itemCode: item.itemCode,
        itemName: item.name,
        unitId: owner.unitId,
        unitName: owner.name,
        regionCode: owner.regionCode,
        regionName: regionName.get(owner.regionCode),
        completed: v.completed ?? 0,
      };
    })
    .sort(
      byKey(
        (g) => g.regionCode,
        (g) => g.unitId,
        (g) => g.itemCode,
      ),
    );
  const windowGaps: WindowGap[] = hallWindows
    .filter(({ window }) => window.device?.kind !== 'pad')
    .map(({ venue, window }) => ({
      venueId: venue.venueId,
      venueName: venue.name,
      windowId: window.windowId,
      windowName: window.name,
      regionCode: venue.regionCode,
      regionName: regionName.get(venue.regionCode),
      ...(window.unitId ? { unitId: window.unitId, unitName: unitById.get(window.unitId)?.name } : {}),
      ...(window.device?.kind === 'terminal' ? { device: 'terminal' as const } : {}),
    }))
    .sort(
      byKey(
        (g) => g.regionCode,
        (g) => g.venueId,
        (g) => g.windowId,
      ),
    );
  const pointGaps: PointGap[] = points
    .filter((v) => !withQr.includes(v))
    .map((v) => ({
      venueId: v.venueId,
      venueName: v.name,
      kind: v.kind as PointGap['kind'],
      regionCode: v.regionCode,
      regionName: regionName.get(v.regionCode),
    }))
    .sort(
      byKey(
        (g) => g.regionCode,
        (g) => g.venueId,
      ),
    );

  return {
    scope: { kind: scope.kind, id: scope.id, name: scope.name },
    from,
    to,
    itemCoverageRate: rate(covered.length, withCompleted.length),
    itemIncidenceRate: rate(withCases.length, items.length),
    deviceCoverageRate: rate(withPad.length, hallWindows.length),
    qrCoverageRate: rate(withQr.length, points.length),
    counts: {
      items: items.length,
      itemsWithCases: withCases.length,
      itemsWithCompletedCases: withCompleted.length,
      itemsCovered: covered.length,
      hallWindows: hallWindows.length,
      hallWindowsWithPad: withPad.length,
      points: points.length,
      pointsWithQr: withQr.length,
    },
    gaps: { items: itemGaps, windowsWithoutPad: windowGaps, pointsWithoutQr: pointGaps },
    byRegion: groupByRegion(regionCode, regions, itemGaps, windowGaps, pointGaps),
    byUnit: groupByUnit(itemGaps, windowGaps, unitById),
    read: { counters: new Set(keys.map((k) => `${k.dim}|${k.period}`)).size, catalog: catalogRead },
  };
}

/** The region directly under `scope` that contains `code` (or the scope itself). */
function childOf(scope: string, children: readonly string[], code: string) {
  return children.find((c) => code.startsWith(regionPrefix(c))) ?? scope;
}

function groupByRegion(
  scope: string,
  regions: { code: string; name: string; parentCode?: string }[],
  items: ItemGap[],
  windows: WindowGap[],
  points: PointGap[],
) {
  const children = regions.filter((r) => r.parentCode === scope).map((r) => r.code);
  const name = new Map(regions.map((r) => [r.code, r.name]));
  const out = new Map<string, RegionGaps>();
  const bump = (code: string, field: 'items' | 'windowsWithoutPad' | 'pointsWithoutQr') => {
    const at = childOf(scope, children, code);
    const g = out.get(at) ?? { regionCode: at, regionName: name.get(at), items: 0, windowsWithoutPad: 0, pointsWithoutQr: 0 };
    g[field]++;
    out.set(at, g);
  };
  for (const g of items) bump(g.regionCode, 'items');
  for (const g of windows) bump(g.regionCode, 'windowsWithoutPad');
  for (const g of points) bump(g.regionCode, 'pointsWithoutQr');
  return [...out.values()].sort(byKey((g) => g.regionCode));
}

function groupByUnit(items: ItemGap[], windows: WindowGap[], units: Map<string, Unit>) {
  const out = new Map<string, UnitGaps>();
  const bump = (unitId: string | undefined, regionCode: string, field: 'items' | 'windowsWithoutPad') => {
    if (!unitId) return;
    const g = out.get(unitId) ?? {
      unitId,
      unitName: units.get(unitId)?.name,
      regionCode: units.get(unitId)?.regionCode ?? regionCode,
      items: 0,
      windowsWithoutPad: 0,
    };
    g[field]++;
    out.set(unitId, g);
  };
  for (const g of items) bump(g.unitId, g.regionCode, 'items');
  for (const g of windows) bump(g.unitId, g.regionCode, 'windowsWithoutPad');
  return [...out.values()].sort(
    byKey(
      (g) => g.regionCode,
      (g) => g.unitId,
    ),
  );
}
