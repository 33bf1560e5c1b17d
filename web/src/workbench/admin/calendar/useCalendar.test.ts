import { describe, expect, it } from 'vitest';
import { monthGrid, parseYearJson } from './useCalendar.js';

describe('the calendar month grid', () => {
  it('starts weeks on Monday and marks holidays, make-up days and overrides in words', () => {
    const byDate = new Map([
      ['2027-01-01', { date: '2027-01-01', kind: 'holiday' as const, source: 'override' as const, name: '元旦' }],
      ['2027-01-02', { date: '2027-01-02', kind: 'workday' as const, source: 'package' as const }],
    ]);
    const weeks = monthGrid(2027, 1, byDate);
    // 1 January 2027 is a Friday: four empty cells before it.
    expect(weeks[0]?.slice(0, 4)).toEqual([null, null, null, null]);
    expect(weeks[0]?.[4]).toMatchObject({ date: '2027-01-01', day: 1, weekend: false, label: '1月1日 星期五 法定节假日（元旦） 管理员修订' });
    expect(weeks[0]?.[5]).toMatchObject({ date: '2027-01-02', weekend: true, label: '1月2日 星期六 调休上班' });
    expect(weeks[0]?.[6]?.label).toBe('1月3日 星期日 周末');
    expect(weeks.flat().filter(Boolean)).toHaveLength(31);
    expect(weeks.every((w) => w.length === 7)).toBe(true);
  });

  it('has 29 days in February of a leap year', () => {
    expect(monthGrid(2028, 2, new Map()).flat().filter(Boolean)).toHaveLength(29);
  });
});

describe('a year file in JSON', () => {
  it('takes { days } or the bare list and refuses anything else', () => {
    const days = [{ date: '2027-01-01', kind: 'holiday' }];
    expect(parseYearJson(JSON.stringify({ days }))).toEqual({ days });
    expect(parseYearJson(JSON.stringify(days))).toEqual({ days });
    expect(parseYearJson('BEGIN:VCALENDAR')).toBeNull();
    expect(parseYearJson('{"year": 2027}')).toBeNull();
  });
});
