/**
 * The catalog's five kinds as the admin pages see them: the fields of each record (in the
 * order of the CSV template), which of them make the key, how the list filter becomes the
 * API's `prefix`, and the conversions between a record and the flat form/CSV cells. The
 * rules themselves are the API's (core/catalog.ts): the form shows the server's issues.
 */
export type CatalogKind = 'regions' | 'units' | 'venues' | 'windows' | 'items';
export type CatalogRecord = Record<string, unknown>;

export interface Field {
  name: string;
  label: string;
  /** Part of the record's key: fixed once the record exists. */
  key?: boolean;
  required?: boolean;
  type?: 'text' | 'int' | 'select' | 'date';
  options?: { value: string; label: string }[];
  hint?: string;
}

export interface KindDef {
  label: string;
  fields: Field[];
  filterLabel: string;
  filterHint: string;
  /** The list's `prefix` for what the admin typed. */
  toPrefix: (v: string) => string;
}

const opts = (o: Record<string, string>) => Object.entries(o).map(([value, label]) => ({ value, label }));
export const REGION_LEVELS: Record<string, string> = { province: '省', city: '市', county: '县（区）', township: '乡镇（街道）', village: '村（社区）' };
export const VENUE_KINDS: Record<string, string> = { hall: '政务服务大厅', township: '便民服务中心', village: '便民服务站' };
export const DEVICE_KINDS: Record<string, string> = { pad: '评价器', terminal: '自助终端' };
export const ITEM_TYPES: Record<string, string> = { '1': '即办件', '2': '承诺件' };
const REGION_HINT = '6、9 或 12 位数字，如 410421';
const ID_HINT = '字母、数字、下划线或连字符，最长 40 位';

export const KINDS: Record<CatalogKind, KindDef> = {
  regions: {
    label: '行政区划',
    fields: [
      { name: 'code', label: '区划代码', key: true, required: true, hint: REGION_HINT },
      { name: 'name', label: '名称', required: true },
      { name: 'level', label: '级别', required: true, type: 'select', options: opts(REGION_LEVELS) },
      { name: 'parentCode', label: '上级区划代码', hint: REGION_HINT },
      { name: 'population', label: '常住人口', type: 'int' },
    ],
    filterLabel: '区划代码前缀',
    filterHint: '如 410421',
    toPrefix: (v) => v,
  },
  units: {
    label: '单位',
    fields: [
      { name: 'unitId', label: '单位编号', key: true, required: true, hint: ID_HINT },
      { name: 'name', label: '名称', required: true },
      { name: 'regionCode', label: '行政区划代码', required: true, hint: REGION_HINT },
    ],
    filterLabel: '区划代码前缀',
    filterHint: '如 410421',
    toPrefix: (v) => v,
  },
  venues: {
    label: '场所',
    fields: [
      { name: 'venueId', label: '场所编号', key: true, required: true, hint: ID_HINT },
      { name: 'name', label: '名称', required: true },
      { name: 'kind', label: '类型', required: true, type: 'select', options: opts(VENUE_KINDS) },
      { name: 'regionCode', label: '行政区划代码', required: true, hint: REGION_HINT },
      { name: 'address', label: '地址' },
      { name: 'qrPostedAt', label: '二维码张贴日期', type: 'date', hint: 'YYYY-MM-DD' },
    ],
    filterLabel: '区划代码前缀',
    filterHint: '如 410421',
    toPrefix: (v) => v,
  },
  windows: {
    label: '窗口',
    fields: [
      { name: 'venueId', label: '场所编号', key: true, required: true, hint: ID_HINT },
      { name: 'windowId', label: '窗口编号', key: true, required: true, hint: ID_HINT },
      { name: 'name', label: '名称', required: true },
      { name: 'unitId', label: '进驻单位编号' },
      { name: 'deviceId', label: '评价设备编号' },
      { name: 'deviceKind', label: '评价设备类型', type: 'select', options: opts(DEVICE_KINDS) },
    ],
    filterLabel: '场所编号',
    filterHint: '如 V-CITY',
    toPrefix: (v) => `${v}#`,
  },
  items: {
    label: '事项',
    fields: [
      { name: 'itemCode', label: '事项编码', key: true, required: true, hint: '字母、数字或连字符，最长 50 位' },
      { name: 'name', label: '名称', required: true },
      { name: 'unitId', label: '单位编号', required: true, hint: ID_HINT },
      { name: 'type', label: '办件类型', required: true, type: 'select', options: opts(ITEM_TYPES) },
      { name: 'promisedDays', label: '承诺时限（工作日）', required: true, type: 'int' },
      { name: 'legalDays', label: '法定时限（工作日）', required: true, type: 'int' },
    ],
    filterLabel: '单位编号',
    filterHint: '如 U-SCJG',
    toPrefix: (v) => `${v}#`,
  },
};

export const isKind = (k: unknown): k is CatalogKind => typeof k === 'string' && k in KINDS;

/** The record's key in the API's path (a window's is `场所:窗口`). */
export function keyOf(kind: CatalogKind, r: CatalogRecord): string {
  const f = KINDS[kind].fields.filter((x) => x.key).map((x) => String(r[x.name] ?? ''));
  return f.join(':');
}

/** A record as flat form cells (all strings; a window's device as two cells). */
export function recordToForm(kind: CatalogKind, r: CatalogRecord): Record<string, string> {
  const flat: CatalogRecord = { ...r };
  if (kind === 'windows' && r.device && typeof r.device === 'object') {
    const d = r.device as { deviceId?: string; kind?: string };
    delete flat.device;
    flat.deviceId = d.deviceId;
    flat.deviceKind = d.kind;
  }
  return Object.fromEntries(KINDS[kind].fields.map((f) => [f.name, flat[f.name] === undefined || flat[f.name] === null ? '' : String(flat[f.name])]));
}

/** Flat form cells as the record the API takes: empty cells left out, whole numbers as numbers, a window's device nested. */
export function formToRecord(kind: CatalogKind, cells: Record<string, string>): CatalogRecord {
  const out: CatalogRecord = {};
  for (const f of KINDS[kind].fields) {
    const v = (cells[f.name] ?? '').trim();
    if (v === '') continue;
    const numeric = f.type === 'int' || (kind === 'items' && f.name === 'type');
    out[f.name] = numeric && /^-?\d+$/.test(v) ? Number(v) : v;
  }
  if (kind === 'windows' && (out.deviceId !== undefined || out.deviceKind !== undefined)) {
    out.device = { deviceId: out.deviceId, kind: out.deviceKind };
  }
  delete out.deviceId;
  delete out.deviceKind;
  return out;
}

/** The form field an API issue belongs to (`device.kind` → `deviceKind`; `path.key` → the first key field). */
export function formFieldOf(kind: CatalogKind, issueField: string): string {
  if (issueField === 'path.key') return KINDS[kind].fields.find((f) => f.key)?.name ?? '';
  if (issueField.startsWith('device')) return issueField.endsWith('kind') ? 'deviceKind' : 'deviceId';
  return issueField.split('.')[0] ?? '';
}

/** The field's label, for the row-error table (`device.kind` → 评价设备类型). */
export function fieldLabel(kind: CatalogKind, issueField: string): string {
  const name = formFieldOf(kind, issueField);
  return KINDS[kind].fields.find((f) => f.name === name)?.label ?? (issueField || '整个文件');
}

/** The CSV template: a header of the kind's columns and one example row. */
const EXAMPLES: Record<CatalogKind, string[]> = {
  regions: ['410499', '示例区', 'county', '410400', '300000'],
  units: ['U-EXAMPLE', '示例单位', '410400'],
  venues: ['V-EXAMPLE', '示例政务服务中心', 'hall', '410400', '示例路1号', ''],
  windows: ['V-EXAMPLE', 'W01', '1号综合窗口', 'U-EXAMPLE', 'PAD-EXAMPLE-1', 'pad'],
  items: ['4104-99-001', '示例事项', 'U-EXAMPLE', '2', '5', '10'],
};
export function csvTemplate(kind: CatalogKind): string {
  return `${KINDS[kind].fields.map((f) => f.name).join(',')}\r\n${EXAMPLES[kind].join(',')}\r\n`;
}

export interface RowError {
  /** The line in the file (the header is line 1); null for the file as a whole. */
  row: number | null;
  field: string;
  message: string;
}

/** The API's import issues (`rows[3].name`, `body`) as rows of the error table, by line. */
export function rowErrors(kind: CatalogKind, issues: { field: string; message: string }[]): RowError[] {
  return issues
    .map((i) => {
      const m = /^rows\[(\d+)\]\.?(.*)$/.exec(i.field);
      return m
        ? { row: Number(m[1]), field: fieldLabel(kind, m[2] ?? ''), message: i.message }
        : { row: null, field: fieldLabel(kind, i.field === 'body' ? '' : i.field), message: i.message };
    })
    .sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
}
