import { provisionalReason, shanghaiDate, WorkingCalendar } from '../core/calendar.js';
import type { CalendarStore, Clock } from '../ports/stores.js';

const CACHE_MS = 30_000;
let cached: { at: number; calendar: WorkingCalendar } | undefined;

/** The working-day calendar with the admin's overrides, cached briefly per container. */
/** The working-day calendar in force, as the supervision core reads it. */
export const workingDays = (deps: { calendarStore: CalendarStore }) => ({ current: () => loadCalendar(deps.calendarStore) });

export async function loadCalendar(store: CalendarStore): Promise<WorkingCalendar> {
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.calendar;
  const calendar = new WorkingCalendar(await store.overrides());
  cached = { at: Date.now(), calendar };
  return calendar;
}
export const invalidateCalendar = () => {
  cached = undefined;
};

/** Special days of a year: weekdays off (holidays) and weekend days on (调休 make-up days). */
export async function getCalendar(deps: { calendarStore: CalendarStore; clock: Clock }, year?: number) {
  const today = shanghaiDate(deps.clock.now());
  const y = year ?? Number(today.slice(0, 4));
  const overrides = await deps.calendarStore.overrides();
  const cal = new WorkingCalendar(overrides);
  const byDate = new Map(overrides.map((o) => [o.date, o]));
  const days: { date: string; kind: 'holiday' | 'workday'; source: 'package' | 'override'; name?: string }[] = [];
  for (let d = new Date(Date.UTC(y, 0, 1)); d.getUTCFullYear() === y; d.setUTCDate(d.getUTCDate() + 1)) {
    const date = d.toISOString().slice(0, 10);
    const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6;
    const working = cal.isWorkingDay(date);
    if (weekend === working) {
      const o = byDate.get(date);
      days.push({ date, kind: working ? 'workday' : 'holiday', source: o ? 'override' : 'package', ...(o?.name ? { name: o.name } : {}) });
    }
  }
  return { year: y, covered: cal.hasYear(y), warning: cal.missingYearWarning(today), missingYears: cal.missingYears(today), days, overrides };
}

/** The Nth working day after `from`; `provisional` (with the years and a reason) when the span crosses a year without holiday data. */
export async function workingDeadline(store: CalendarStore, from: string, days: number) {
  const cal = await loadCalendar(store);
  const due = cal.addWorkingDays(from, days);
  const years = cal.provisionalYears(from, due);
  return {
    from,
    days,
    due,
    rule: '自次日起算的第 N 个工作日',
    provisional: years.length > 0,
    ...(years.length ? { provisionalYears: years, provisionalReason: provisionalReason(years) } : {}),
  };
}

// Writes to the calendar (overrides, a year's schedule) re-plan open deadlines: usecases/calendar-changes.ts.
