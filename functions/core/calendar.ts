/**
 * Working-day calendar (工作日) for deadlines, computed in Asia/Shanghai.
 *
 * Holiday data comes from the `chinese-days` package (years 2004–2026 in v1.5.7), as the
 * dates of its JSON file written compactly into holiday-data.ts (`npm run holidays`; ~4 KiB
 * instead of 37 KiB in every function that computes a deadline). The package's functions
 * are not used because they shift the date by one day when the process time zone is west
 * of UTC (e.g. America/New_York). Admin overrides win over the package and can supply years
 * it lacks.
 */
import { HOLIDAYS, WORKDAYS } from './holiday-data.js';

/** An admin-entered calendar entry; it wins over the package data for its date. */
export type CalendarOverride = {
  /** `YYYY-MM-DD` */
  date: string;
  kind: 'holiday' | 'workday';
  name?: string;
};

/** `YYYY:MMDD MMDD;YYYY:…` → the `YYYY-MM-DD` dates. */
const decodeDates = (data: string) =>
  new Set(
    data.split(';').flatMap((year) => {
      const [y = '', days = ''] = year.split(':');
      return days.split(' ').map((d) => `${y}-${d.slice(0, 2)}-${d.slice(2)}`);
    }),
  );
// Decoded on first use, not at module load.
let holidays: ReadonlySet<string> | undefined;
let workdays: ReadonlySet<string> | undefined;
const packageHoliday = (date: string) => (holidays ??= decodeDates(HOLIDAYS)).has(date);
const packageWorkday = (date: string) => (workdays ??= decodeDates(WORKDAYS)).has(date);
let packageYears: ReadonlySet<number> | undefined;
const packageHasYear = (year: number) => (packageYears ??= new Set(`${HOLIDAYS};${WORKDAYS}`.split(';').map((y) => Number(y.slice(0, 4))))).has(year);

const DAY_MS = 86_400_000;
/** China has used UTC+8 without daylight saving since 1991. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses a `YYYY-MM-DD` calendar date to UTC-midnight epoch ms; throws RangeError if invalid. */
function toEpochDay(date: string): number {
  const m = DATE_RE.exec(date);
  if (m) {
    const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    if (new Date(ms).toISOString().slice(0, 10) === date) return ms;
  }
  throw new RangeError(`Invalid date (expected YYYY-MM-DD): ${date}`);
}

function fromEpochDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Returns `date` plus `days` calendar days (`YYYY-MM-DD`). */
export function addCalendarDays(date: string, days: number): string {
  return fromEpochDay(toEpochDay(date) + days * DAY_MS);
}

function toInstant(instant: Date | string): Date {
  const d = instant instanceof Date ? instant : new Date(instant);
  if (Number.isNaN(d.getTime())) throw new RangeError(`Invalid instant: ${String(instant)}`);
  return d;
}

/** The `YYYY-MM-DD` date of an instant in Asia/Shanghai, whatever the process time zone. */
export function shanghaiDate(instant: Date | string): string {
  return new Date(toInstant(instant).getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant 23:59:59.999 +08:00 on a Shanghai date, as a UTC ISO string. */
export function endOfShanghaiDay(date: string): string {
  return new Date(toEpochDay(date) + DAY_MS - 1 - SHANGHAI_OFFSET_MS).toISOString();
}

/** Statutory holidays and make-up working days (调休), with admin overrides. */
export class WorkingCalendar {
  private readonly overrides = new Map<string, CalendarOverride['kind']>();
  private readonly overrideYears = new Set<number>();

  /** Overrides are validated; a later entry for the same date wins. */
  constructor(overrides: readonly CalendarOverride[] = []) {
    for (const o of overrides) {
      toEpochDay(o.date);
      this.overrides.set(o.date, o.kind);
      this.overrideYears.add(Number(o.date.slice(0, 4)));
    }
  }

  /** A make-up working day, or Monday–Friday that is not a statutory holiday; overrides first. */
  isWorkingDay(date: string): boolean {
    const weekday = new Date(toEpochDay(date)).getUTCDay();
    const override = this.overrides.get(date);
    if (override) return override === 'workday';
    if (packageWorkday(date)) return true;
    return weekday >= 1 && weekday <= 5 && !packageHoliday(date);
  }

  /** The Nth working day strictly after `from` ("within N working days from the day after"); n = 0 returns `from`. */
  addWorkingDays(from: string, n: number): string {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer: ${n}`);
    let date = addCalendarDays(from, 0);
    for (let left = n; left > 0; ) {
      date = addCalendarDays(date, 1);
      if (this.isWorkingDay(date)) left--;
    }
    return date;
  }

  /** Number of working days in (from, to]; 0 when `to` <= `from`. */
  workingDaysBetween(from: string, to: string): number {
    let count = 0;
    for (let ms = toEpochDay(from) + DAY_MS, end = toEpochDay(to); ms <= end; ms += DAY_MS) {
      if (this.isWorkingDay(fromEpochDay(ms))) count++;
    }
    return count;
  }

  /** True when the package covers the year or at least one override falls in it. */
  hasYear(year: number): boolean {
    return packageHasYear(year) || this.overrideYears.has(year);
  }

  /**
   * The years without holiday data that a count from `from` to `to` looks at: the days
   * (from, to], as "N working days" counts from the day after. A date there is only
   * provisional (Monday–Friday assumed). Dates (`YYYY-MM-DD`) or instants (their Shanghai
   * date); empty when `to` is not after `from`.
   */
  provisionalYears(from: Date | string, to: Date | string): number[] {
    const [start, end] = [asShanghaiDate(from), asShanghaiDate(to)];
    const years: number[] = [];
    if (end <= start) return years;
    for (let y = Number(addCalendarDays(start, 1).slice(0, 4)); y <= Number(end.slice(0, 4)); y++) if (!this.hasYear(y)) years.push(y);
    return years;
  }

  /** The current year if it has no data, and from `fromMonth` (default November) on next year if it has none. */
  missingYears(today: string, fromMonth = 11): number[] {
    toEpochDay(today);
    const year = Number(today.slice(0, 4));
    const month = Number(today.slice(5, 7));
    const missing: number[] = [];
    if (!this.hasYear(year)) missing.push(year);
    if (month >= fromMonth && !this.hasYear(year + 1)) missing.push(year + 1);
    return missing;
  }

  /**
   * A Simplified Chinese warning for supervisors when the current year's calendar is missing,
   * or, from `fromMonth` (default November) on, next year's; otherwise null.
   */
  missingYearWarning(today: string, fromMonth = 11): string | null {
    const missing = this.missingYears(today, fromMonth);
    if (missing.length === 0) return null;
    return `尚未配置${missing.map((y) => `${y}年`).join('、')}节假日数据，请管理员录入国务院公布的放假安排`;
  }

  /** End (23:59:59.999 Shanghai) of the Nth working day after the instant's Shanghai date, as UTC ISO. */
  deadlineAfter(instant: Date | string, n: number): string {
    return endOfShanghaiDay(this.addWorkingDays(shanghaiDate(instant), n));
  }
}

/** A `YYYY-MM-DD` date as it is, or the Shanghai date of an instant. */
function asShanghaiDate(x: Date | string): string {
  return typeof x === 'string' && DATE_RE.test(x) ? addCalendarDays(x, 0) : shanghaiDate(x);
}

/**
 * Why a date is provisional, in Simplified Chinese for the people who rely on it, or
 * undefined when `years` is empty: the years it crosses have no holiday data yet.
 */
export function provisionalReason(years: readonly number[]): string | undefined {
  if (years.length === 0) return undefined;
  return `${years.map((y) => `${y}年`).join('、')}的节假日安排尚未录入，该日期暂按周一至周五为工作日推算，录入后可能变化`;
}

/** An instant as Beijing time for texts people read: `2026-11-27 18:00`. */
export function shanghaiTime(instant: Date | string): string {
  const d = new Date(new Date(instant).getTime() + 8 * 3_600_000);
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)}`;
}
