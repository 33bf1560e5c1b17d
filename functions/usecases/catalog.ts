import { type Principal, regionPrefix } from '../core/access.js';
import { type CatalogKind, CatalogKinds, csvRowToRecord, parseCsv } from '../core/catalog.js';
import { type Issue, invalid, notFound } from '../core/errors.js';
import { parseOrThrow, validationError, zodIssues } from '../core/validation.js';
import type { CatalogRecords, CatalogStore } from '../ports/stores.js';
import type { Deps } from './deps.js';

const keyOf = (kind: CatalogKind, r: any): string =>
  kind === 'regions' ? r.code : kind === 'units' ? r.unitId : kind === 'venues' ? r.venueId : kind === 'windows' ? `${r.venueId}:${r.windowId}` : r.itemCode;

/** The catalog records a record points at, which must exist: bad codes are refused. */
function references(kind: CatalogKind, r: any): { field: string; kind: CatalogKind; key: string }[] {
  switch (kind) {
    case 'regions':
      return r.parentCode ? [{ field: 'parentCode', kind: 'regions', key: r.parentCode }] : [];
    case 'units':
    case 'venues':
      return [{ field: 'regionCode', kind: 'regions', key: r.regionCode }];
    case 'windows':
      return [{ field: 'venueId', kind: 'venues', key: r.venueId }, ...(r.unitId ? [{ field: 'unitId', kind: 'units' as const, key: r.unitId }] : [])];
    case 'items':
      return [{ field: 'unitId', kind: 'units', key: r.unitId }];
  }
}

async function missingReferences(store: CatalogStore, kind: CatalogKind, r: unknown, alsoKnown: Set<string>, prefix: string): Promise<Issue[]> {
  const issues: Issue[] = [];
  for (const ref of references(kind, r)) {
    if (alsoKnown.has(`${ref.kind}/${ref.key}`)) continue;
    if (!(await store.get(ref.kind, ref.key)))
      issues.push({ field: `${prefix}${ref.field}`, rule: 'exists', message: `引用的${ref.kind}记录 ${ref.key} 不存在` });
  }
  return issues;
}

export async function putCatalog(deps: Pick<Deps, 'catalog'>, kind: CatalogKind, key: string, body: unknown) {
  const record = parseOrThrow(CatalogKinds[kind], body) as CatalogRecords[typeof kind];
  if (keyOf(kind, record) !== key) throw invalid('path.key', 'matches_body', `路径中的键 ${key} 与请求体中的键 ${keyOf(kind, record)} 不一致`);
  const issues = await missingReferences(deps.catalog, kind, record, new Set(), '');
  if (issues.length) throw validationError(issues);
  await deps.catalog.put(kind, record);
  return record;
}

export async function getCatalog(deps: Pick<Deps, 'catalog'>, kind: CatalogKind, key: string) {
  const r = await deps.catalog.get(kind, key);
  if (!r) throw notFound('目录记录');
  return r;
}

/** Supervisors see only their own region's part of region-keyed lists (units, venues). */
export async function listCatalog(deps: Pick<Deps, 'catalog'>, p: Principal, kind: CatalogKind, q: { prefix?: string; cursor?: string; limit?: number }) {
  if (p.role !== 'supervisor' || (kind !== 'units' && kind !== 'venues')) return await deps.catalog.list(kind, q);
  // Region-keyed lists: a supervisor's prefix can narrow their region, never leave it.
  const own = regionPrefix(p.regionCode!);
  if (q.prefix && !q.prefix.startsWith(own) && !own.startsWith(q.prefix)) return { items: [] };
  return await deps.catalog.list(kind, { ...q, prefix: q.prefix && q.prefix.length > own.length ? q.prefix : own });
}

/** CSV import: every row is checked first; one bad row means nothing is written. */
export async function importCatalog(deps: Pick<Deps, 'catalog'>, kind: CatalogKind, csv: string) {
  const rows = parseCsv(csv);
  if (rows.length === 0) throw invalid('body', 'not_empty', 'CSV 至少需要表头和一行数据');
  if (rows.length > 5000) throw invalid('body', 'max_rows', 'CSV 一次最多导入 5000 行');
  const issues: Issue[] = [];
  // Each record keeps its file line (header is line 1) so later issues name the right row.
  const records: { line: number; record: CatalogRecords[CatalogKind] }[] = [];
  const inFile = new Set<string>();
  rows.forEach((row, i) => {
    const parsed = CatalogKinds[kind].safeParse(csvRowToRecord(kind, row));
    if (parsed.success) {
      records.push({ line: i + 2, record: parsed.data as CatalogRecords[CatalogKind] });
      inFile.add(`${kind}/${keyOf(kind, parsed.data)}`);
    } else issues.push(...zodIssues(parsed.error, [`rows[${i + 2}]`]));
  });
  for (const { line, record } of records) issues.push(...(await missingReferences(deps.catalog, kind, record, inFile, `rows[${line}].`)));
  if (issues.length) throw validationError(issues);
  for (const { record } of records) await deps.catalog.put(kind, record);
  return { kind, imported: records.length };
}

/** Puts every region and unit again, which writes the region directories they are listed in (a catalog from before them); safe to repeat. */
export async function rewriteRegionsAndUnits(deps: Pick<Deps, 'catalog'>) {
  for (const kind of ['regions', 'units'] as const) {
    let cursor: string | undefined;
    do {
      const page = await deps.catalog.list(kind, { cursor, limit: 500 });
      for (const record of page.items) await deps.catalog.put(kind, record);
      cursor = page.next;
    } while (cursor);
  }
}

/** Venue and window names for the public rating page (no personal data). */
export async function placeInfo(deps: Pick<Deps, 'catalog' | 'config'>, venueId: string, windowId?: string) {
  const { venue, window } = await findPlace(deps.catalog, venueId, windowId);
  const unit = window?.unitId ? await deps.catalog.get('units', window.unitId) : undefined;
  return {
    venue: { venueId: venue.venueId, name: venue.name, kind: venue.kind, regionCode: venue.regionCode },
    ...(window ? { window: { windowId: window.windowId, name: window.name, unitId: window.unitId, unitName: unit?.name } } : {}),
    rateUrl: rateUrl(deps.config.publicBaseUrl, venueId, windowId),
  };
}

async function findPlace(store: CatalogStore, venueId: string, windowId?: string) {
  const venue = await store.get('venues', venueId);
  if (!venue) throw notFound('场所');
  const window = windowId ? await store.get('windows', `${venueId}:${windowId}`) : undefined;
  if (windowId && !window) throw notFound('窗口');
  return { venue, window };
}

export const rateUrl = (base: string, venueId: string, windowId?: string) =>
  `${base}/rate.html?venue=${encodeURIComponent(venueId)}${windowId ? `&window=${encodeURIComponent(windowId)}` : ''}`;

/** Printable QR code (评价二维码) for a venue or one of its windows: what it encodes (the rating page) and its file name. */
export async function qrCode(deps: Pick<Deps, 'catalog' | 'config'>, venueId: string, windowId: string | undefined, format: 'png' | 'svg') {
  await findPlace(deps.catalog, venueId, windowId);
  return { url: rateUrl(deps.config.publicBaseUrl, venueId, windowId), format, fileName: `qr-${venueId}${windowId ? `-${windowId}` : ''}.${format}` };
}
