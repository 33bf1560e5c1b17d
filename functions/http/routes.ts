import * as z from 'zod/mini';
import type * as zc from 'zod/v4/core';
import type { Role } from '../core/access.js';
import { CaseInput, CaseNumber } from '../core/cases.js';
import { CatalogKind } from '../core/catalog.js';
import { RatingInput } from '../core/ratings.js';
import { Text } from '../core/text.js';
import {
  AppealBody,
  DecisionBody,
  EvidenceBody,
  ExtensionBody,
  ManualTaskOrderBody,
  OutcomeBody,
  RectificationBody,
  ReplyBody,
  TaskOrderNoteBody,
  VerificationBody,
  VisitBody,
} from '../usecases/bad-review-bodies.js';

/**
 * Every HTTP route, once: the local server and the CDK API both read this table, and
 * the OpenAPI document is generated from its zod schemas. Pure data, no AWS imports.
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
  /** Largest accepted body in bytes (default 64 KiB). */
  maxBodyBytes?: number;
  tag: string;
  /**
   * What else the function talks to besides the table, each a grant of its own (infra/):
   * `workflowStart` starts executions, `workflowCallback` answers a waiting step (task
   * token), `workflowStatus` asks whether an execution still runs; `files` the evidence
   * files; `notify` the notification channels.
   */
  uses?: readonly ('workflowStart' | 'workflowCallback' | 'workflowStatus' | 'files' | 'notify')[];
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

const Paging = { cursor: z.optional(z.string().check(z.maxLength(1000))), limit: z.optional(QueryInt(1, 200)) };
export const MAX_BATCH = 500;
const BATCH_BYTES = 2 * 1024 * 1024;

export const CatalogKey = z.strictObject({ kind: CatalogKind, key: z.string().check(z.minLength(1), z.maxLength(100)) });
export const RatingBatch = z.strictObject({
  ratings: z
    .array(z.looseObject({ idempotencyKey: z.optional(z.string().check(z.minLength(1), z.maxLength(100))) }))
    .check(z.minLength(1), z.maxLength(MAX_BATCH)),
});
export const CaseBatch = z.strictObject({ cases: z.array(z.looseObject({})).check(z.minLength(1), z.maxLength(MAX_BATCH)) });
export const CalendarOverrideBody = z.strictObject({ kind: z.enum(['holiday', 'workday']), name: z.optional(Text({ max: 50 })) });
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

/** A year's schedule: the days that differ from Monday–Friday (holidays, make-up working days); in the year, each once (checked by the use case). */
export const CalendarYearBody = z.strictObject({
  days: z.array(z.strictObject({ date: IsoDate, kind: z.enum(['holiday', 'workday']), name: z.optional(Text({ max: 50 })) })).check(z.maxLength(366)),
});
const CalendarYearPath = z.strictObject({ year: QueryInt(2004, 2100) });

const ReviewPath = z.strictObject({ reviewId: z.string().check(z.maxLength(60)) });
const TaskOrderPath = z.strictObject({ reviewId: z.string().check(z.maxLength(60)), n: QueryInt(1, 100) });

export const ROUTES = {
  health: { method: 'GET', path: '/health', summary: '健康检查', auth: 'public', handler: 'health', tag: 'system' },
  openapi: { method: 'GET', path: '/openapi.json', summary: 'OpenAPI 3.1 文档', auth: 'public', handler: 'openapi', tag: 'system' },
  meta: {
    method: 'GET',
    path: '/meta',
    summary: '页面使用的规则（整改材料大小与类型、评价字数与差评原因、差评环节），取自接口自身的校验常量',
    auth: 'public',
    handler: 'meta',
    tag: 'system',
  },
  me: { method: 'GET', path: '/me', summary: '当前登录身份', auth: 'any', handler: 'me', tag: 'system' },

  listCatalog: {
    method: 'GET',
    path: '/catalog/{kind}',
    summary: '查询目录（区划、单位、场所、窗口、事项）',
    auth: 'any',
    handler: 'catalog-list',
    tag: 'catalog',
    params: z.strictObject({ kind: CatalogKind }),
    query: z.strictObject({ prefix: z.optional(z.string().check(z.maxLength(60))), ...Paging }),
  },
  getCatalog: {
    method: 'GET',
    path: '/catalog/{kind}/{key}',
    summary: '查询单条目录记录（窗口的键为 场所:窗口）',
    auth: 'any',
    handler: 'catalog-get',
    tag: 'catalog',
    params: CatalogKey,
  },
  putCatalog: {
    method: 'PUT',
    path: '/catalog/{kind}/{key}',
    summary: '新增或修改目录记录',
    auth: ['admin'],
    handler: 'catalog-put',
    tag: 'catalog',
    params: CatalogKey,
    body: z.looseObject({}),
  },
  importCatalog: {
    method: 'POST',
    path: '/catalog/{kind}/import',
    summary: 'CSV 批量导入目录（全部校验通过才写入）',
    auth: ['admin'],
    handler: 'catalog-import',
    tag: 'catalog',
    params: z.strictObject({ kind: CatalogKind }),
    bodyType: 'csv',
    maxBodyBytes: 4 * 1024 * 1024,
  },
  placeInfo: {
    method: 'GET',
    path: '/places/{venueId}',
    summary: '评价页面使用的场所/窗口信息（公开）',
    auth: 'public',
    handler: 'place-info',
    tag: 'catalog',
    params: z.strictObject({ venueId: z.string().check(z.maxLength(40)) }),
    query: z.strictObject({ window: z.optional(z.string().check(z.maxLength(40))) }),
  },
  qrCode: {
    method: 'GET',
    path: '/places/{venueId}/qr',
    summary: '场所或窗口的评价二维码（PNG/SVG，可打印）',
    auth: 'public',
    handler: 'qr-code',
    tag: 'catalog',
    params: z.strictObject({ venueId: z.string().check(z.maxLength(40)) }),
    query: z.strictObject({ window: z.optional(z.string().check(z.maxLength(40))), format: z._default(z.enum(['png', 'svg']), 'svg') }),
  },

  submitCase: {
    method: 'POST',
    path: '/cases',
    summary: '推送办件（按办件编号幂等）',
    auth: ['client', 'admin'],
    handler: 'case-submit',
    tag: 'cases',
    body: CaseInput,
  },
  batchCases: {
    method: 'POST',
    path: '/cases/batch',
    summary: '批量推送办件（≤500，逐条返回结果）',
    auth: ['client', 'admin'],
    handler: 'case-batch',
    tag: 'cases',
    body: CaseBatch,
    maxBodyBytes: BATCH_BYTES,
  },
  getCase: {
    method: 'GET',
    path: '/cases/{caseNumber}',
    summary: '办件详情（含评价）',
    auth: 'any',
    handler: 'case-get',
    tag: 'cases',
    params: z.strictObject({ caseNumber: CaseNumber }),
  },
  listCases: {
    method: 'GET',
    path: '/cases',
    summary: '单位办件列表',
    auth: ['staff', 'leader', 'supervisor', 'admin', 'client'],
    handler: 'case-list',
    tag: 'cases',
    query: z.strictObject({ unitId: z.optional(z.string().check(z.maxLength(40))), ...Paging }),
  },

  submitRating: {
    method: 'POST',
    path: '/ratings',
    summary: '提交评价（支持 Idempotency-Key 请求头）',
    auth: ['citizen', 'client'],
    handler: 'rating-submit',
    tag: 'ratings',
    body: RatingInput,
    uses: ['workflowStart'],
  },
  batchRatings: {
    method: 'POST',
    path: '/ratings/batch',
    summary: '评价器离线批量上传（≤500，逐条返回结果）',
    auth: ['client'],
    handler: 'rating-batch',
    tag: 'ratings',
    body: RatingBatch,
    maxBodyBytes: BATCH_BYTES,
    uses: ['workflowStart'],
  },
  getRating: {
    method: 'GET',
    path: '/ratings/{ratingId}',
    summary: '评价详情',
    auth: 'any',
    handler: 'rating-get',
    tag: 'ratings',
    params: z.strictObject({ ratingId: z.string().check(z.maxLength(60)) }),
  },
  listRatings: {
    method: 'GET',
    path: '/ratings',
    summary: '评价列表（市民看自己的，单位看本单位的）',
    auth: 'any',
    handler: 'rating-list',
    tag: 'ratings',
    query: z.strictObject({ unitId: z.optional(z.string().check(z.maxLength(40))), ...Paging }),
  },

  getCalendar: {
    method: 'GET',
    path: '/calendar',
    summary: '工作日历（节假日、调休、管理员修订、缺失年份提醒）',
    auth: 'any',
    handler: 'calendar-get',
    tag: 'calendar',
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
    uses: ['workflowStart', 'workflowCallback', 'workflowStatus'],
  },
  deleteCalendarOverride: {
    method: 'DELETE',
    path: '/calendar/overrides/{date}',
    summary: '删除某日的修订',
    auth: ['admin'],
    handler: 'calendar-override-delete',
    tag: 'calendar',
    params: z.strictObject({ date: IsoDate }),
    uses: ['workflowStart', 'workflowCallback', 'workflowStatus'],
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
    uses: ['workflowStart', 'workflowCallback', 'workflowStatus'],
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
    uses: ['workflowStart', 'workflowCallback', 'workflowStatus'],
  },

  listBadReviews: {
    method: 'GET',
    path: '/bad-reviews',
    summary: '差评列表：单位待办（含时限、剩余时间、超期标记）、监管部门本区域超期/升级件、市民本人进度',
    auth: ['staff', 'leader', 'supervisor', 'admin', 'citizen'],
    handler: 'bad-review-list',
    tag: 'bad-reviews',
    query: z.strictObject({ filter: z.optional(z.enum(['open', 'overdue', 'escalated', 'all'])), ...Paging }),
  },
  getBadReview: {
    method: 'GET',
    path: '/bad-reviews/{reviewId}',
    summary: '差评详情与全过程时间线',
    auth: 'any',
    handler: 'bad-review-get',
    tag: 'bad-reviews',
    params: ReviewPath,
  },
  recordVerification: {
    method: 'POST',
    path: '/bad-reviews/{reviewId}/verification',
    summary: '记录核实情况',
    auth: ['staff', 'leader'],
    handler: 'bad-review-verify',
    tag: 'bad-reviews',
    params: ReviewPath,
    body: VerificationBody,
    uses: ['workflowCallback'],
  },
  recordRectification: {
    method: 'POST',
    path: '/bad-reviews/{reviewId}/rectification',
    summary: '记录整改措施（可附已上传的材料）',
    auth: ['staff', 'leader'],
    handler: 'bad-review-rectify',
    tag: 'bad-reviews',
    params: ReviewPath,
    body: RectificationBody,
    uses: ['workflowCallback'],
  },
  uploadEvidence: {
    method: 'POST',
    path: '/bad-reviews/{reviewId}/evidence',
    summary: '上传整改材料（PNG/JPEG/PDF，≤4 MiB，base64）',
    auth: ['staff', 'leader'],
    handler: 'bad-review-evidence-upload',
    tag: 'bad-reviews',
    params: ReviewPath,
    body: EvidenceBody,
    maxBodyBytes: 5_800_000,
    uses: ['files'],
  },
  downloadEvidence: {
    method: 'GET',
    path: '/bad-reviews/{reviewId}/evidence/{fileId}',
    summary: '下载整改材料',
    auth: 'any',
    handler: 'bad-review-evidence-get',
    tag: 'bad-reviews',
    params: z.strictObject({ reviewId: z.string().check(z.maxLength(60)), fileId: z.string().check(z.uuid()) }),
    uses: ['files'],
  },
  replyToRater: {
    method: 'POST',
    path: '/bad-reviews/{reviewId}/reply',
    summary: '答复评价人（实名差评）',
    auth: ['staff', 'leader'],
    handler: 'bad-review-reply',
    tag: 'bad-reviews',
    params: ReviewPath,
    body: ReplyBody,
    uses: ['workflowCallback'],
  },
  requestExtension: {
    method: 'POST',
    path: '/bad-reviews/{reviewId}/extension',
    summary: '申请延期（整改期限届满前）',
    auth: ['staff', 'leader'],
    handler: 'bad-review-extension',
    tag: 'bad-reviews',
    params: ReviewPath,
    body: ExtensionBody,
    uses: ['notify'],
  },
  decideExtension: {
    method: 'POST',
    path: '/bad-reviews/{reviewId}/extension/decision',
    summary: '审批延期申请',
    auth: ['supervisor', 'admin'],
    handler: 'bad-review-extension-decide',
    tag: 'bad-reviews',
    params: ReviewPath,
    body: DecisionBody,
    uses: ['workflowCallback', 'notify'],
  },
  fileAppeal: {
    method: 'POST',
    path: '/bad-reviews/{reviewId}/appeal',
    summary: '申诉（恶意或错误评价）',
    auth: ['staff', 'leader'],
    handler: 'bad-review-appeal',
    tag: 'bad-reviews',
    params: ReviewPath,
    body: AppealBody,
    uses: ['notify'],
  },
  decideAppeal: {
    method: 'POST',
    path: '/bad-reviews/{reviewId}/appeal/decision',
    summary: '申诉复核（approve=true 即申诉成立，评价作废）',
    auth: ['supervisor', 'admin'],
    handler: 'bad-review-appeal-decide',
    tag: 'bad-reviews',
    params: ReviewPath,
    body: DecisionBody,
    uses: ['workflowCallback', 'notify'],
  },
  listTaskOrders: {
    method: 'GET',
    path: '/task-orders',
    summary: '任务交办单列表（单位本单位的；监管部门本区域的；按办件分页，每页至少 limit 条，最后一页除外）',
    auth: ['staff', 'leader', 'supervisor', 'admin'],
    handler: 'task-order-list',
    tag: 'task-orders',
    query: z.strictObject({ status: z.optional(z.enum(['open', 'all'])), ...Paging }),
  },
  issueTaskOrder: {
    method: 'POST',
    path: '/bad-reviews/{reviewId}/task-orders',
    summary: '手动下发任务交办单',
    auth: ['supervisor', 'admin'],
    handler: 'task-order-issue',
    tag: 'task-orders',
    params: ReviewPath,
    body: ManualTaskOrderBody,
    uses: ['notify'],
  },
  acknowledgeTaskOrder: {
    method: 'POST',
    path: '/bad-reviews/{reviewId}/task-orders/{n}/acknowledge',
    summary: '签收任务交办单',
    auth: ['staff', 'leader'],
    handler: 'task-order-acknowledge',
    tag: 'task-orders',
    params: TaskOrderPath,
  },
  completeTaskOrder: {
    method: 'POST',
    path: '/bad-reviews/{reviewId}/task-orders/{n}/complete',
    summary: '办结任务交办单',
    auth: ['staff', 'leader'],
    handler: 'task-order-complete',
    tag: 'task-orders',
    params: TaskOrderPath,
    body: TaskOrderNoteBody,
  },
  recordEscalationOutcome: {
    method: 'POST',
    path: '/bad-reviews/{reviewId}/escalations/{n}/outcome',
    summary: '记录约谈/通报结果',
    auth: ['supervisor', 'admin'],
    handler: 'escalation-outcome',
    tag: 'task-orders',
    params: TaskOrderPath,
    body: OutcomeBody,
  },
  answerVisit: {
    method: 'POST',
    path: '/bad-reviews/{reviewId}/visit',
    summary: '评价人回访答复（满意/基本满意/不满意）',
    auth: ['citizen'],
    handler: 'bad-review-visit',
    tag: 'bad-reviews',
    params: ReviewPath,
    body: VisitBody,
    uses: ['workflowCallback'],
  },
  listNotices: {
    method: 'GET',
    path: '/notice-list',
    summary: '双周通报名单（period 可为通报期内任一天，返回该期首日与末日）',
    auth: ['supervisor', 'admin'],
    handler: 'notice-list',
    tag: 'task-orders',
    query: z.strictObject({ period: IsoDate }),
  },
  listNotifications: {
    method: 'GET',
    path: '/notifications',
    summary: '站内通知',
    auth: 'any',
    handler: 'notification-list',
    tag: 'notifications',
    query: z.strictObject({ limit: z.optional(QueryInt(1, 200)) }),
  },
  markNotificationRead: {
    method: 'POST',
    path: '/notifications/{id}/read',
    summary: '标记通知已读',
    auth: 'any',
    handler: 'notification-read',
    tag: 'notifications',
    params: z.strictObject({ id: z.string().check(z.maxLength(200)) }),
  },
} as const satisfies Record<string, RouteDef>;

export type RouteId = keyof typeof ROUTES;
export const routeList = () => Object.entries(ROUTES).map(([id, r]) => ({ id: id as RouteId, ...(r as RouteDef) }));
