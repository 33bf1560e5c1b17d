/**
 * The one middy composition for HTTP routes, called with crafted API Gateway HTTP API
 * (payload 2.0) events: body limits and parsing, authentication, roles, error mapping.
 * A real handler module (POST /ratings) is driven with its DynamoDB client mocked, to
 * show that refused requests never reach the table.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DomainError } from '../../functions/core/errors.js';
import { type ApiEvent, httpHandler, ok } from '../../functions/http/http-handler.js';
import type { RouteDef } from '../../functions/http/routes.js';

const context = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'test',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:cn-north-1:000000000000:function:test',
  memoryLimitInMB: '256',
  awsRequestId: 'req-123',
  logGroupName: '/test',
  logStreamName: 'test',
  getRemainingTimeInMillis: () => 10_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
} as Context;

/** A payload 2.0 event with the given body, headers and JWT claims (as the authorizer passes them). */
function event(
  opts: {
    body?: string;
    base64?: boolean;
    headers?: Record<string, string>;
    claims?: Record<string, string>;
    query?: Record<string, string>;
    params?: Record<string, string>;
  } = {},
): ApiEvent {
  return {
    version: '2.0',
    routeKey: 'POST /things',
    rawPath: '/things',
    rawQueryString: '',
    headers: { 'content-type': 'application/json', ...opts.headers },
    queryStringParameters: opts.query,
    pathParameters: opts.params,
    requestContext: {
      accountId: 'a',
      apiId: 'api',
      domainName: 'example',
      domainPrefix: 'example',
      requestId: 'r',
      routeKey: 'POST /things',
      stage: '$default',
      time: '',
      timeEpoch: 0,
      http: { method: 'POST', path: '/things', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: opts.claims ?? {}, scopes: [] } },
    },
    body: opts.body,
    isBase64Encoded: !!opts.base64,
  } as ApiEvent;
}

const STAFF = { sub: 'staff-1', role: 'staff', unit_id: 'U-CITY' };

const route = {
  method: 'POST',
  path: '/things/{id}',
  summary: 'test route',
  auth: ['staff', 'admin'],
  handler: 'unused',
  tag: 'test',
  body: z.strictObject({ name: z.string().min(1), count: z.int().min(0) }),
  params: z.strictObject({ id: z.string().regex(/^\d+$/) }),
  query: z.strictObject({ dryRun: z.enum(['yes', 'no']).optional() }),
  maxBodyBytes: 256,
} as const satisfies RouteDef;

let behaviour: 'echo' | 'crash' | 'domain' = 'echo';
const handler = httpHandler(route, async (req) => {
  if (behaviour === 'crash') throw new Error('connect ECONNREFUSED 10.0.3.7:8000 table=prod-haochaping secret=s3cr3t');
  if (behaviour === 'domain')
    throw new DomainError('ALREADY_RATED', '该办件已评价', [{ field: 'assessNumber', rule: 'one_per_case', message: '每个办件只能评价一次' }]);
  return ok({ name: req.body.name, count: req.body.count, id: req.params.id, dryRun: req.query.dryRun, by: req.principal.sub }, 201);
});

async function call(e: ApiEvent) {
  const res = (await handler(e, context)) as APIGatewayProxyStructuredResultV2;
  return { status: res.statusCode, body: JSON.parse(res.body ?? 'null'), raw: res.body ?? '', headers: res.headers ?? {} };
}

const valid = (over: Partial<Parameters<typeof event>[0]> = {}) =>
  event({ body: JSON.stringify({ name: '窗口', count: 2 }), claims: STAFF, params: { id: '7' }, ...over });

describe('httpHandler', () => {
  it('passes the parsed body, path, query and principal to the use case and answers JSON', async () => {
    // Prepare
    behaviour = 'echo';
    // Act
    const res = await call(valid({ query: { dryRun: 'yes' }, headers: { 'content-type': 'application/json; charset=utf-8' } }));
    // Assess
    expect(res.status).toBe(201);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual({ name: '窗口', count: 2, id: '7', dryRun: 'yes', by: 'staff-1' });
  });

  it('decodes a base64-encoded body', async () => {
    // Act
    const res = await call(valid({ body: Buffer.from(JSON.stringify({ name: 'b64', count: 0 })).toString('base64'), base64: true }));
    // Assess
    expect(res.status).toBe(201);
    expect(res.body.name).toBe('b64');
  });

  it('answers 400 MALFORMED_JSON for a body that is not JSON', async () => {
    // Act
    const res = await call(valid({ body: '{"name": "x", count: 2' }));
    // Assess
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'MALFORMED_JSON', issues: [{ field: '', rule: 'json' }] });
  });

  it('answers 415 for a body that is not declared as JSON', async () => {
    // Act
    const res = await call(valid({ headers: { 'content-type': 'text/plain' } }));
    // Assess
    expect(res.status).toBe(415);
    expect(res.body.error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', issues: [{ field: 'content-type', rule: 'media_type' }] });
  });

  it('answers 413 for a body over the route’s byte limit, counting UTF-8 bytes', async () => {
    // Prepare: 90 Chinese characters are 270 bytes, over the 256-byte limit
    const body = JSON.stringify({ name: '长'.repeat(90), count: 1 });
    // Act
    const res = await call(valid({ body }));
    // Assess
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', issues: [{ rule: 'max_bytes' }] });
  });

  it('answers 400 naming an unknown field with rule unknown_field', async () => {
    // Act
    const res = await call(valid({ body: JSON.stringify({ name: 'x', count: 1, colour: 'red' }) }));
    // Assess
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.issues).toEqual([expect.objectContaining({ field: 'colour', rule: 'unknown_field' })]);
  });

  it('answers 400 naming a field of the wrong type', async () => {
    // Act
    const res = await call(valid({ body: JSON.stringify({ name: 'x', count: '1' }) }));
    // Assess
    expect(res.status).toBe(400);
    expect(res.body.error.issues).toEqual([expect.objectContaining({ field: 'count', rule: 'invalid_type' })]);
  });

  it('names bad path and query parameters with their prefix', async () => {
    // Act
    const path = await call(valid({ params: { id: 'abc' } }));
    const query = await call(valid({ query: { dryRun: 'maybe' } }));
    // Assess
    expect([path.status, query.status]).toEqual([400, 400]);
    expect(path.body.error.issues).toEqual([expect.objectContaining({ field: 'path.id' })]);
    expect(query.body.error.issues).toEqual([expect.objectContaining({ field: 'query.dryRun', rule: 'invalid_value' })]);
  });

  it('answers 401 without verified claims, before reading the body', async () => {
    // Act
    const res = await call(valid({ claims: {}, body: 'not json' }));
    // Assess
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('answers 401 for incomplete claims (staff without a unit)', async () => {
    // Act
    const res = await call(valid({ claims: { sub: 's', role: 'staff' } }));
    // Assess
    expect(res.status).toBe(401);
  });

  it('answers 403 for a role the route does not allow', async () => {
    // Act
    const res = await call(valid({ claims: { sub: 'c', role: 'citizen', person_key: 'k' } }));
    // Assess
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
  });

  it('maps a domain error to its status with code, message and issues', async () => {
    // Prepare
    behaviour = 'domain';
    // Act
    const res = await call(valid());
    behaviour = 'echo';
    // Assess
    expect(res.status).toBe(409);
    expect(res.body).toEqual({
      error: { code: 'ALREADY_RATED', message: '该办件已评价', issues: [{ field: 'assessNumber', rule: 'one_per_case', message: '每个办件只能评价一次' }] },
    });
  });

  it('answers an unexpected exception with a plain 500 that carries no internals', async () => {
    // Prepare
    behaviour = 'crash';
    // Act
    const res = await call(valid());
    behaviour = 'echo';
    // Assess
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { code: 'INTERNAL', message: expect.any(String), issues: [], requestId: 'req-123' } }); // the one envelope: issues is always there
    expect(res.raw).not.toMatch(/ECONNREFUSED|10\.0\.3\.7|prod-haochaping|s3cr3t|stack|at /);
  });
});

describe('a real handler module (POST /ratings)', () => {
  const dynamo = mockClient(DynamoDBClient);
  let submit: (e: ApiEvent, c: Context) => Promise<unknown>;
  const saved = { TABLE_NAME: process.env.TABLE_NAME, DYNAMODB_ENDPOINT: process.env.DYNAMODB_ENDPOINT, PERSON_KEY_SALT: process.env.PERSON_KEY_SALT };

  beforeAll(async () => {
    process.env.TABLE_NAME ??= 'unit-test-table';
    process.env.DYNAMODB_ENDPOINT ??= 'http://127.0.0.1:9'; // never reached: the client is mocked
    process.env.PERSON_KEY_SALT ??= 'unit-test-salt';
    submit = (await import('../../functions/handlers/rating-submit.handler.js')).handler as typeof submit;
  });
  afterAll(() => {
    dynamo.restore();
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
  });

  const ratingEvent = (body: unknown, claims: Record<string, string> = { sub: 'pad', role: 'client', venue_id: 'V-CITY' }) =>
    event({ body: JSON.stringify(body), claims });

  it.each([
    ['level 6', { caseNumber: 'C-1', level: 6, channel: 'pad', anonymous: true }, 'level'],
    ['an unknown channel', { caseNumber: 'C-1', level: 1, channel: 'fax', anonymous: true }, 'channel'],
    ['an unknown field', { caseNumber: 'C-1', level: 1, channel: 'pad', anonymous: true, score: 9 }, 'score'],
  ])('refuses %s with 400 and sends nothing to DynamoDB', async (_what, body, field) => {
    // Prepare
    dynamo.reset();
    // Act
    const res = (await submit(ratingEvent(body), context)) as APIGatewayProxyStructuredResultV2;
    // Assess
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body!).error.issues.map((i: { field: string }) => i.field)).toContain(field);
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('refuses staff (not a rating role) with 403 and sends nothing to DynamoDB', async () => {
    // Prepare
    dynamo.reset();
    // Act
    const res = (await submit(
      ratingEvent({ caseNumber: 'C-1', level: 1, channel: 'pad', anonymous: true }, STAFF),
      context,
    )) as APIGatewayProxyStructuredResultV2;
    // Assess
    expect(res.statusCode).toBe(403);
    expect(dynamo.calls()).toHaveLength(0);
  });
});

describe('error bodies and headers', () => {
  it('caps the issues listed and says how many more there were, whatever the input', async () => {
    // Prepare: a large route body limit and 120,000 unknown keys
    const wide = httpHandler({ ...route, maxBodyBytes: 4 * 1024 * 1024 }, async () => ok({}));
    const keys = Object.fromEntries(Array.from({ length: 120_000 }, (_, i) => [`k${i}`, 1]));
    // Act
    const res = (await wide(
      event({ body: JSON.stringify({ name: 'x', count: 1, ...keys }), params: { id: '1' }, claims: STAFF }),
      context,
    )) as APIGatewayProxyStructuredResultV2;
    const body = JSON.parse(res.body ?? '{}');
    // Assess
    expect(res.statusCode).toBe(400);
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.issues).toHaveLength(20);
    expect(body.error.moreIssues).toBe(120_000 - 20);
    expect((res.body ?? '').length).toBeLessThan(10_000);
  });

  it('puts the security headers on answers and on errors', async () => {
    // Act
    const good = await call(event({ body: JSON.stringify({ name: 'x', count: 1 }), params: { id: '1' }, claims: STAFF }));
    const bad = await call(event({ body: '{', params: { id: '1' }, claims: STAFF }));
    // Assess
    for (const r of [good, bad]) {
      expect(r.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      });
    }
  });
});
