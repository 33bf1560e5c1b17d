/**
 * A year's schedule (全年放假安排) as an admin loads it in one request: the statutory
 * holidays and make-up working days (调休上班) the State Council publishes each year, as
 * JSON days or as an iCalendar (.ics) file. Pure: validation and parsing, no I/O.
 */
import type { CalendarOverride } from './calendar.js';
import type { Issue } from './errors.js';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Longest event a feed may hold (the longest Chinese holiday is 8–9 days). */
export const MAX_EVENT_DAYS = 31;

function isRealDate(date: string): boolean {
  const m = DATE_RE.exec(date);
  if (!m) return false;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).toISOString().slice(0, 10) === date;
}

const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * Every date is a real date, in `year`, and listed once; issues name `days.{i}.date`
 * (or what `field` makes of the index) with the rule `date`, `in_year` or `unique`.
 */
export function yearScheduleIssues(year: number, days: readonly Pick<CalendarOverride, 'date'>[], field = (i: number) => `days.${i}.date`): Issue[] {
  const issues: Issue[] = [];
  const seen = new Map<string, number>();
  days.forEach((d, i) => {
    if (!isRealDate(d.date)) issues.push({ field: field(i), rule: 'date', message: `${d.date} 不是有效的日期（YYYY-MM-DD）` });
    else if (Number(d.date.slice(0, 4)) !== year) issues.push({ field: field(i), rule: 'in_year', message: `${d.date} 不在 ${year} 年内` });
    else if (seen.has(d.date)) issues.push({ field: field(i), rule: 'unique', message: `${d.date} 重复（与 ${field(seen.get(d.date)!)} 相同）` });
    else seen.set(d.date, i);
  });
  return issues;
}

// ── iCalendar ────────────────────────────────────────────────────────────────

/**
 * How a VEVENT's SUMMARY is read (the published Chinese feeds write "春节 休" / "春节 班",
 * "春节（休）", "[放假]中秋节", "国庆节假期", "补班", "春节调休" for the Saturday worked):
 * - 班 anywhere (班, 补班, 上班, 加班), or 调休 without 假/放 → make-up working day;
 * - otherwise 休 or 假 anywhere (休, 休息, 放假, 假期) → holiday;
 * - no marker at all → holiday, unless other events of the file carry markers: then it is
 *   a festival that is not a day off (元宵节, 腊八节 in feeds that mix them in) and is skipped.
 */
export function icsSummaryKind(summary: string): CalendarOverride['kind'] | undefined {
  if (/班/.test(summary) || (/调休/.test(summary) && !/[假放]/.test(summary))) return 'workday';
  if (/[休假]/.test(summary)) return 'holiday';
  return undefined;
}

/** The summary without its 休/班 markers: "春节 休" → 春节, "[放假]中秋节" → 中秋节; undefined when nothing is left. */
function icsDayName(summary: string): string | undefined {
  const name = summary
    .replace(/[（(［[【]\s*(调休|补班|上班|加班|放假|假期|休息|休|班)\s*[）)］\]】]/g, '')
    .replace(/调休|补班|上班|加班|放假|假期|休息|休|班/g, '')
    // Control and text-direction characters never reach a stored name (see core/text.ts).
    .replace(/[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return name ? name.slice(0, 50) : undefined;
}

export interface IcsSchedule {
  /** The days of `year`, in file order. */
  days: CalendarOverride[];
  /** What is wrong, naming `events.{i}.{property}` (i counts VEVENTs from 0) and the line. */
  issues: Issue[];
  /** VEVENTs in the file. */
  events: number;
  /** Days of other years in the file (feeds often hold several years), left out. */
  outsideYear: number;
  /** Events without a 休/班 marker in a file that marks the others (festivals that are no day off), left out. */
  unmarked: number;
}

interface RawEvent {
  index: number;
  line: number;
  props: Map<string, { params: string; value: string; line: number }>;
}

/** RFC 5545 lines, unfolded (a line starting with a space or tab continues the previous one), with their first line number. */
function unfold(text: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\n|\r/)
    .forEach((raw, i) => {
      if (/^[ \t]/.test(raw) && out.length) out[out.length - 1]!.text += raw.slice(1);
      else if (raw.trim()) out.push({ text: raw, line: i + 1 });
    });
  return out;
}

const unescapeText = (v: string) => v.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? ' ' : c));

/** `20270101` (a DATE value, with or without `VALUE=DATE`) → `2027-01-01`; undefined for date-times and anything else. */
function icsDate(value: string): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(value.trim());
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

/**
 * Reads the days of `year` from an iCalendar file. Each VEVENT needs `DTSTART` as a
 * date (`DTSTART;VALUE=DATE:20270101`); `DTEND` is exclusive (RFC 5545) and absent means
 * one day (`DURATION:P3D` works too); the SUMMARY decides the kind ({@link icsSummaryKind}).
 * Days of other years are left out, so a multi-year feed or a New Year holiday starting
 * in December loads as that year's part. Any invalid event, or a day listed twice, is an
 * issue: the caller writes nothing unless `issues` is empty.
 */
export function parseIcsSchedule(year: number, text: string): IcsSchedule {
  const events: RawEvent[] = [];
  const stack: string[] = [];
  let current: RawEvent | undefined;
  for (const { text: l, line } of unfold(text)) {
    const m = /^([A-Za-z0-9-]+)((?:;[^:]*)?):(.*)$/.exec(l);
    if (!m) continue;
    const name = m[1]!.toUpperCase();
    const value = m[3]!;
    if (name === 'BEGIN') {
      stack.push(value.trim().toUpperCase());
      if (stack.at(-1) === 'VEVENT') current = { index: events.length, line, props: new Map() };
    } else if (name === 'END') {
      if (stack.pop() === 'VEVENT' && current) {
        events.push(current);
        current = undefined;
      }
    } else if (current && stack.at(-1) === 'VEVENT' && !current.props.has(name)) {
      current.props.set(name, { params: m[2]!.toUpperCase(), value, line });
    }
  }

  const issues: Issue[] = [];
  const bad = (e: RawEvent, prop: string, rule: string, message: string, line = e.line) =>
    issues.push({ field: `events.${e.index}.${prop}`, rule, message: `第 ${line} 行：${message}` });
  const summaries = events.map((e) => unescapeText(e.props.get('SUMMARY')?.value ?? '').trim());
  const marked = summaries.some((s) => icsSummaryKind(s) !== undefined);
  const days: CalendarOverride[] = [];
  const seen = new Map<string, number>();
  let outsideYear = 0;
  let unmarked = 0;

  for (const e of events) {
    const summary = summaries[e.index]!;
    const kind = icsSummaryKind(summary) ?? (marked ? undefined : 'holiday');
    const start = e.props.get('DTSTART');
    const startDate = start && icsDate(start.value);
    if (!start) {
      bad(e, 'dtstart', 'required', '事件缺少 DTSTART');
      continue;
    }
    if (!startDate) {
      bad(e, 'dtstart', 'all_day', `DTSTART 应为全天日期（DTSTART;VALUE=DATE:YYYYMMDD），实际为 ${start.value.slice(0, 40)}`, start.line);
      continue;
    }
    if (!isRealDate(startDate)) {
      bad(e, 'dtstart', 'date', `${start.value.trim()} 不是有效的日期`, start.line);
      continue;
    }
    let length = 1;
    const end = e.props.get('DTEND');
    const duration = e.props.get('DURATION');
    if (end) {
      const endDate = icsDate(end.value);
      if (!endDate || !isRealDate(endDate)) {
        bad(e, 'dtend', 'date', `DTEND 应为全天日期（YYYYMMDD），实际为 ${end.value.slice(0, 40)}`, end.line);
        continue;
      }
      length = Math.round((Date.parse(`${endDate}T00:00:00Z`) - Date.parse(`${startDate}T00:00:00Z`)) / 86_400_000);
      if (length < 1) {
        bad(e, 'dtend', 'after_start', 'DTEND（不含当日）应晚于 DTSTART', end.line);
        continue;
      }
    } else if (duration) {
      const d = /^P(\d+)D$/.exec(duration.value.trim());
      if (!d || Number(d[1]) < 1) {
        bad(e, 'duration', 'days', `DURATION 应为 PnD（n 天），实际为 ${duration.value.slice(0, 40)}`, duration.line);
        continue;
      }
      length = Number(d[1]);
    }
    if (length > MAX_EVENT_DAYS) {
      bad(e, end ? 'dtend' : 'duration', 'max_days', `一个事件最多 ${MAX_EVENT_DAYS} 天，实际 ${length} 天`, (end ?? duration)!.line);
      continue;
    }
    if (!kind) {
      unmarked++;
      continue;
    }
    const name = icsDayName(summary);
    for (let i = 0, date = startDate; i < length; i++, date = nextDay(date)) {
      if (Number(date.slice(0, 4)) !== year) {
        outsideYear++;
        continue;
      }
      const first = seen.get(date);
      if (first !== undefined) {
        bad(e, 'dtstart', 'unique', `${date} 已由 events.${first} 列出，同一天只能出现一次`, start.line);
        continue;
      }
      seen.set(date, e.index);
      days.push({ date, kind, ...(name ? { name } : {}) });
    }
  }
  if (events.length === 0) issues.push({ field: '', rule: 'vevent', message: '文件中没有 VEVENT 事件（应为 iCalendar 格式）' });
  else if (days.length === 0 && issues.length === 0) issues.push({ field: '', rule: 'in_year', message: `文件中没有 ${year} 年的日期` });
  return { days, issues, events: events.length, outsideYear, unmarked };
}
