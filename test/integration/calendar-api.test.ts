/**
 * Years the calendar does not know, over HTTP against the running local stack:
 * provisional deadlines, loading a year's schedule from JSON and from an .ics feed,
 * and the missing-year notification. The stack is shared: 2027 is never loaded here
 * (other tests rely on it being missing); loads use far years and are undone.
 */
import { describe, expect, it } from 'vitest';
import { api } from './http.js';
import { issuesOf } from './fixtures.js';

const ICS_2031 = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//test//China holidays 2031//ZH',
  'BEGIN:VEVENT',
  'UID:2031-newyear@test',
  'DTSTART;VALUE=DATE:20310101',
  'DTEND;VALUE=DATE:20310102',
  'SUMMARY:元旦 休',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:2031-spring-work@test',
  'DTSTART;VALUE=DATE:20310118',
  'SUMMARY:春节 班',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

const putIcs = (year: number, text: string, contentType = 'text/calendar; charset=utf-8') =>
  api('PUT', `/calendar/years/${year}/ics`, { as: 'admin', raw: text, headers: { 'content-type': contentType } });
const clearYear = (year: number) => api('PUT', `/calendar/years/${year}`, { as: 'admin', body: { days: [] } });

describe('deadlines across a year without holiday data', () => {
  it('says a deadline through 2027 is provisional and names the year', async () => {
    // Act
    const res = await api('GET', '/calendar/deadline?from=2026-12-20&days=15', { as: 'staff' });
    // Assess
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ due: '2027-01-08', provisional: true, provisionalYears: [2027] });
    expect(res.json.provisionalReason).toContain('2027年');
  });

  it('is not provisional inside 2026', async () => {
    // Act
    const res = await api('GET', '/calendar/deadline?from=2026-09-30&days=3', { as: 'staff' });
    // Assess
    expect(res.json).toMatchObject({ due: '2026-10-10', provisional: false });
  });

  it('says days is required when it is missing', async () => {
    // Act
    const res = await api('GET', '/calendar/deadline?from=2026-12-20', { as: 'staff' });
    // Assess
    expect(res.status).toBe(400);
    expect(issuesOf(res.json)).toEqual([{ field: 'query.days', rule: 'required' }]);
  });
});

describe("loading a year's schedule", () => {
  it('loads 2031 from an .ics feed: the deadline through New Year 2031 moves and is no longer provisional', async () => {
    // Prepare: from Tue 2030-12-31, 1 working day is Wed 2031-01-01 while 2031 has no data
    const before = await api('GET', '/calendar/deadline?from=2030-12-31&days=1', { as: 'staff' });
    try {
      // Act
      const load = await putIcs(2031, ICS_2031);
      const after = await api('GET', '/calendar/deadline?from=2030-12-31&days=1', { as: 'staff' });
      const year = await api('GET', '/calendar?year=2031', { as: 'admin' });
      // Assess
      expect(before.json).toMatchObject({ due: '2031-01-01', provisional: true, provisionalYears: [2031] });
      expect(load.status, load.text).toBe(200);
      expect(load.json).toMatchObject({ year: 2031, days: 2, holidays: 1, workdays: 1, covered: true, firstChangedDate: '2031-01-01' });
      expect(after.json).toMatchObject({ due: '2031-01-02', provisional: false });
      expect(year.json.covered).toBe(true);
      expect(year.json.days).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ date: '2031-01-01', kind: 'holiday', source: 'override', name: '元旦' }),
          expect.objectContaining({ date: '2031-01-18', kind: 'workday', source: 'override', name: '春节' }),
        ]),
      );
    } finally {
      await clearYear(2031);
    }
    const cleared = await api('GET', '/calendar/deadline?from=2030-12-31&days=1', { as: 'staff' });
    expect(cleared.json).toMatchObject({ due: '2031-01-01', provisional: true });
  });

  it('refuses an .ics feed with a bad event with 400 naming the event, and writes nothing', async () => {
    // Prepare: the second event's date does not exist
    const bad = ICS_2031.replaceAll('2031', '2032').replace('DTSTART;VALUE=DATE:20320118', 'DTSTART;VALUE=DATE:20320230');
    // Act
    const res = await putIcs(2032, bad);
    const year = await api('GET', '/calendar?year=2032', { as: 'admin' });
    // Assess
    expect(res.status).toBe(400);
    expect(issuesOf(res.json)).toEqual([{ field: 'events.1.dtstart', rule: 'date' }]);
    expect(year.json.covered).toBe(false);
    expect(year.json.overrides.filter((o: { date: string }) => o.date.startsWith('2032-'))).toEqual([]);
  });

  it('refuses a JSON day outside the year or listed twice with 400 naming days.{i}.date, and writes nothing', async () => {
    // Act
    const res = await api('PUT', '/calendar/years/2032', {
      as: 'admin',
      body: {
        days: [
          { date: '2032-01-01', kind: 'holiday', name: '元旦' },
          { date: '2033-01-01', kind: 'holiday' },
          { date: '2032-01-01', kind: 'workday' },
        ],
      },
    });
    const year = await api('GET', '/calendar?year=2032', { as: 'admin' });
    // Assess
    expect(res.status).toBe(400);
    expect(issuesOf(res.json)).toEqual([
      { field: 'days.1.date', rule: 'in_year' },
      { field: 'days.2.date', rule: 'unique' },
    ]);
    expect(year.json.covered).toBe(false);
  });

  it('wants text/calendar for the .ics route and an admin for both', async () => {
    // Act
    const wrongType = await putIcs(2032, ICS_2031, 'text/plain');
    const bySupervisor = await api('PUT', '/calendar/years/2032', { as: 'supervisor', body: { days: [] } });
    // Assess
    expect(wrongType.status).toBe(415);
    expect(bySupervisor.status).toBe(403);
  });
});

describe('the missing-year notification', () => {
  it('reaches admins and supervisors once, however often the scheduled job runs (from November, while 2027 is missing)', async () => {
    // Prepare
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    // Act
    const runs = [await api('POST', '/local/jobs/reminders', { as: 'admin' }), await api('POST', '/local/jobs/reminders', { as: 'admin' })];
    const inboxes = await Promise.all(
      ['admin', 'supervisor', 'countySupervisor'].map(async (as) =>
        ((await api('GET', '/notifications?limit=200', { as })).json.items as { subject?: string }[]).filter((n) => n.subject === 'calendar-2027'),
      ),
    );
    // Assess
    expect(runs.map((r) => r.status)).toEqual([200, 200]);
    if (today >= '2026-11-01' && today < '2027-01-01') {
      expect(runs.map((r) => r.json.missingYears)).toEqual([[2027], [2027]]);
      // The city supervisor's inbox on the shared stack fills with other tests' notices (the list has the newest 200):
      // the county supervisor reads the same all-supervisors notice, so it shows the delivery; the city's must not be doubled.
      expect([inboxes[0]?.length, inboxes[2]?.length]).toEqual([1, 1]);
      expect(inboxes[1]?.length).toBeLessThanOrEqual(1);
    }
  });
});
