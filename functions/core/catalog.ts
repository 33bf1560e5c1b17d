import * as z from 'zod/mini';
import { Text } from './text.js';

/** 行政区划 code: 6 digits (province/city/county), 9 (township 乡镇街道), 12 (village 村社区). */
export const RegionCode = z.string().check(z.regex(/^(\d{6}|\d{9}|\d{12})$/, '应为6、9或12位数字的行政区划代码'));
const Id = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,40}$/, '只能包含字母、数字、下划线和连字符，最长40位'));
const Name = Text({ max: 100 });

export const Region = z.strictObject({
  code: RegionCode,
  name: Name,
  parentCode: z.optional(RegionCode),
  level: z.enum(['province', 'city', 'county', 'township', 'village']),
  /** Residents, for 办件 volume per resident. */
  population: z.optional(z.int().check(z.nonnegative())),
});
export type Region = z.infer<typeof Region>;

/** Unit (单位): a department or office that handles cases and owns their reviews. */
export const Unit = z.strictObject({
  unitId: Id,
  name: Name,
  regionCode: RegionCode,
});
export type Unit = z.infer<typeof Unit>;

/** True for a real calendar date `YYYY-MM-DD` (no 2026-02-30). */
const isCalendarDate = (d: string) => {
  const t = Date.parse(`${d}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === d;
};

/** Venue (场所): a city/county hall (政务服务大厅), township centre (便民服务中心) or village station (便民服务站). */
export const Venue = z.strictObject({
  venueId: Id,
  name: Name,
  kind: z.enum(['hall', 'township', 'village']),
  regionCode: RegionCode,
  address: z.optional(Text({ max: 200 })),
  /** The day the venue's rating QR code (评价二维码) was posted, for QR coverage of township and village points. */
  qrPostedAt: z.optional(
    z
      .string()
      .check(z.regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD'), z.refine(isCalendarDate, { message: '不是有效的日期', params: { rule: 'date' } })),
  ),
});
export type Venue = z.infer<typeof Venue>;

/** Rating device at a window: 评价器 (pad) or 自助终端 (terminal). */
export const Device = z.strictObject({ deviceId: Id, kind: z.enum(['pad', 'terminal']) });

/** Window (窗口) in a venue, optionally staffed by one unit and equipped with a rating device. */
export const Window = z.strictObject({
  venueId: Id,
  windowId: Id,
  name: Name,
  unitId: z.optional(Id),
  device: z.optional(Device),
});
export type Window = z.infer<typeof Window>;

/** Service item (事项) with its promised (承诺) and legal (法定) time limits in working days. */
export const ServiceItem = z
  .strictObject({
    itemCode: z.string().check(z.regex(/^[A-Za-z0-9-]{1,50}$/, '事项编码应为1-50位字母、数字或连字符')),
    name: Name,
    unitId: Id,
    /** GB/T 39046 table A.6: 1 即办件 (immediate), 2 承诺件 (promised). */
    type: z.union([z.literal(1), z.literal(2)]),
    promisedDays: z.int().check(z.gte(0), z.lte(365)),
    legalDays: z.int().check(z.gte(0), z.lte(365)),
  })
  .check(z.refine((i) => i.promisedDays <= i.legalDays, { path: ['promisedDays'], message: '承诺时限不能超过法定时限' }));
export type ServiceItem = z.infer<typeof ServiceItem>;

export const CatalogKinds = { regions: Region, units: Unit, venues: Venue, windows: Window, items: ServiceItem } as const;
export type CatalogKind = keyof typeof CatalogKinds;
export const CatalogKind = z.enum(['regions', 'units', 'venues', 'windows', 'items']);

/**
 * Parses CSV text (RFC 4180: quoted fields, doubled quotes, CRLF or LF) into rows of
 * header → value. Empty cells are left out so optional fields stay optional.
 */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      row.push(field);
      field = '';
      if (row.some((c) => c !== '')) rows.push(row);
      row = [];
    } else field += ch;
  }
  row.push(field);
  if (row.some((c) => c !== '')) rows.push(row);
  const [header, ...body] = rows;
  if (!header) return [];
  return body.map((cells) => Object.fromEntries(header.map((h, i) => [h.trim(), cells[i]?.trim() ?? '']).filter(([, v]) => v !== '')));
}

/** Turns flat CSV cells into the shape of a catalog record (numbers, nested device). */
export function csvRowToRecord(kind: CatalogKind, row: Record<string, string>): unknown {
  const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  switch (kind) {
    case 'regions':
      return { ...row, population: num(row.population) };
    case 'items':
      return { ...row, type: num(row.type), promisedDays: num(row.promisedDays), legalDays: num(row.legalDays) };
    case 'windows': {
      const { deviceId, deviceKind, ...rest } = row;
      return deviceId ? { ...rest, device: { deviceId, kind: deviceKind } } : rest;
    }
    default:
      return row;
  }
}
