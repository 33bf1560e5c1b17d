import * as z from 'zod/mini';
import { Text } from '../core/text.js';
import { QueryInt, IsoDate, type RouteDef } from './route-def.js';
import { CalendarResponse } from './responses-admin.js';

export const CalendarOverrideBody = z.strictObject({ kind: z.enum(['holiday', 'workday']), name: z.optional(Text({ max: 50 })) });
/** A year's schedule: the days that differ from Monday–Friday (holidays, make-up working days); in the year, each once (checked by the use case). */
export const CalendarYearBody = z.strictObject({
  days: z.array(z.strictObject({ date: IsoDate, kind: z.enum(['holiday', 'workday']), name: z.optional(Text({ max: 50 })) })).check(z.maxLength(366)),
});
const CalendarYearPath = z.strictObject({ year: QueryInt(2004, 2100) });

/** The working-day calendar (工作日历). */
export const CALENDAR_ROUTES = {
  getCalendar: {
    method: 'GET',
    path: '/calendar',
    summary: '工作日历（节假日、调休、管理员修订、缺失年份提醒）',
    auth: 'any',
    handler: 'calendar-get',
    tag: 'calendar',
    response: CalendarResponse,
    query: z.strictObject({ year: z.optional(QueryInt(2004, 2100)) }),
  },
  workingDeadline: {
    method: 'GET',
    path: '/calendar/deadline',
    summary: '自次日起算 N 个工作日的截止日',
    auth: 'any',
    handler: 'calendar-deadline',
    tag: 'calendar',
    query: z.strictObject({ from: IsoDate, days: QueryInt(0, 365) }),
  },
  putCalendarOverride: {
    method: 'PUT',
    path: '/calendar/overrides/{date}',
    summary: '修订某日为节假日或调休工作日',
    auth: ['admin'],
    handler: 'calendar-override-put',
    tag: 'calendar',
    params: z.strictObject({ date: IsoDate }),
    body: CalendarOverrideBody,
    uses: ['workflowStart', 'workflowCallback', 'workflowStatus', 'complaintStart', 'complaintCallback', 'complaintStatus'],
  },
  deleteCalendarOverride: {
    method: 'DELETE',
    path: '/calendar/overrides/{date}',
    summary: '删除某日的修订',
    auth: ['admin'],
    handler: 'calendar-override-delete',
    tag: 'calendar',
    params: z.strictObject({ date: IsoDate }),
    uses: ['workflowStart', 'workflowCallback', 'workflowStatus', 'complaintStart', 'complaintCallback', 'complaintStatus'],
  },
  putCalendarYear: {
    method: 'PUT',
    path: '/calendar/years/{year}',
    summary: '导入全年放假安排（节假日与调休工作日，JSON；替换该年全部修订并重算未到期的期限）',
    auth: ['admin'],
    handler: 'calendar-year-put',
    tag: 'calendar',
    params: CalendarYearPath,
    body: CalendarYearBody,
    uses: ['workflowStart', 'workflowCallback', 'workflowStatus', 'complaintStart', 'complaintCallback', 'complaintStatus'],
  },
  putCalendarYearIcs: {
    method: 'PUT',
    path: '/calendar/years/{year}/ics',
    summary: '从 iCalendar（.ics）文件导入全年放假安排（SUMMARY 含「班」为调休工作日，其余为节假日）',
    auth: ['admin'],
    handler: 'calendar-year-ics-put',
    tag: 'calendar',
    params: CalendarYearPath,
    bodyType: 'ics',
    maxBodyBytes: 1024 * 1024,
    uses: ['workflowStart', 'workflowCallback', 'workflowStatus', 'complaintStart', 'complaintCallback', 'complaintStatus'],
  },
} as const satisfies Record<string, RouteDef>;
