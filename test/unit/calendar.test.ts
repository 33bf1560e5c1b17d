import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import chineseDays from 'chinese-days';
import { addCalendarDays, endOfShanghaiDay, provisionalReason, shanghaiDate, WorkingCalendar, type CalendarOverride } from '../../functions/core/calendar.js';
import { icsSummaryKind, parseIcsSchedule, yearScheduleIssues } from '../../functions/core/calendar-schedule.js';
import { parseOrThrow } from '../../functions/core/validation.js';
import { ROUTES } from '../../functions/http/routes.js';
import { DomainError } from '../../functions/core/errors.js';
import { readFileSync } from 'node:fs';
import { HOLIDAY_DATA_FILE, holidayDataSource } from '../tools/holidays.js';

/** Sets or clears process.env.TZ (assigning undefined would store the string "undefined"). */
function setTz(tz: string | undefined): void {
  if (tz === undefined) delete process.env.TZ;
  else process.env.TZ = tz;
}

const fake2027: CalendarOverride[] = [
  { date: '2027-01-01', kind: 'holiday', name: '元旦' },
  { date: '2027-02-06', kind: 'workday', name: '春节' },
  { date: '2027-02-08', kind: 'holiday', name: '春节' },
];

describe('WorkingCalendar with the packaged 2026 State Council schedule', () => {
  const calendar = new WorkingCalendar();

  it('treats the Spring Festival make-up Saturdays as working days and the festival as holiday', () => {
    // Prepare: packaged data only
    // Act / Assess
    expect(calendar.isWorkingDay('2026-02-14')).toBe(true);
    expect(calendar.isWorkingDay('2026-02-28')).toBe(true);
    expect(calendar.isWorkingDay('2026-02-16')).toBe(false);
  });

  it('treats the National Day make-up Sunday/Saturday as working days and Oct 1–7 as holidays', () => {
    // Prepare
    const holidays = ['01', '02', '03', '04', '05', '06', '07'].map((d) => `2026-10-${d}`);
    // Act
    const worked = holidays.map((d) => calendar.isWorkingDay(d));
    // Assess
    expect(calendar.isWorkingDay('2026-09-20')).toBe(true);
    expect(calendar.isWorkingDay('2026-10-10')).toBe(true);
    expect(worked).toEqual([false, false, false, false, false, false, false]);
  });

  it('uses the plain Monday–Friday rule on ordinary weeks', () => {
    // Prepare: 2026-03-02 is a Monday
    // Act / Assess
    expect(calendar.isWorkingDay('2026-03-02')).toBe(true);
    expect(calendar.isWorkingDay('2026-03-06')).toBe(true);
    expect(calendar.isWorkingDay('2026-03-07')).toBe(false);
    expect(calendar.isWorkingDay('2026-03-08')).toBe(false);
  });

  it('holds the installed chinese-days data as `npm run holidays` writes it', () => {
    expect(readFileSync(HOLIDAY_DATA_FILE, 'utf8')).toBe(holidayDataSource());
  });

  it('agrees with the chinese-days functions on every day 2004–2026 (process TZ Asia/Shanghai)', () => {
    // Prepare
    const saved = process.env.TZ;
    setTz('Asia/Shanghai');
    const disagreements: string[] = [];
    // Act
    for (let d = '2004-01-01'; d <= '2026-12-31'; d = addCalendarDays(d, 1)) {
      if (calendar.isWorkingDay(d) !== chineseDays.isWorkday(d)) disagreements.push(d);
    }
    setTz(saved);
    // Assess
    expect(disagreements).toEqual([]);
  });
});

describe('addWorkingDays counts from the day after', () => {
  const calendar = new WorkingCalendar();

  it('skips the National Day holiday and lands on the make-up Saturday', () => {
    // Prepare: Wed 2026-09-30; Oct 1–7 off, Oct 8 Thu, Oct 9 Fri, Oct 10 Sat (make-up)
    // Act
    const due = calendar.addWorkingDays('2026-09-30', 3);
    // Assess
    expect(due).toBe('2026-10-10');
  });

  it('skips the Spring Festival but counts the make-up Saturday before it', () => {
    // Prepare: Fri 2026-02-13; Sat 02-14 works, 02-15..02-23 off
    // Act
    const first = calendar.addWorkingDays('2026-02-13', 1);
    const second = calendar.addWorkingDays('2026-02-13', 2);
    // Assess
    expect(first).toBe('2026-02-14');
    expect(second).toBe('2026-02-24');
  });

  it('skips an ordinary weekend', () => {
    // Prepare: Thu 2026-03-05, a consultation with 3 working days
    // Act
    const due = calendar.addWorkingDays('2026-03-05', 3);
    // Assess
    expect(due).toBe('2026-03-10');
  });

  it('returns the start date for n = 0, even on a holiday', () => {
    // Act / Assess
    expect(calendar.addWorkingDays('2026-10-03', 0)).toBe('2026-10-03');
  });

  it('rejects negative or fractional n and malformed dates', () => {
    // Act / Assess
    expect(() => calendar.addWorkingDays('2026-03-05', -1)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2026-03-05', 1.5)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => calendar.isWorkingDay('2026-3-5')).toThrow(RangeError);
  });
});

describe('workingDaysBetween counts (from, to]', () => {
  const calendar = new WorkingCalendar();

  it('counts working days across holidays and make-up days', () => {
    // Act / Assess
    expect(calendar.workingDaysBetween('2026-09-30', '2026-10-10')).toBe(3);
    // 02-14, 02-24..02-27, 02-28
    expect(calendar.workingDaysBetween('2026-02-13', '2026-02-28')).toBe(6);
  });

  it('is the inverse of addWorkingDays', () => {
    // Prepare
    const from = '2026-04-30';
    // Act
    const due = calendar.addWorkingDays(from, 13);
    // Assess
    expect(calendar.workingDaysBetween(from, due)).toBe(13);
  });

  it('is 0 when to is not after from', () => {
    // Act / Assess
    expect(calendar.workingDaysBetween('2026-03-05', '2026-03-05')).toBe(0);
    expect(calendar.workingDaysBetween('2026-03-10', '2026-03-05')).toBe(0);
  });
});

describe('admin overrides', () => {
  it('turn a Monday into a holiday and a Saturday into a working day', () => {
    // Prepare
    const calendar = new WorkingCalendar([
      { date: '2026-03-02', kind: 'holiday', name: '临时放假' },
      { date: '2026-03-07', kind: 'workday' },
    ]);
    // Act / Assess
    expect(calendar.isWorkingDay('2026-03-02')).toBe(false);
    expect(calendar.isWorkingDay('2026-03-07')).toBe(true);
    expect(calendar.addWorkingDays('2026-03-01', 1)).toBe('2026-03-03');
    expect(calendar.addWorkingDays('2026-03-06', 1)).toBe('2026-03-07');
  });

  it('win over the package data', () => {
    // Prepare
    const calendar = new WorkingCalendar([
      { date: '2026-10-10', kind: 'holiday' },
      { date: '2026-10-07', kind: 'workday' },
    ]);
    // Act / Assess
    expect(calendar.isWorkingDay('2026-10-10')).toBe(false);
    expect(calendar.isWorkingDay('2026-10-07')).toBe(true);
  });

  it('supply a year the package lacks', () => {
    // Prepare
    const bare = new WorkingCalendar();
    const withYear = new WorkingCalendar(fake2027);
    // Act / Assess
    expect(bare.hasYear(2027)).toBe(false);
    expect(withYear.hasYear(2027)).toBe(true);
    expect(withYear.isWorkingDay('2027-01-01')).toBe(false); // a Friday
    expect(withYear.isWorkingDay('2027-02-06')).toBe(true); // a Saturday
    expect(withYear.isWorkingDay('2027-02-08')).toBe(false); // a Monday
  });

  it('are validated', () => {
    // Act / Assess
    expect(() => new WorkingCalendar([{ date: '2027-02-29', kind: 'holiday' }])).toThrow(RangeError);
  });
});

describe('years outside the package', () => {
  const calendar = new WorkingCalendar();

  it('fall back to Monday–Friday and are reported as not covered', () => {
    // Act / Assess: 2027-01-01 is a Friday, 2027-01-02 a Saturday
    expect(calendar.isWorkingDay('2027-01-01')).toBe(true);
    expect(calendar.isWorkingDay('2027-01-02')).toBe(false);
    expect(calendar.hasYear(2003)).toBe(false);
    expect(calendar.hasYear(2004)).toBe(true);
    expect(calendar.hasYear(2026)).toBe(true);
  });
});

describe('missingYearWarning', () => {
  it('warns in December when next year is missing', () => {
    // Prepare
    const calendar = new WorkingCalendar();
    // Act
    const warning = calendar.missingYearWarning('2026-12-05');
    // Assess
    expect(warning).toBe('尚未配置2027年节假日数据，请管理员录入国务院公布的放假安排');
  });

  it('is silent once an admin has entered next year', () => {
    // Prepare
    const calendar = new WorkingCalendar(fake2027);
    // Act / Assess
    expect(calendar.missingYearWarning('2026-12-05')).toBeNull();
  });

  it('is silent before November and warns from November 1 (configurable)', () => {
    // Prepare
    const calendar = new WorkingCalendar();
    // Act / Assess
    expect(calendar.missingYearWarning('2026-10-31')).toBeNull();
    expect(calendar.missingYearWarning('2026-11-01')).toContain('2027年');
    expect(calendar.missingYearWarning('2026-11-15', 12)).toBeNull();
  });

  it('warns when the current year itself is missing, and lists both years late in the year', () => {
    // Prepare
    const calendar = new WorkingCalendar();
    // Act / Assess
    expect(calendar.missingYearWarning('2027-03-01')).toBe('尚未配置2027年节假日数据，请管理员录入国务院公布的放假安排');
    expect(calendar.missingYearWarning('2027-12-01')).toBe('尚未配置2027年、2028年节假日数据，请管理员录入国务院公布的放假安排');
  });
});

describe.each(['Asia/Shanghai', 'UTC', 'America/New_York', 'Pacific/Kiritimati'])('Shanghai dates whatever the process time zone (TZ=%s)', (tz) => {
  let saved: string | undefined;
  beforeAll(() => {
    saved = process.env.TZ;
    setTz(tz);
  });
  afterAll(() => {
    setTz(saved);
  });

  it('gives the Shanghai date of a late-UTC instant', () => {
    // Prepare: 17:30 UTC on Mar 1 is 01:30 on Mar 2 in Shanghai
    const instant = new Date('2026-03-01T17:30:00Z');
    // Act / Assess
    expect(shanghaiDate(instant)).toBe('2026-03-02');
    expect(shanghaiDate('2026-03-01T17:30:00Z')).toBe('2026-03-02');
    expect(shanghaiDate('2026-03-01T15:59:59.999Z')).toBe('2026-03-01');
    expect(shanghaiDate('2026-03-01T16:00:00Z')).toBe('2026-03-02');
  });

  it('ends a Shanghai day at 15:59:59.999 UTC', () => {
    // Act / Assess
    expect(endOfShanghaiDay('2026-10-10')).toBe('2026-10-10T15:59:59.999Z');
  });

  it('computes deadlines from the Shanghai date of the receipt instant', () => {
    // Prepare: received 01:00 on Sep 30 Shanghai, which is still Sep 29 in UTC
    const calendar = new WorkingCalendar();
    // Act
    const due = calendar.deadlineAfter('2026-09-29T17:00:00Z', 3);
    const sameDay = calendar.deadlineAfter(new Date('2026-09-29T17:00:00Z'), 0);
    // Assess
    expect(due).toBe('2026-10-10T15:59:59.999Z');
    expect(sameDay).toBe('2026-09-30T15:59:59.999Z');
  });

  it('keeps holiday data on the right date', () => {
    // Prepare
    const calendar = new WorkingCalendar();
    // Act / Assess: Monday 03-02 is a working day, make-up Saturday 02-14 too, 10-07 is off
    expect(calendar.isWorkingDay('2026-03-02')).toBe(true);
    expect(calendar.isWorkingDay('2026-02-14')).toBe(true);
    expect(calendar.isWorkingDay('2026-10-07')).toBe(false);
    expect(calendar.addWorkingDays('2026-09-30', 3)).toBe('2026-10-10');
  });
});

describe('process TZ switching used by the tests above', () => {
  it('really changes the local date in Node', () => {
    // Prepare
    const saved = process.env.TZ;
    setTz('America/New_York');
    // Act
    const localDay = new Date('2026-03-01T17:30:00Z').getDate();
    setTz(saved);
    // Assess: local date is still Mar 1 in New York while Shanghai is on Mar 2
    expect(localDay).toBe(1);
  });
});

describe('provisional dates: spans through a year without holiday data', () => {
  it("reports 2027 for 15 working days from 2026-12-20, which counts New Year's Day 2027 as a working day", () => {
    // Prepare: the package has 2026 but not 2027
    const calendar = new WorkingCalendar();
    // Act
    const due = calendar.addWorkingDays('2026-12-20', 15);
    const years = calendar.provisionalYears('2026-12-20', due);
    // Assess
    expect(due).toBe('2027-01-08');
    expect(years).toEqual([2027]);
    expect(provisionalReason(years)).toContain('2027年');
  });

  it('is not provisional within a covered year, nor once an admin has entered the year', () => {
    // Prepare
    const bare = new WorkingCalendar();
    const with2027 = new WorkingCalendar(fake2027);
    // Act / Assess
    expect(bare.provisionalYears('2026-12-01', '2026-12-31')).toEqual([]);
    expect(with2027.provisionalYears('2026-12-20', with2027.addWorkingDays('2026-12-20', 15))).toEqual([]);
    expect(provisionalReason([])).toBeUndefined();
  });

  it('counts the days after `from` only, takes instants by their Shanghai date, and lists every uncovered year', () => {
    // Prepare
    const calendar = new WorkingCalendar();
    // Act / Assess: from the last day of 2026, nothing of 2027 is looked at for n = 0
    expect(calendar.provisionalYears('2026-12-31', '2026-12-31')).toEqual([]);
    expect(calendar.provisionalYears('2026-12-31', '2027-01-01')).toEqual([2027]);
    // 2026-12-31T16:30Z is already 2027-01-01 in Shanghai
    expect(calendar.provisionalYears('2026-12-30T02:00:00Z', '2026-12-31T16:30:00Z')).toEqual([2027]);
    expect(calendar.provisionalYears('2026-12-30T02:00:00Z', '2026-12-31T15:30:00Z')).toEqual([]);
    expect(calendar.provisionalYears('2026-06-01', '2029-01-05')).toEqual([2027, 2028, 2029]);
  });

  it('names the missing years for the scheduled warning: the current one, and next year from November', () => {
    // Prepare
    const calendar = new WorkingCalendar();
    // Act / Assess
    expect(calendar.missingYears('2026-10-31')).toEqual([]);
    expect(calendar.missingYears('2026-11-01')).toEqual([2027]);
    expect(new WorkingCalendar(fake2027).missingYears('2026-11-01')).toEqual([]);
  });
});

describe('GET /calendar/deadline query', () => {
  const query = ROUTES.workingDeadline.query;
  const issues = (q: Record<string, string>) => {
    try {
      parseOrThrow(query, q, ['query']);
    } catch (e) {
      return (e as DomainError).issues.map((i) => ({ field: i.field, rule: i.rule }));
    }
    return [];
  };

  it('says `days` is required when it is missing (not NaN), and names bad values', () => {
    // Act / Assess
    expect(issues({ from: '2026-12-20' })).toEqual([{ field: 'query.days', rule: 'required' }]);
    expect(issues({ from: '2026-12-20', days: '' })).toEqual([{ field: 'query.days', rule: 'integer' }]);
    expect(issues({ from: '2026-12-20', days: 'abc' })).toEqual([{ field: 'query.days', rule: 'integer' }]);
    expect(issues({ from: '2026-12-20', days: '400' })).toEqual([{ field: 'query.days', rule: 'too_big' }]);
    expect(parseOrThrow(query, { from: '2026-12-20', days: '15' }, ['query'])).toEqual({ from: '2026-12-20', days: 15 });
  });

  it('treats the other integer query parameters the same way, optional ones may be left out', () => {
    // Act / Assess
    expect(parseOrThrow(ROUTES.getCalendar.query, {}, ['query'])).toEqual({});
    expect(parseOrThrow(ROUTES.listNotifications.query, { limit: '20' }, ['query'])).toEqual({ limit: 20 });
    expect(() => parseOrThrow(ROUTES.listCases.query, { limit: 'many' }, ['query'])).toThrow(DomainError);
  });
});

describe("a year's schedule (全年放假安排)", () => {
  it('accepts real dates of the year, each once', () => {
    // Act / Assess
    expect(yearScheduleIssues(2027, fake2027)).toEqual([]);
  });

  it('names every bad entry: not a date, another year, listed twice', () => {
    // Prepare
    const days = [{ date: '2027-01-01' }, { date: '2027-02-30' }, { date: '2028-01-01' }, { date: '2027-01-01' }];
    // Act
    const issues = yearScheduleIssues(2027, days).map((i) => [i.field, i.rule]);
    // Assess
    expect(issues).toEqual([
      ['days.1.date', 'date'],
      ['days.2.date', 'in_year'],
      ['days.3.date', 'unique'],
    ]);
  });
});

describe('parseIcsSchedule (iCalendar holiday feeds)', () => {
  const feed = (...events: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//CN holidays//ZH', ...events, 'END:VCALENDAR'].join('\r\n');
  const event = (start: string, end: string | undefined, summary: string) =>
    [
      'BEGIN:VEVENT',
      `UID:${start}-${summary}`,
      `DTSTART;VALUE=DATE:${start}`,
      ...(end ? [`DTEND;VALUE=DATE:${end}`] : []),
      `SUMMARY:${summary}`,
      'END:VEVENT',
    ].join('\r\n');

  it('reads ranges (DTEND exclusive), 休/班 markers and names, and leaves out days of other years', () => {
    // Prepare: New Year from 2026-12-31, Spring Festival with a make-up Saturday, a one-day event without DTEND
    const text = feed(
      event('20261231', '20270103', '元旦 休'),
      event('20270206', undefined, '春节 班'),
      event('20270208', '20270211', '春节（休）'),
      event('20270927', '20270928', '国庆节补班'),
    );
    // Act
    const parsed = parseIcsSchedule(2027, text);
    // Assess
    expect(parsed.issues).toEqual([]);
    expect(parsed.days).toEqual([
      { date: '2027-01-01', kind: 'holiday', name: '元旦' },
      { date: '2027-01-02', kind: 'holiday', name: '元旦' },
      { date: '2027-02-06', kind: 'workday', name: '春节' },
      { date: '2027-02-08', kind: 'holiday', name: '春节' },
      { date: '2027-02-09', kind: 'holiday', name: '春节' },
      { date: '2027-02-10', kind: 'holiday', name: '春节' },
      { date: '2027-09-27', kind: 'workday', name: '国庆节' },
    ]);
    expect([parsed.events, parsed.outsideYear]).toEqual([4, 1]);
  });

  it('unfolds long lines, ignores VALARMs and other components, and accepts DURATION', () => {
    // Prepare
    const text = [
      'BEGIN:VCALENDAR',
      'BEGIN:VTIMEZONE',
      'TZID:Asia/Shanghai',
      'END:VTIMEZONE',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20270501',
      'DURATION:P3D',
      'SUMMARY:劳动',
      ' 节 休',
      'BEGIN:VALARM',
      'ACTION:DISPLAY',
      'SUMMARY:班',
      'END:VALARM',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\n');
    // Act
    const parsed = parseIcsSchedule(2027, text);
    // Assess
    expect(parsed.issues).toEqual([]);
    expect(parsed.days.map((d) => [d.date, d.kind, d.name])).toEqual([
      ['2027-05-01', 'holiday', '劳动节'],
      ['2027-05-02', 'holiday', '劳动节'],
      ['2027-05-03', 'holiday', '劳动节'],
    ]);
  });

  it('classifies summaries by the documented rule', () => {
    // Act / Assess
    expect(['班', '补班', '春节 班', '春节调休', '[加班]'].map(icsSummaryKind)).toEqual(Array(5).fill('workday'));
    expect(['休', '春节 休', '国庆节假期', '[放假]中秋节', '调休放假'].map(icsSummaryKind)).toEqual(Array(5).fill('holiday'));
    expect(icsSummaryKind('元宵节')).toBeUndefined();
  });

  it('takes unmarked events as holidays in a plain feed, and skips them (festivals) in a marked one', () => {
    // Act
    const plain = parseIcsSchedule(2027, feed(event('20270101', undefined, '元旦')));
    const mixed = parseIcsSchedule(2027, feed(event('20270101', undefined, '元旦 休'), event('20270220', undefined, '元宵节')));
    // Assess
    expect(plain.days).toEqual([{ date: '2027-01-01', kind: 'holiday', name: '元旦' }]);
    expect(mixed.days).toEqual([{ date: '2027-01-01', kind: 'holiday', name: '元旦' }]);
    expect(mixed.unmarked).toBe(1);
  });

  it('names the bad event and its property: invalid date, DTEND not after DTSTART, date-time, a day twice, no VEVENT', () => {
    // Prepare
    const text = feed(
      event('20270101', undefined, '元旦 休'),
      event('20270230', undefined, '休'),
      event('20270210', '20270208', '春节 休'),
      ['BEGIN:VEVENT', 'DTSTART:20270301T090000Z', 'SUMMARY:休', 'END:VEVENT'].join('\r\n'),
      event('20261231', '20270102', '元旦 休'),
    );
    // Act
    const parsed = parseIcsSchedule(2027, text);
    // Assess
    expect(parsed.issues.map((i) => [i.field, i.rule])).toEqual([
      ['events.1.dtstart', 'date'],
      ['events.2.dtend', 'after_start'],
      ['events.3.dtstart', 'all_day'],
      ['events.4.dtstart', 'unique'],
    ]);
    expect(parsed.issues[1]!.message).toMatch(/^第 \d+ 行：/);
    expect(parseIcsSchedule(2027, 'not a calendar').issues.map((i) => i.rule)).toEqual(['vevent']);
    expect(parseIcsSchedule(2027, feed(event('20260101', undefined, '元旦 休'))).issues.map((i) => i.rule)).toEqual(['in_year']);
  });
});
