import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { maskId, maskPhone } from './core/identity.js';

/** Same boundaries as the suite's log scan (test/pii.ts): not glued to other letters or digits. */
const ID_SHAPED = /(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g;
const MOBILE_SHAPED = /(?<![\dA-Za-z])1[3-9]\d{9}(?![\dA-Za-z])/g;

/**
 * Masks every run shaped like a resident ID (18 characters) or a mainland mobile number
 * (`110105********002X`, `139****5678`) with core/identity's own masks, valid check digit
 * or not: a business key such as a case number or an idempotency key may be one.
 */
export function maskPersonalData(text: string): string {
  return text.replace(ID_SHAPED, maskId).replace(MOBILE_SHAPED, maskPhone);
}

/** Runs on every value Powertools serialises (message, keys, nested objects, formatted errors). */
function maskingReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'string') return maskPersonalData(value);
  if (typeof value === 'number' && Number.isSafeInteger(value)) {
    const masked = maskPersonalData(String(value));
    return masked === String(value) ? value : masked;
  }
  return value;
}

/**
 * The one logger. Log business keys (case number, rating id, unit) — never names,
 * ID numbers or phones; request and response bodies are never logged. Anything shaped
 * like an ID number or a mobile number is masked on the way out, whatever key carries it.
 *
 * Keys added with `logger.appendKeys` are temporary: they live for one invocation (see
 * {@link logContext} and {@link withLogContext}); never use `appendPersistentKeys`.
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'haochaping', jsonReplacerFn: maskingReplacer });

/**
 * Starts one invocation's log context: no temporary key of an earlier invocation (or of
 * code that ran outside any, e.g. a fire-and-forget promise) survives, and the function
 * name and request id are this invocation's.
 */
function beginInvocation(context: Context): void {
  logger.resetKeys();
  logger.addContext(context);
}

/** Ends it: the temporary keys it appended go with it. */
function endInvocation(): void {
  logger.resetKeys();
}

/**
 * The logger middleware of every Lambda handler, HTTP and not: each invocation starts with
 * clean keys and its own Lambda context, and leaves no key behind (also when it fails).
 * Powertools' `resetKeys` alone only clears at the end of an invocation.
 */
export function logContext(): middy.MiddlewareObj<unknown, unknown, Error, Context> {
  const inject = injectLambdaContext(logger, { resetKeys: true });
  return {
    before: (request) => {
      logger.resetKeys();
      return inject.before?.(request);
    },
    after: (request) => inject.after?.(request),
    onError: (request) => inject.onError?.(request),
  };
}

/** The one middy composition for non-HTTP triggers (scheduled jobs, the workflow's task function). */
export function jobHandler<TEvent = unknown, TResult = unknown>(useCase: (event: TEvent, context: Context) => Promise<TResult>) {
  return middy<TEvent, TResult, Error, Context>()
    .use(logContext() as middy.MiddlewareObj<TEvent, TResult, Error, Context>)
    .handler(useCase);
}

/** The Lambda context the local stack hands to a function it runs in process (`local-<name>`). */
export function localLambdaContext(name: string, timeoutMs = 10_000): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `local-${name}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:local-${name}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/local/${name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

// ---------------------------------------------------------------------------------------
// Several invocations at once in one process (the local stack).
//
// Lambda runs one invocation at a time per environment, so resetting keys at the start
// and end of each is enough there. The local stack runs every function in one Node process
// and interleaves them (a rating request, the workflow's task calls, the jobs): one shared
// set of keys would carry a task's `reviewId` into a rating's line whatever is reset when.
// Lambda Managed Instances have the same shape, and Powertools handles it: when
// `AWS_LAMBDA_MAX_CONCURRENCY` is set it keeps temporary keys, the Lambda context and the
// log level per invocation in the runtime's `awslambda.InvokeStore` (AsyncLocalStorage).
// Off Lambda there is no runtime to provide that store, so the local stack installs one
// ({@link runInvocationsConcurrently}) and runs each invocation in its own ({@link runInvocation}).
// ---------------------------------------------------------------------------------------

type InvocationStore = Record<string | symbol, unknown>;
const REQUEST_ID = Symbol.for('_AWS_LAMBDA_REQUEST_ID');
const X_RAY_TRACE_ID = Symbol.for('_AWS_LAMBDA_X_RAY_TRACE_ID');

/** The subset of the Lambda runtime's InvokeStore (`@aws/lambda-invoke-store`) that Powertools and the AWS SDK read. */
class LocalInvokeStore {
  readonly #als = new AsyncLocalStorage<InvocationStore>();
  getContext = () => this.#als.getStore();
  hasContext = () => this.#als.getStore() !== undefined;
  get = <T = unknown>(key: string | symbol) => this.#als.getStore()?.[key] as T | undefined;
  set = (key: string | symbol, value: unknown) => {
    const store = this.#als.getStore();
    if (!store) throw new Error('No invocation context');
    store[key] = value;
  };
  run = <T>(context: InvocationStore, fn: () => T): T => this.#als.run(context, fn);
  getRequestId = () => this.get<string>(REQUEST_ID) ?? '-';
  getXRayTraceId = () => this.get<string>(X_RAY_TRACE_ID);
  getTenantId = () => undefined;
  getTraceparent = () => undefined;
  getTracestate = () => undefined;
  getBaggage = () => undefined;
}

let localStore: LocalInvokeStore | undefined;

/**
 * Local stack only, once at start: from now on each {@link runInvocation} has its own
 * log keys and Lambda context, even while others run. Without it (Lambda) invocations
 * share one set, reset at the start and end of each.
 */
export function runInvocationsConcurrently(): void {
  if (localStore) return;
  const g = globalThis as { awslambda?: { InvokeStore?: unknown } };
  localStore = new LocalInvokeStore();
  g.awslambda = { ...g.awslambda, InvokeStore: localStore };
  process.env.AWS_LAMBDA_MAX_CONCURRENCY ??= '64';
}

/** Runs `fn` as one invocation of its own (its own log keys) once {@link runInvocationsConcurrently} was called; otherwise just runs it. */
export function runInvocation<T>(requestId: string, fn: () => T): T {
  return localStore ? localStore.run({ [REQUEST_ID]: requestId }, fn) : fn();
}

/**
 * Runs a use case in process as one invocation of the function `name` (what Lambda does
 * for a scheduled job or a workflow task): fresh keys, `function_name` `local-<name>`,
 * and none of its keys left behind. The local stack calls its jobs and the workflow's
 * task function through this.
 */
export function withLogContext<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const context = localLambdaContext(name);
  return runInvocation(context.awsRequestId, async () => {
    beginInvocation(context);
    try {
      return await fn();
    } finally {
      endInvocation();
    }
  });
}
