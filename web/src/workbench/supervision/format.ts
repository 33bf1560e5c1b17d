/**
 * Numbers and periods as the supervision pages show them. Rates come from the API as shares
 * (0–1, 4 places) or null when nothing was counted: null is “—”, never 0%.
 */

/** 0.9512 → "95.1%"; null → "—". */
export const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(Math.round(v * 1000) / 10).toFixed(1)}%`);

/** A share as a percentage number for a chart (null stays null: a gap, not 0). */
export const pctValue = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(v * 1000) / 10);

/** Today's date in Shanghai (YYYY-MM-DD), whatever the computer's zone. */
export const shanghaiToday = (now = Date.now()) => new Date(now + 8 * 3600_000).toISOString().slice(0, 10);

/** The first and last day of the month that contains `date`. */
export function monthOf(date: string) {
  const [y = 0, m = 1] = date.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const month = date.slice(0, 7);
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

/** A query value as one string (the router gives string | string[] | null | undefined). */
export const one = (v: unknown): string | undefined => {
  const x = Array.isArray(v) ? v[0] : v;
  return typeof x === 'string' && x !== '' ? x : undefined;
};

export const CHANNEL_NAMES: Record<string, string> = {
  pc: 'PC端',
  mobile: '移动端',
  qr: '二维码',
  pad: '评价器',
  terminal: '自助终端',
  phone: '电话',
  sms: '短信',
  default: '系统默认',
};
export const channelName = (c: string) => CHANNEL_NAMES[c] ?? c;

export const REPORT_KIND_NAMES = { biweekly: '双周通报', progress: '工作进展报告', year: '年度报告' } as const;

/** 12345 bytes → "12.1 KB". */
export const fileSize = (bytes: number) =>
  bytes < 1024 ? `${bytes} B` : bytes < 1048576 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1048576).toFixed(1)} MB`;

/** The report sections' names (core/reports/layout.ts), for a record's `counts`. */
export const REPORT_SECTION_NAMES: Record<string, string> = {
  headline: '主要指标',
  children: '下级区划',
  ranking: '单位排名',
  overdue: '超期和升级督办',
  notices: '通报名单及约谈',
  commended: '通报表彰',
  hotSpots: '投诉热点',
  coverage: '覆盖缺口',
};
export const reportCounts = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([k, v]) => `${REPORT_SECTION_NAMES[k] ?? k} ${v} 条`)
    .join('，');
