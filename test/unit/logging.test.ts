/**
 * The one logging setup (functions/http/observability.ts): log keys live for one
 * invocation — in Lambda (one invocation at a time, warm container) and in the local
 * stack (every function in one process, interleaved) — and anything shaped like an ID
 * number or a mobile number is masked in every log line, whatever key carries it.
 */
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ApiEvent, httpHandler, ok } from '../../functions/http/http-handler.js';
import {
  jobHandler,
  localLambdaContext,
  logger,
  maskPersonalData,
  runInvocation,
  runInvocationsConcurrently,
  withLogContext,
} from '../../functions/observability.js';
import type { RouteDef } from '../../functions/http/routes.js';
import { maskId, maskPhone } from '../../functions/core/identity.js';
import { findPersonalData } from '../pii.js';

type Line = Record<string, unknown> & { message: string; level: string };

/** Every line the logger writes, parsed (and the raw text, for the PII scan). */
let lines: Line[] = [];
let raw: string[] = [];
beforeEach(() => {
  lines = [];
  raw = [];
  const out = (logger as unknown as { console: Record<string, (...args: unknown[]) => void> }).console;
  for (const method of ['debug', 'info', 'warn', 'error', 'log', 'trace'] as const) {
    vi.spyOn(out, method).mockImplementation((text: unknown) => {
      raw.push(String(text));
      lines.push(JSON.parse(String(text)) as Line);
    });
  }
});
afterEach(() => {
  vi.restoreAllMocks();
  logger.resetKeys();
});

const line = (message: string) => {
  const found = lines.filter((l) => l.message === message);
  expect(found, `one log line "${message}"`).toHaveLength(1);
  return found[0]!;
};

const lambdaContext = (functionName: string, awsRequestId: string): Context =>
  ({
    ...localLambdaContext('x'),
    functionName,
    awsRequestId,
    invokedFunctionArn: `arn:aws:lambda:cn-north-1:000000000000:function:${functionName}`,
  }) as Context;

const ratingRoute = {
  method: 'POST',
  path: '/ratings',
  summary: 'test route',
  auth: 'public',
  handler: 'rating-submit',
  tag: 'test',
} as const satisfies RouteDef;

/** Stands in for POST /ratings: the use case appends its business key and logs. */
const ratingHandler = httpHandler(ratingRoute, async () => {
  logger.appendKeys({ caseNumber: 'DEMO-0001' });
  logger.info('rating recorded', { ratingId: 'DEMO-0001-1' });
  return ok({}, 201);
});

const ratingEvent = {
  version: '2.0',
  routeKey: 'POST /ratings',
  rawPath: '/ratings',
  rawQueryString: '',
  headers: {},
  requestContext: { requestId: 'r', routeKey: 'POST /ratings', http: { method: 'POST', path: '/ratings' }, authorizer: { jwt: { claims: {}, scopes: [] } } },
} as unknown as ApiEvent;

/** Stands in for the task function: runBadReviewTask appends reviewId and action. */
async function badReviewTask(payload: { reviewId: string }, pause?: Promise<void>) {
  logger.appendKeys({ reviewId: payload.reviewId, action: 'dispatch' });
  logger.info('task started');
  await pause;
  logger.info('task done');
  return { ok: true };
}

describe('log keys live for one invocation (Lambda: one at a time, warm container)', () => {
  it('a rating after a workflow task carries no reviewId and its own function name', async () => {
    const task = jobHandler((payload: { reviewId: string }) => badReviewTask(payload));

    await task({ reviewId: 'R-123-1' }, lambdaContext('bad-review-task', 'req-task'));
    const res = (await ratingHandler(ratingEvent, lambdaContext('rating-submit', 'req-rating'))) as APIGatewayProxyStructuredResultV2;

    expect(res.statusCode).toBe(201);
    expect(line('task done')).toMatchObject({ reviewId: 'R-123-1', action: 'dispatch', function_name: 'bad-review-task', function_request_id: 'req-task' });
    const rating = line('rating recorded');
    expect(rating).toMatchObject({ caseNumber: 'DEMO-0001', ratingId: 'DEMO-0001-1', function_name: 'rating-submit', function_request_id: 'req-rating' });
    expect(rating).not.toHaveProperty('reviewId');
    expect(rating).not.toHaveProperty('action');
  });

  it('starts every invocation clean, even when keys were appended outside one', async () => {
    // e.g. a promise of an earlier invocation that appended after it had answered
    logger.appendKeys({ reviewId: 'R-stray-1' });
    const reconciler = jobHandler(async () => {
      logger.info('reconciled bad reviews');
      return {};
    });

    await ratingHandler(ratingEvent, lambdaContext('rating-submit', 'req-1'));
    logger.appendKeys({ reviewId: 'R-stray-2' });
    await reconciler({}, lambdaContext('bad-review-reconciler', 'req-2'));

    expect(line('rating recorded')).not.toHaveProperty('reviewId');
    expect(line('reconciled bad reviews')).not.toHaveProperty('reviewId');
    expect(line('reconciled bad reviews')).toMatchObject({ function_name: 'bad-review-reconciler' });
  });

  it('leaves no key behind after an invocation, also when it fails', async () => {
    const failing = jobHandler(async () => {
      logger.appendKeys({ reviewId: 'R-failed-1' });
      throw new Error('boom');
    });
    await expect(failing({}, lambdaContext('bad-review-task', 'req-3'))).rejects.toThrow('boom');
    await withLogContext('default-ratings', async () => {
      logger.appendKeys({ caseNumber: 'DEMO-0002' });
    });

    logger.info('between invocations');
    expect(line('between invocations')).not.toHaveProperty('reviewId');
    expect(line('between invocations')).not.toHaveProperty('caseNumber');
  });
});

describe('business keys shaped like an ID number or a phone are masked in every log line', () => {
  it('masks them in appended keys, extra keys, the message and errors, and keeps the line shape', async () => {
    await withLogContext('rating-submit', async () => {
      logger.appendKeys({ caseNumber: '11010519491231002X' });
      logger.info('rating recorded for 13912345678', {
        idempotencyKey: '13912345678',
        nested: { key: 'pad-11010519491231002X' },
        count: 13912345678,
        ratingId: 'PDS2026112000001-1',
        longCase: '4104000000202611200001',
        unitId: 'U-SCJG',
      });
      logger.error('rating failed', new Error('duplicate key 13912345678'));
    });

    expect(raw.flatMap((l) => findPersonalData(l))).toEqual([]);
    expect(line('rating recorded for 139****5678')).toMatchObject({
      level: 'INFO',
      caseNumber: '110105********002X',
      idempotencyKey: '139****5678',
      nested: { key: 'pad-110105********002X' },
      count: '139****5678',
      // not shaped like one: left as they are
      ratingId: 'PDS2026112000001-1',
      longCase: '4104000000202611200001',
      unitId: 'U-SCJG',
      function_name: 'local-rating-submit',
    });
    expect(line('rating failed')).toMatchObject({ level: 'ERROR', error: { name: 'Error', message: 'duplicate key 139****5678' } });
  });

  it('masks IDs with a wrong check digit too (shape, not validity)', () => {
    expect(maskPersonalData('11010519491231002Y')).toBe('11010519491231002Y');
    expect(maskPersonalData('id 110105194912310021.')).toBe('id 110105********0021.');
    expect(maskPersonalData('A13912345678 139123456789 12912345678')).toBe('A13912345678 139123456789 12912345678');
    // the same masks the API shows
    for (const id of ['11010519491231002X', '410402199001011234']) expect(maskPersonalData(id)).toBe(maskId(id));
    for (const phone of ['13912345678', '18800001111']) expect(maskPersonalData(phone)).toBe(maskPhone(phone));
  });
});

describe('log keys live for one invocation (local stack: every function in one process, interleaved)', () => {
  it('a rating request that runs while a workflow task is in flight carries no reviewId, and each line its own function name', async () => {
    runInvocationsConcurrently();
    let resume!: () => void;
    const paused = new Promise<void>((ok) => (resume = ok));

    // The local workflow engine calls the task function; it appends reviewId and waits on DynamoDB…
    const task = withLogContext('bad-review-task', () => badReviewTask({ reviewId: 'R-123-1' }, paused));
    // …meanwhile the local server runs a rating request, and the reconciler job runs.
    const context = localLambdaContext('rating-submit');
    const res = (await runInvocation(context.awsRequestId, () => ratingHandler(ratingEvent, context))) as APIGatewayProxyStructuredResultV2;
    await withLogContext('bad-review-reconciler', async () => logger.info('reconciled bad reviews'));
    resume();
    await task;

    expect(res.statusCode).toBe(201);
    const rating = line('rating recorded');
    expect(rating).toMatchObject({ caseNumber: 'DEMO-0001', function_name: 'local-rating-submit', function_request_id: context.awsRequestId });
    expect(rating).not.toHaveProperty('reviewId');
    const reconciled = line('reconciled bad reviews');
    expect(reconciled).toMatchObject({ function_name: 'local-bad-review-reconciler' });
    expect(reconciled).not.toHaveProperty('reviewId');
    // The task's own lines keep its keys and name, before and after the others ran.
    for (const message of ['task started', 'task done']) {
      expect(line(message)).toMatchObject({ reviewId: 'R-123-1', action: 'dispatch', function_name: 'local-bad-review-task' });
      expect(line(message)).not.toHaveProperty('caseNumber');
    }
    logger.info('after every invocation');
    expect(line('after every invocation')).not.toHaveProperty('reviewId');
    expect(line('after every invocation')).not.toHaveProperty('caseNumber');
  });
});
