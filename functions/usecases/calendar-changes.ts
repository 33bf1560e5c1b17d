import { addCalendarDays, type CalendarOverride, endOfShanghaiDay, shanghaiDate, WorkingCalendar } from '../core/calendar.js';
import { parseIcsSchedule, yearScheduleIssues } from '../core/calendar-schedule.js';
import { DomainError } from '../core/errors.js';
import { DEFAULT_RATING_WORKING_DAYS } from '../core/ratings.js';
import { validationError } from '../core/validation.js';
import type { Audience } from '../ports/notifier.js';
import { type CalendarChange, replanOpenReviews } from './bad-review-workflow.js';
import { invalidateCalendar, loadCalendar } from './calendar.js';
import { replanOpenComplaints } from './complaint-workflow.js';
import type { BadReviewDeps, ComplaintDeps, Deps } from './deps.js';

/** A calendar write re-plans what depends on the days: bad reviews, complaints, default ratings. */
export type CalendarDeps = BadReviewDeps & Pick<ComplaintDeps, 'complaints' | 'complaintWorkflow'>;

/**
 * Writes to the working-day calendar — one override, or a whole year's schedule — and
 * what follows from them: every open deadline that depends on a changed day is computed
 * again (bad-review and complaint steps, task orders, complaint due dates, default-rating
 * due dates), and the scheduled
 * warning when a year has no holiday data.
 */

/** The calendar as stored right now (not the per-container cache). */
const storedCalendar = async (deps: Pick<Deps, 'calendarStore'>) => new WorkingCalendar(await deps.calendarStore.overrides());

/** The first of `dates` whose working-day status differs between the two calendars. */
function firstChanged(before: WorkingCalendar, after: WorkingCalendar, dates: Iterable<string>): string | undefined {
  let first: string | undefined;
  for (const d of dates) if (before.isWorkingDay(d) !== after.isWorkingDay(d) && (!first || d < first)) first = d;
  return first;
}

function* daysOfYear(year: number) {
  for (let d = `${year}-01-01`; d.startsWith(`${year}-`); d = addCalendarDays(d, 1)) yield d;
}

/**
 * Completed, unrated cases due a default rating on or after the first changed date get
 * their due date counted again (7 working days after 办结) on the new calendar. A case
 * rated or updated meanwhile (version conflict) is left to the writer, which counted its own.
 */
async function replanDefaultRatings(deps: Deps, change: CalendarChange): Promise<number> {
  const from = endOfShanghaiDay(addCalendarDays(change.fromDate, -1));
  const now = deps.clock.now().toISOString();
  let moved = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.cases.listDefaultRatingDueFrom(from, { cursor, limit: 100 });
    for (const c of page.items) {
      if (!c.completedAt) continue;
      const due = change.after.deadlineAfter(c.completedAt, DEFAULT_RATING_WORKING_DAYS);
      if (due === c.defaultRatingDueAt) continue;
      try {
        await deps.cases.save({ ...c, defaultRatingDueAt: due, updatedAt: now, version: c.version + 1 }, c.version);
        moved++;
      } catch (e) {
        if (!(e instanceof DomainError && e.code === 'CONFLICT')) throw e;
      }
    }
    cursor = page.next;
  } while (cursor);
  return moved;
}

/**
 * Re-plans everything that depends on the days from `change.fromDate` on: open bad
 * reviews (their workflows plan the step again) and default-rating due dates.
 */
export async function replanAfterCalendarChange(deps: CalendarDeps, change: CalendarChange): Promise<{ reviews: number; complaints: number; cases: number }> {
  const reviews = await replanOpenReviews(deps, change);
  const complaints = await replanOpenComplaints(deps, change);
  const cases = await replanDefaultRatings(deps, change);
  return { reviews: reviews.moved, complaints: complaints.moved, cases };
}

/** Runs a write, then re-plans from the first of `dates` whose status it changed (if any). */
async function changeCalendar(deps: CalendarDeps, dates: () => Iterable<string>, write: () => Promise<void>) {
  const before = await storedCalendar(deps);
  await write();
  invalidateCalendar();
  const after = await storedCalendar(deps);
  const fromDate = firstChanged(before, after, dates());
  const replanned = fromDate ? await replanAfterCalendarChange(deps, { fromDate, before, after }) : { reviews: 0, complaints: 0, cases: 0 };
  return { fromDate, replanned };
}

/** An admin marks one day a holiday or a make-up working day; deadlines that depend on it move. */
export async function putOverride(deps: CalendarDeps, o: CalendarOverride) {
  new WorkingCalendar([o]); // validates the date
  const { replanned } = await changeCalendar(
    deps,
    () => [o.date],
    () => deps.calendarStore.putOverride(o),
  );
  return { ...o, replanned };
}

/** An admin removes the override of a day; deadlines that depend on it move back. */
export async function deleteOverride(deps: CalendarDeps, date: string) {
  const { replanned } = await changeCalendar(
    deps,
    () => [date],
    () => deps.calendarStore.deleteOverride(date),
  );
  return { date, deleted: true, replanned };
}

/**
 * Loads a whole year's schedule (holidays and make-up working days): every date real, in
 * that year and listed once, or a 400 naming `days.{i}.date` and nothing is written. The
 * days replace the year's overrides; an empty list removes them.
 */
export async function loadCalendarYear(deps: CalendarDeps, year: number, days: CalendarOverride[], ignored?: Record<string, number>) {
  const issues = yearScheduleIssues(year, days);
  if (issues.length) throw validationError(issues);
  let removed = 0;
  const { fromDate, replanned } = await changeCalendar(
    deps,
    () => daysOfYear(year),
    async () => {
      ({ removed } = await deps.calendarStore.replaceYear(year, days));
    },
  );
  const after = await loadCalendar(deps.calendarStore);
  return {
    year,
    days: days.length,
    holidays: days.filter((d) => d.kind === 'holiday').length,
    workdays: days.filter((d) => d.kind === 'workday').length,
    removed,
    covered: after.hasYear(year),
    firstChangedDate: fromDate ?? null,
    replanned,
    ...(ignored ? { ignored } : {}),
  };
}

/**
 * Loads a year's schedule from an iCalendar file (a published holiday feed): see
 * `parseIcsSchedule` (core/calendar-schedule.ts) for how events become days. Any bad
 * event is a 400 naming `events.{i}.{property}` and nothing is written.
 */
export async function loadCalendarYearIcs(deps: CalendarDeps, year: number, ics: string) {
  const parsed = parseIcsSchedule(year, ics);
  if (parsed.issues.length) throw validationError(parsed.issues);
  return loadCalendarYear(deps, year, parsed.days, { events: parsed.events, outsideYear: parsed.outsideYear, unmarked: parsed.unmarked });
}

/**
 * Scheduled (with the reminders): when the current year, or from November on next year,
 * has no holiday data, admins and every supervisor get one in-app notification per missing
 * year. The ids are fixed per year and audience and the inbox stores an id once, so the
 * job may run any number of times; only the inbox is used (no SNS or SMS on every run).
 */
export async function warnMissingCalendarYears(deps: Pick<BadReviewDeps, 'calendarStore' | 'clock' | 'inbox'>): Promise<{ missingYears: number[] }> {
  const now = deps.clock.now();
  const years = (await loadCalendar(deps.calendarStore)).missingYears(shanghaiDate(now));
  const audiences: Audience[] = [{ kind: 'operators' }, { kind: 'allSupervisors' }];
  for (const year of years)
    for (const audience of audiences)
      await deps.inbox.notify({
        id: `calendar:missing-year:${year}:${audience.kind}`,
        audience,
        kind: 'alert',
        title: `${year}年节假日安排尚未录入`,
        body: `${year}年的节假日与调休安排尚未录入：涉及${year}年的截止日期暂按周一至周五为工作日推算，仅供参考。请管理员在国务院公布放假安排后导入全年安排（JSON 或 .ics 文件）。`,
        subject: `calendar-${year}`,
        createdAt: now.toISOString(),
      });
  return { missingYears: years };
}
