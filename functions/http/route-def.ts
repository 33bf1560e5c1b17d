import * as z from 'zod/mini';
import type * as zc from 'zod/v4/core';
import type { Role } from '../core/access.js';

/**
 * What a route is (functions/http/routes.ts lists them all), and the parameter schemas
 * routes share. Pure data, no AWS imports.
 */
export interface RouteDef {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  summary: string;
  /** `public`: no token; `any`: any signed-in role; otherwise the roles allowed. */
  auth: 'public' | 'any' | readonly Role[];
  /** File under functions/handlers (without `.handler.ts`) that exports `handler`. */
  handler: string;
  body?: zc.$ZodType;
  /** `csv` (text/csv) and `ics` (text/calendar) bodies reach the use case as text. */
  bodyType?: 'json' | 'csv' | 'ics';
  query?: zc.$ZodType;
  params?: zc.$ZodType;
  /**
   * What it answers with 200 (and 201 when it creates), as JSON (functions/http/responses.ts):
   * the OpenAPI document and the web app's types carry it, and the integration tests parse
   * every such answer with it.
   */
  response?: zc.$ZodType;
  /** Answers 201 when it records something new, 200 with the first answer on a retry. */
  created?: boolean;
  /** Largest accepted body in bytes (default 64 KiB). */
  maxBodyBytes?: number;
  tag: string;
  /**
   * What else the function talks to besides the table, each a grant of its own (infra/):
   * `workflowStart` starts executions, `workflowCallback` answers a waiting step (task
   * token), `workflowStatus` asks whether an execution still runs — of the bad-review
   * workflow; `complaint…` the same of the complaint workflow; `statusSync` sends status
   * changes back to the national platform; `files` the evidence files; `notify` the
   * notification channels.
   */
  uses?: readonly (
    | 'workflowStart'
    | 'workflowCallback'
    | 'workflowStatus'
    | 'complaintStart'
    | 'complaintCallback'
    | 'complaintStatus'
    | 'statusSync'
    | 'files'
    | 'notify'
  )[];
}

/**
 * A whole number in the query string (or path): absent → `required` (unless
 * `.optional()`), empty or not a whole number → `integer`, out of range →
 * `too_small`/`too_big`. Plain `z.coerce.number()` turned an absent parameter into NaN
 * ("expected number, received NaN") and an empty one into 0 instead of saying so.
 */
export const QueryInt = (min: number, max: number) =>
  z
    .pipe(
      z.unknown().check(
        z.superRefine((v, ctx) => {
          if (v === undefined) ctx.addIssue({ code: 'custom', params: { rule: 'required' }, message: '必须提供此参数' });
          else if (typeof v === 'string' && !/^[+-]?\d+$/.test(v.trim())) ctx.addIssue({ code: 'custom', params: { rule: 'integer' }, message: '应为整数' });
        }),
      ),
      z.coerce.number().check(z.int(), z.gte(min), z.lte(max)),
    )
    .register(z.globalRegistry, { type: 'integer', minimum: min, maximum: max });

/** `cursor` and `limit` of every list. */
export const Paging = { cursor: z.optional(z.string().check(z.maxLength(1000))), limit: z.optional(QueryInt(1, 200)) };
/** True for a real calendar date (no 2026-02-30): the calendar would otherwise throw a RangeError, a 500. */
const isCalendarDate = (d: string) => {
  const [y = NaN, m = NaN, day = NaN] = d.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, day));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === day;
};
export const IsoDate = z.string().check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD'),
  z.refine((d: string) => !/^\d{4}-\d{2}-\d{2}$/.test(d) || isCalendarDate(d), { message: '不是有效的日期', params: { rule: 'date' } }),
);
