import middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import * as z from 'zod/mini';
import type * as zc from 'zod/v4/core';
import { zhCN } from 'zod/locales';
import { type Principal, principalFromClaims } from '../core/access.js';
import { DomainError, type Issue } from '../core/errors.js';
import { parseOrThrow } from '../core/validation.js';
import { logContext, logger } from '../observability.js';
import type { RouteDef } from './routes.js';
import { API_HEADERS } from './security-headers.js';

// `zhCN` by name: `z.locales.zhCN` would bundle every locale (~260 KiB minified).
z.config(zhCN());

type Infer<T> = T extends zc.$ZodType ? zc.output<T> : undefined;

export interface HttpRequest<R extends RouteDef> {
  principal: R['auth'] extends 'public' ? Principal | undefined : Principal;
  body: R['bodyType'] extends 'csv' | 'ics' ? string : Infer<R['body']>;
  query: Infer<R['query']>;
  params: Infer<R['params']>;
  headers: Record<string, string | undefined>;
}

/** What a use case answers: JSON by default, or raw text/binary (QR images). */
export type Reply =
  | { status?: number; body: unknown; headers?: Record<string, string> }
  | { status?: number; raw: string; contentType: string; base64?: boolean; headers?: Record<string, string> };

export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
const DEFAULT_MAX_BODY = 64 * 1024;

function readBody(route: RouteDef, event: ApiEvent): unknown {
  const raw = event.body === undefined || event.body === null ? '' : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  const max = route.maxBodyBytes ?? DEFAULT_MAX_BODY;
  if (Buffer.byteLength(raw, 'utf8') > max)
    throw new DomainError('PAYLOAD_TOO_LARGE', `请求体超过 ${max} 字节上限`, [{ field: '', rule: 'max_bytes', message: `请求体不能超过 ${max} 字节` }]);
  const text = route.bodyType === 'csv' || route.bodyType === 'ics';
  const wanted = route.bodyType === 'csv' ? 'text/csv' : route.bodyType === 'ics' ? 'text/calendar' : 'application/json';
  const contentType = (event.headers?.['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (contentType !== wanted)
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE', `Content-Type 应为 ${wanted}`, [{ field: 'content-type', rule: 'media_type', message: `应为 ${wanted}` }]);
  if (text) return raw;
  try {
    return JSON.parse(raw);
  } catch {
    throw new DomainError('MALFORMED_JSON', '请求体不是合法的 JSON', [{ field: '', rule: 'json', message: '不是合法的 JSON' }]);
  }
}

function authenticate(route: RouteDef, event: ApiEvent): Principal | undefined {
  if (route.auth === 'public') return undefined;
  const principal = principalFromClaims(event.requestContext?.authorizer?.jwt?.claims as Record<string, unknown> | undefined);
  if (!principal) throw new DomainError('UNAUTHENTICATED', '未登录或令牌无效');
  if (route.auth !== 'any' && !route.auth.includes(principal.role)) throw new DomainError('FORBIDDEN', '当前身份无权执行此操作');
  return principal;
}

function toResponse(reply: Reply): APIGatewayProxyResultV2 {
  const status = reply.status ?? 200;
  if ('raw' in reply)
    return {
      statusCode: status,
      headers: { ...API_HEADERS, 'content-type': reply.contentType, ...reply.headers },
      body: reply.raw,
      isBase64Encoded: !!reply.base64,
    };
  return {
    statusCode: status,
    headers: { ...API_HEADERS, 'content-type': 'application/json; charset=utf-8', ...reply.headers },
    body: JSON.stringify(reply.body),
  };
}

/** Most issues an error body lists: a body with 120,000 unknown keys must not answer megabytes. */
export const MAX_LISTED_ISSUES = 20;

/** The one error envelope: `{"error":{"code","message","issues"}}`, issues capped with the count left out. */
export function errorBody(code: string, message: string, issues: readonly Issue[] = [], extra: Record<string, unknown> = {}) {
  const listed = issues.slice(0, MAX_LISTED_ISSUES).map((i) => ({ field: i.field.slice(0, 200), rule: i.rule, message: i.message.slice(0, 500) }));
  const more = issues.length - listed.length;
  return { error: { code, message: message.slice(0, 1000), issues: listed, ...(more > 0 ? { moreIssues: more } : {}), ...extra } };
}

export function errorResponse(error: unknown, requestId?: string): APIGatewayProxyResultV2 {
  if (error instanceof DomainError) return toResponse({ status: error.status, body: errorBody(error.code, error.message, error.issues) });
  // The message may echo input: long digit runs (IDs, phones) are blanked before it is logged.
  logger.error('unhandled error', {
    errorName: (error as Error)?.name,
    errorMessage: (error as Error)?.message?.slice(0, 200).replace(/\d{7,}[\dXx]?/g, '***'),
  });
  return toResponse({ status: 500, body: errorBody('INTERNAL', '服务器内部错误，请稍后重试', [], { requestId }) });
}

/**
 * The one middy composition for HTTP routes: logger context, authentication and role
 * check, body/query/path parsing with zod, error mapping. The use case does the rest.
 */
export function httpHandler<R extends RouteDef>(route: R, useCase: (req: HttpRequest<R>) => Promise<Reply>) {
  return middy<ApiEvent, APIGatewayProxyResultV2, Error, Context>()
    .use(logContext() as middy.MiddlewareObj<ApiEvent, APIGatewayProxyResultV2, Error, Context>)
    .use({
      onError: (request) => {
        request.response = errorResponse(request.error, request.context?.awsRequestId);
      },
    })
    .handler(async (event) => {
      const principal = authenticate(route, event);
      if (principal) logger.appendKeys({ role: principal.role, unitId: principal.unitId });
      const body = route.body || route.bodyType === 'csv' || route.bodyType === 'ics' ? readBody(route, event) : undefined;
      const req = {
        principal,
        headers: Object.fromEntries(Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
        params: route.params ? parseOrThrow(route.params, event.pathParameters ?? {}, ['path']) : undefined,
        query: route.query ? parseOrThrow(route.query, event.queryStringParameters ?? {}, ['query']) : undefined,
        body: route.body ? parseOrThrow(route.body, body) : body,
      } as HttpRequest<R>;
      return toResponse(await useCase(req));
    });
}

export const ok = (body: unknown, status = 200): Reply => ({ status, body });
