/**
 * Small pure helpers of the leader pages: rates as percentages, the time left to a
 * server-computed deadline, and a task order's state in words.
 */

/** A share 0–1 as `92.5%`; `—` when nothing was counted (the API sends null). */
export const pct = (rate: number | null | undefined) => (rate === null || rate === undefined ? '—' : `${Math.round(rate * 1000) / 10}%`);

/** Bar width for a share (0–100), 0 when there is none. */
export const barWidth = (rate: number | null | undefined) => (rate === null || rate === undefined ? 0 : Math.max(0, Math.min(100, rate * 100)));

const UNITS: [number, string][] = [
  [86_400, '天'],
  [3_600, '小时'],
  [60, '分'],
  [1, '秒'],
];

/** `2天3小时`, `5分12秒`, `2小时`: the largest part of a span of seconds and the next one unless it is 0. */
export function span(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const i = UNITS.findIndex(([size]) => total >= size);
  if (i < 0) return '0秒';
  const [size, name] = UNITS[i]!;
  const next = UNITS[i + 1];
  const rest = next ? Math.floor((total % size) / next[0]) : 0;
  return `${Math.floor(total / size)}${name}${next && rest ? `${rest}${next[1]}` : ''}`;
}

/** Time left to `deadline` at `now` (ms), as text that also says when it has passed (never colour alone). */
export function timeLeft(deadline: string, now: number): { overdue: boolean; text: string } {
  const seconds = (Date.parse(deadline) - now) / 1000;
  return seconds >= 0 ? { overdue: false, text: `剩余 ${span(seconds)}` } : { overdue: true, text: `已超期 ${span(-seconds)}` };
}

/** Shanghai local time `2026-03-05 14:30`. */
export function shanghaiTime(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(Date.parse(iso) + 8 * 3_600_000);
  return d.toISOString().slice(0, 16).replace('T', ' ');
}

/** Shanghai local date as `2026年3月5日` (the printed form's dates). */
export function chineseDate(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(Date.parse(iso) + 8 * 3_600_000);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

export type OrderState = 'issued' | 'acknowledged' | 'completed' | 'overdue';
export const STATE_NAMES: Record<OrderState, string> = { issued: '待签收', acknowledged: '已签收', completed: '已办结', overdue: '超期' };

/** 待签收 / 已签收 / 已办结 / 超期: completed first; past its deadline (by the server, or now) is 超期. */
export function stateOf(t: { status: string; deadline: string; acknowledgedAt?: string }, now: number): OrderState {
  if (t.status === 'completed') return 'completed';
  if (t.status === 'overdue' || Date.parse(t.deadline) < now) return 'overdue';
  return t.acknowledgedAt ? 'acknowledged' : 'issued';
}

/** The unit steps an automatic order names (bad reviews and complaints). */
export const STEP_NAMES: Record<string, string> = { verify: '核实', rectify: '整改反馈', accept: '签收受理', handle: '办理答复' };
