import { addCalendarDays, shanghaiDate } from '../calendar.js';
import { EXCHANGE_KINDS, type ExchangeKind } from './receivers.js';
import { gbTime } from './rows.js';

/**
 * Export windows and batch ids. A window is a Shanghai day, `[00:00, 24:00)`, or the part
 * of today exported on demand, `[00:00, to)`. Its id is `YYYYMMDD` for a whole day and
 * `YYYYMMDDThhmmss` (its end) for a part of one, so the same window always gives the same
 * batch ids: a re-run is recognised, by us and by the receiver (the id is its idempotency key).
 */
export interface ExportWindow {
  id: string;
  day: string;
  /** ISO instants, UTC: from inclusive, to exclusive. */
  from: string;
  to: string;
  /** The whole day (the daily job's windows, which move the watermark). */
  whole: boolean;
}

const startOfShanghaiDay = (day: string) => new Date(Date.parse(`${day}T00:00:00+08:00`)).toISOString();

export function dayWindow(day: string): ExportWindow {
  return { id: day.replaceAll('-', ''), day, from: startOfShanghaiDay(day), to: startOfShanghaiDay(addCalendarDays(day, 1)), whole: true };
}

/** Today from midnight up to `now` (to the second). */
export function partialWindow(now: Date): ExportWindow {
  const to = new Date(Math.floor(now.getTime() / 1000) * 1000).toISOString();
  const day = shanghaiDate(now);
  return { id: gbTime(to), day, from: startOfShanghaiDay(day), to, whole: false };
}

/** `{receiverId}:{windowId}:{kind}:{n}`, n from 1. */
export const batchId = (receiverId: string, windowId: string, kind: ExchangeKind, n: number) => `${receiverId}:${windowId}:${kind}:${n}`;

export function parseBatchId(id: string): { receiverId: string; windowId: string; kind: ExchangeKind; n: number } | undefined {
  const m = /^([a-z0-9][a-z0-9-]{0,39}):(\d{8}(?:T\d{6})?):([a-z]+):([1-9]\d{0,5})$/.exec(id);
  if (!m || !(EXCHANGE_KINDS as readonly string[]).includes(m[3]!)) return undefined;
  return { receiverId: m[1]!, windowId: m[2]!, kind: m[3] as ExchangeKind, n: Number(m[4]) };
}

/** Whether an instant falls in the window. */
export const inWindow = (w: Pick<ExportWindow, 'from' | 'to'>, instant: string) => {
  const t = Date.parse(instant);
  return t >= Date.parse(w.from) && t < Date.parse(w.to);
};
