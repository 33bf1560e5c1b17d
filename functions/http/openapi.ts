import * as z from 'zod/mini';
import type * as zc from 'zod/v4/core';
import { routeList } from './routes.js';

const schema = (s: zc.$ZodType, io: 'input' | 'output' = 'input') => z.toJSONSchema(s, { target: 'draft-2020-12', io, unrepresentable: 'any' });

const ErrorBody = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        issues: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, rule: { type: 'string' }, message: { type: 'string' } } } },
      },
    },
  },
};

/** OpenAPI 3.1 document generated from the route table's zod schemas. */
export function openApiDocument(serverUrl?: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routeList()) {
    const parameters = [
      ...(r.params ? Object.entries((schema(r.params) as any).properties ?? {}).map(([name, s]) => ({ name, in: 'path', required: true, schema: s })) : []),
      ...(r.query
        ? Object.entries((schema(r.query) as any).properties ?? {}).map(([name, s]) => ({
            name,
            in: 'query',
            required: ((schema(r.query!) as any).required ?? []).includes(name),
            schema: s,
          }))
        : []),
      ...(r.id === 'submitRating' ? [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 100 } }] : []),
    ];
    const requestBody = r.body
      ? { required: true, content: { 'application/json': { schema: schema(r.body) } } }
      : r.bodyType === 'csv' || r.bodyType === 'ics'
        ? { required: true, content: { [r.bodyType === 'csv' ? 'text/csv' : 'text/calendar']: { schema: { type: 'string' } } } }
        : undefined;
    const path = (paths[r.path] ??= {});
    path[r.method.toLowerCase()] = {
      operationId: r.id,
      summary: r.summary,
      tags: [r.tag],
      ...(r.auth === 'public' ? { security: [] } : {}),
      ...(r.auth !== 'public' && r.auth !== 'any' ? { description: `角色：${r.auth.join(', ')}` } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(requestBody ? { requestBody } : {}),
      responses: {
        ...(r.response
          ? {
              '200': { description: 'OK', content: { 'application/json': { schema: schema(r.response, 'output') } } },
              ...(r.created ? { '201': { description: '已创建', content: { 'application/json': { schema: schema(r.response, 'output') } } } } : {}),
            }
          : { '200': { description: 'OK' } }),
        '4XX': { description: '请求错误：字段与规则见 issues', content: { 'application/json': { schema: ErrorBody } } },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: '政务服务好差评 · 咨询投诉 API', version: '0.1.0' },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    security: [{ bearer: [] }],
    paths,
  };
}
