/**
 * Calendar writes and what follows from them, over the in-memory fakes: provisional
 * dates across a year without holiday data, loading a year's schedule (JSON and .ics),
 * re-planning default-rating due dates, and the scheduled missing-year notification.
 * (Re-planning bad reviews is in bad-review-usecases.test.ts, with the workflow.)
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_BAD_REVIEW_CONFIG } from '../../functions/core/bad-review.js';
import { invalidateCalendar, workingDeadline } from '../../functions/usecases/calendar.js';
import { deleteOverride, loadCalendarYear, loadCalendarYearIcs, putOverride, warnMissingCalendarYears } from '../../functions/usecases/calendar-changes.js';
import { getCase, submitCase } from '../../functions/usecases/cases.js';
import { listNotifications } from '../../functions/usecases/notifications.js';
import { type BadReviewFakeDeps, type BadReviewHarness, makeBadReviewDeps } from '../fakes-bad-review.js';
import { body, caseInput, domainError, principals } from '../fakes.js';

let h: BadReviewHarness;
let deps: BadReviewFakeDeps;

beforeEach(() => {
  invalidateCalendar();
  // Real working-day deadlines (no demo clock).
  h = makeBadReviewDeps({ config: DEFAULT_BAD_REVIEW_CONFIG, demoWorkdaySeconds: 0, timeScale: 0.02 });
  deps = h.deps;
  deps.demoWorkdaySeconds = undefined;
});
afterEach(() => h.stop());

const NEW_YEAR_2027 = [
  { date: '2027-01-01', kind: 'holiday' as const, name: '元旦' },
  { date: '2027-02-06', kind: 'workday' as const, name: '春节' },
];

/** A completed case pushed by the admin; the clock reads a day later. */
async function completedCase(completedAt: string) {
  deps.clock.set(new Date(Date.parse(completedAt) + 86_400_000).toISOString());
  const input = caseInput({ status: 'completed', acceptedAt: completedAt, completedAt });
  expect((await submitCase(deps, principals.admin, input)).outcome).toBe('created');
  return input.caseNumber;
}

describe('GET /calendar/deadline across a year without holiday data', () => {
  it('says the date is provisional and names the missing year', async () => {
    // Act
    const reply = body(await workingDeadline(deps.calendarStore, '2026-12-20', 15));
    // Assess
    expect(reply).toMatchObject({ due: '2027-01-08', provisional: true, provisionalYears: [2027] });
    expect(reply.provisionalReason).toContain('2027年');
  });

  it('is not provisional within 2026, and stops being provisional once 2027 is loaded (the date moves)', async () => {
    // Act
    const within = body(await workingDeadline(deps.calendarStore, '2026-11-02', 3));
    await loadCalendarYear(deps, 2027, NEW_YEAR_2027);
    const loaded = body(await workingDeadline(deps.calendarStore, '2026-12-20', 15));
    // Assess
    expect(within).toMatchObject({ due: '2026-11-05', provisional: false });
    expect(within).not.toHaveProperty('provisionalReason');
    expect(loaded).toMatchObject({ due: '2027-01-11', provisional: false });
  });
});

describe('a case due a default rating', () => {
  it('shows a due date in 2027 as provisional, and re-plans it when the 2027 schedule is loaded', async () => {
    // Prepare: completed Thu 2026-12-24: 7 working days end Mon 2027-01-04 while 2027-01-01 (Fri) counts as working
    const n = await completedCase('2026-12-24T10:00:00+08:00');
    const before = body(await getCase(deps, principals.admin, n));
    // Act
    const loaded = body(await loadCalendarYear(deps, 2027, NEW_YEAR_2027));
    const after = body(await getCase(deps, principals.admin, n));
    // Assess
    expect(before).toMatchObject({ defaultRatingDueAt: '2027-01-04T15:59:59.999Z', defaultRatingDueProvisional: true });
    expect(before.defaultRatingDueProvisionalReason).toContain('2027年');
    expect(loaded).toMatchObject({ year: 2027, days: 2, holidays: 1, workdays: 1, covered: true, firstChangedDate: '2027-01-01', replanned: { cases: 1 } });
    expect(after).toMatchObject({ defaultRatingDueAt: '2027-01-05T15:59:59.999Z', defaultRatingDueProvisional: false });
    expect(after).not.toHaveProperty('defaultRatingDueProvisionalReason');
  });

  it('moves a due date that depends on a changed day, and back when the override is removed; earlier due dates stay', async () => {
    // Prepare: due Wed 2026-12-09 (completed Mon 11-30), and one due Tue 12-22 (completed Fri 12-11)
    const early = await completedCase('2026-11-30T10:00:00+08:00');
    const late = await completedCase('2026-12-11T10:00:00+08:00');
    const earlyBefore = (await deps.cases.get(early))!;
    // Act
    const put = body(await putOverride(deps, { date: '2026-12-15', kind: 'holiday', name: '测试' }));
    const moved = (await deps.cases.get(late))!;
    const removed = body(await deleteOverride(deps, '2026-12-15'));
    // Assess
    expect(put.replanned).toEqual({ reviews: 0, complaints: 0, cases: 1 });
    expect(moved.defaultRatingDueAt).toBe('2026-12-23T15:59:59.999Z');
    expect(removed.replanned).toEqual({ reviews: 0, complaints: 0, cases: 1 });
    expect((await deps.cases.get(late))!.defaultRatingDueAt).toBe('2026-12-22T15:59:59.999Z');
    expect(await deps.cases.get(early)).toEqual(earlyBefore);
  });

  it('re-plans nothing when an override does not change whether the day is worked', async () => {
    // Prepare
    const n = await completedCase('2026-12-11T10:00:00+08:00');
    const saves = deps.cases.saves.length;
    // Act: 2026-12-19 is a Saturday already
    const put = body(await putOverride(deps, { date: '2026-12-19', kind: 'holiday', name: '周六' }));
    // Assess
    expect(put.replanned).toEqual({ reviews: 0, complaints: 0, cases: 0 });
    expect(deps.cases.saves.length).toBe(saves);
    expect((await deps.cases.get(n))!.defaultRatingDueAt).toBe('2026-12-22T15:59:59.999Z');
  });
});

describe("loading a year's schedule", () => {
  it("replaces the year's overrides and leaves other years alone", async () => {
    // Prepare
    await deps.calendarStore.putOverride({ date: '2027-03-03', kind: 'holiday', name: '旧' });
    await deps.calendarStore.putOverride({ date: '2026-12-30', kind: 'holiday', name: '别的年份' });
    // Act
    const reply = body(await loadCalendarYear(deps, 2027, NEW_YEAR_2027));
    // Assess
    expect(reply).toMatchObject({ removed: 1, days: 2 });
    expect((await deps.calendarStore.overrides()).map((o) => o.date)).toEqual(['2026-12-30', '2027-01-01', '2027-02-06']);
  });

  it('refuses a bad entry with 400 naming days.{i}.date and the rule, and writes nothing', async () => {
    // Act
    const e = await domainError(() =>
      loadCalendarYear(deps, 2027, [...NEW_YEAR_2027, { date: '2028-01-01', kind: 'holiday' }, { date: '2027-01-01', kind: 'workday' }]),
    );
    // Assess
    expect(e.status).toBe(400);
    expect(e.issues.map((i) => [i.field, i.rule])).toEqual([
      ['days.2.date', 'in_year'],
      ['days.3.date', 'unique'],
    ]);
    expect(deps.calendarStore.yearLoads).toEqual([]);
    expect(await deps.calendarStore.overrides()).toEqual([]);
  });

  it('loads the year from an .ics feed, and refuses a bad event with 400 naming events.{i} without writing', async () => {
    // Prepare
    const ics = (extra = '') =>
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'BEGIN:VEVENT',
        'DTSTART;VALUE=DATE:20270101',
        'DTEND;VALUE=DATE:20270102',
        'SUMMARY:元旦 休',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'DTSTART;VALUE=DATE:20270206',
        'SUMMARY:春节 班',
        'END:VEVENT',
        extra,
        'END:VCALENDAR',
      ]
        .filter(Boolean)
        .join('\r\n');
    // Act
    const bad = await domainError(() => loadCalendarYearIcs(deps, 2027, ics('BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270231\r\nSUMMARY:休\r\nEND:VEVENT')));
    const written = deps.calendarStore.yearLoads.length;
    const good = body(await loadCalendarYearIcs(deps, 2027, ics()));
    // Assess
    expect([bad.status, bad.issues.map((i) => [i.field, i.rule])]).toEqual([400, [['events.2.dtstart', 'date']]]);
    expect(written).toBe(0);
    expect(good).toMatchObject({ year: 2027, holidays: 1, workdays: 1, covered: true, ignored: { events: 2, outsideYear: 0, unmarked: 0 } });
    expect(await deps.calendarStore.overrides()).toEqual([
      { date: '2027-01-01', kind: 'holiday', name: '元旦' },
      { date: '2027-02-06', kind: 'workday', name: '春节' },
    ]);
  });
});

describe('the missing-year notification (scheduled with the reminders)', () => {
  const calendarNotes = async (p: (typeof principals)[keyof typeof principals]) =>
    (body(await listNotifications(deps, p, 200)).items as { subject?: string; title: string }[]).filter((n) => n.subject?.startsWith('calendar-'));

  it('tells admins and every supervisor once per missing year from November, however often the job runs', async () => {
    // Prepare: 2026-11-02, 2027 has no data
    // Act
    const first = await warnMissingCalendarYears(deps);
    const second = await warnMissingCalendarYears(deps);
    // Assess
    expect([first, second]).toEqual([{ missingYears: [2027] }, { missingYears: [2027] }]);
    for (const p of [principals.admin, principals.supervisor, principals.countySupervisor]) {
      const notes = await calendarNotes(p);
      expect(notes, p.sub).toHaveLength(1);
      expect(notes[0]!.title).toContain('2027年');
    }
    expect(await calendarNotes(principals.staff)).toEqual([]);
    expect(deps.inbox.all('calendar-2027')).toHaveLength(2);
  });

  it('says nothing before November, or once the year is loaded', async () => {
    // Act
    deps.clock.set('2026-10-20T02:00:00.000Z');
    const october = await warnMissingCalendarYears(deps);
    deps.clock.set('2026-11-20T02:00:00.000Z');
    await loadCalendarYear(deps, 2027, NEW_YEAR_2027);
    const loaded = await warnMissingCalendarYears(deps);
    // Assess
    expect([october, loaded]).toEqual([{ missingYears: [] }, { missingYears: [] }]);
    expect(deps.inbox.sent).toEqual([]);
  });
});
