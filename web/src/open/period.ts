/**
 * The disclosure's period, as it sits in the page's URL (`p`): a month `2026-11`, a quarter
 * `2026-Q4`, a year `2026`, or any span `2026-01-05~2026-03-01` (at most a year, as the API
 * allows). `periodQuery` turns it into the API's `month` or `from`/`to`.
 */
export type PeriodKind = 'month' | 'quarter' | 'year' | 'range';
export interface Period {
  kind: PeriodKind;
  value: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

export function parsePeriod(p: string | null | undefined, today: string): Period {
  const v = (p ?? '').trim();
  if (/^\d{4}-(0[1-9]|1[0-2])$/.test(v)) return { kind: 'month', value: v };
  if (/^\d{4}-Q[1-4]$/.test(v)) return { kind: 'quarter', value: v };
  if (/^\d{4}$/.test(v)) return { kind: 'year', value: v };
  if (/^\d{4}-\d{2}-\d{2}~\d{4}-\d{2}-\d{2}$/.test(v)) return { kind: 'range', value: v };
  return { kind: 'month', value: today.slice(0, 7) };
}

/** The API's query for a period. */
export function periodQuery(p: Period): { month: string } | { from: string; to: string } {
  switch (p.kind) {
    case 'month':
      return { month: p.value };
    case 'quarter': {
      const y = Number(p.value.slice(0, 4));
      const q = Number(p.value.slice(6));
      return { from: `${y}-${pad(q * 3 - 2)}-01`, to: `${y}-${pad(q * 3)}-${lastDay(y, q * 3)}` };
    }
    case 'year':
      return { from: `${p.value}-01-01`, to: `${p.value}-12-31` };
    case 'range': {
      const [from = '', to = ''] = p.value.split('~');
      return { from, to };
    }
  }
}

/** The default value when the reader switches to a kind (the current month, quarter, year; the last 30 days). */
export function defaultPeriod(kind: PeriodKind, today: string): Period {
  const y = today.slice(0, 4);
  const m = Number(today.slice(5, 7));
  switch (kind) {
    case 'month':
      return { kind, value: today.slice(0, 7) };
    case 'quarter':
      return { kind, value: `${y}-Q${Math.ceil(m / 3)}` };
    case 'year':
      return { kind, value: y };
    case 'range': {
      const from = new Date(Date.parse(`${today}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
      return { kind, value: `${from}~${today}` };
    }
  }
}

/** "2026年11月", "2026年第4季度", "2026年", "2026-01-05 至 2026-03-01". */
export function periodLabel(p: Period): string {
  switch (p.kind) {
    case 'month':
      return `${p.value.slice(0, 4)}年${Number(p.value.slice(5))}月`;
    case 'quarter':
      return `${p.value.slice(0, 4)}年第${p.value.slice(6)}季度`;
    case 'year':
      return `${p.value}年`;
    case 'range':
      return p.value.replace('~', ' 至 ');
  }
}

/** A share as a percentage with one decimal, or 暂无 when nothing was counted. */
export const percent = (r: number | null | undefined) => (r === null || r === undefined ? '暂无' : `${(Math.round(r * 1000) / 10).toFixed(1)}%`);
