import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import chineseDays from 'chinese-days';
import {
  addCalendarDays,
  endOfShanghaiDay,
  shanghaiDate,
  WorkingCalendar,
  type CalendarOverride,
} from '../../functions/core/calendar.js';

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

describe.each(['Asia/Shanghai', 'UTC', 'America/New_York', 'Pacific/Kiritimati'])(
  'Shanghai dates whatever the process time zone (TZ=%s)',
  (tz) => {
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
  },
);

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
