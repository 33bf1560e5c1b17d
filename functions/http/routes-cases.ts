import * as z from 'zod/mini';
import { CaseInput, CaseNumber } from '../core/cases.js';
import { RatingInput } from '../core/ratings.js';
import { Paging, type RouteDef } from './route-def.js';
import { CaseListResponse, RatingListResponse } from './responses-inbox.js';
import { BatchResponse, RatingSubmissionResponse } from './responses.js';

export const MAX_BATCH = 500;
const BATCH_BYTES = 2 * 1024 * 1024;

export const RatingBatch = z.strictObject({
  ratings: z
    .array(z.looseObject({ idempotencyKey: z.optional(z.string().check(z.minLength(1), z.maxLength(100))) }))
    .check(z.minLength(1), z.maxLength(MAX_BATCH)),
});
export const CaseBatch = z.strictObject({ cases: z.array(z.looseObject({})).check(z.minLength(1), z.maxLength(MAX_BATCH)) });

/** Cases (办件) and ratings (评价), QR codes and places. */
export const CASE_ROUTES = {
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
    response: CaseListResponse,
  },
  submitRating: {
    method: 'POST',
    path: '/ratings',
    summary: '提交评价（支持 Idempotency-Key 请求头）',
    auth: ['citizen', 'client'],
    handler: 'rating-submit',
    tag: 'ratings',
    response: RatingSubmissionResponse,
    created: true,
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
    response: BatchResponse,
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
    response: RatingListResponse,
  },
} as const satisfies Record<string, RouteDef>;
