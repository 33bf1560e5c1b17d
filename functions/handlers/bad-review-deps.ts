import { DynamoBadReviewStore } from '../adapters/dynamo/bad-review-store.js';
import { tableFromEnv } from '../adapters/dynamo/table.js';
import { CompositeNotifier } from '../adapters/notify/composite.js';
import { DynamoNotificationInbox } from '../adapters/notify/dynamo-inbox.js';
import { parseBadReviewConfig } from '../core/bad-review.js';
import type { FileStore } from '../ports/notifier.js';
import type { WorkflowEngine } from '../ports/workflow.js';
import { startBadReview } from '../usecases/bad-review-workflow.js';
import type { BadReviewDeps } from '../usecases/deps.js';
import { handlerDeps } from './deps.js';

let deps: BadReviewDeps | undefined;

/** A port this function was not given (its route does not `use` it): calling it is a deployment bug. */
function missing<T extends object>(what: string): T {
  return new Proxy({} as T, { get: () => () => Promise.reject(new Error(`${what} is not configured for this function`)) });
}

/**
 * Adds the port(s) of one capability a route `uses` (functions/http/routes.ts: workflow,
 * files, notify) from the environment the stack binds with it. Each lives in a composition
 * root of its own, next to the AWS client it needs: bad-review-deps-workflow.ts (Step
 * Functions), -files.ts (S3), -notify.ts (SNS, SQS), -workflow-notify.ts (both).
 */
export type Capability = (deps: BadReviewDeps, env: NodeJS.ProcessEnv) => void;

/**
 * The composition root for handlers of the bad-review workflow (and rating submission,
 * which starts it): the foundation's adapters, the bad-review store and the in-app inbox,
 * then the given capabilities. It extends the `handlerDeps()` object in place.
 *
 * A handler imports `badReviewHandlerDeps` from the root that matches its route's `uses`:
 * from this file when it uses none, so its bundle carries no Step Functions, S3, SNS or
 * SQS client and it constructs none; a port it was not given answers "not configured".
 * The local stack takes this one and swaps in its own engine, files and notifiers.
 */
export function composeBadReviewDeps(env: NodeJS.ProcessEnv, ...capabilities: Capability[]): BadReviewDeps {
  if (deps) return deps;
  const table = tableFromEnv(env);
  const inbox = new DynamoNotificationInbox(table);
  const d: BadReviewDeps = Object.assign(handlerDeps(env), {
    badReviews: new DynamoBadReviewStore(table),
    workflow: missing<WorkflowEngine>('The workflow engine (STATE_MACHINE_ARN)'),
    notifier: new CompositeNotifier([inbox]),
    inbox,
    files: missing<FileStore>('The evidence bucket (EVIDENCE_BUCKET)'),
    badReviewConfig: parseBadReviewConfig(env.BAD_REVIEW_CONFIG),
    demoWorkdaySeconds: env.DEMO_WORKDAY_SECONDS ? Number(env.DEMO_WORKDAY_SECONDS) : undefined,
  });
  // Best effort: without a workflow engine it fails, is logged, and the reconciler starts it.
  d.onBadReview = (review) => startBadReview(d, review);
  for (const add of capabilities) add(d, env);
  deps = d;
  return d;
}

/** For handlers whose route uses nothing besides the table (and the in-app inbox). */
export const badReviewHandlerDeps = (env = process.env): BadReviewDeps => composeBadReviewDeps(env);
