import { DynamoBadReviewStore } from '../adapters/dynamo/bad-review-store.js';
import type { TableConfig } from '../adapters/dynamo/table.js';
import { CompositeNotifier } from '../adapters/notify/composite.js';
import { DynamoNotificationInbox } from '../adapters/notify/dynamo-inbox.js';
import { type BadReview, type BadReviewConfig, parseBadReviewConfig } from '../core/bad-review.js';
import type { FileStore } from '../ports/notifier.js';
import type { WorkflowEngine } from '../ports/workflow.js';
import { startBadReview } from '../usecases/bad-review-workflow.js';
import type { BadReviewDeps, Deps } from '../usecases/deps.js';
import { envTable, handlerDeps, missing } from './deps.js';

let deps: BadReviewDeps | undefined;

/**
 * The port(s) of one capability a route `uses` (functions/http/routes.ts: workflow,
 * files, notify), built from the environment the stack binds with it. Each lives in a
 * composition root of its own, next to the AWS client it needs: bad-review-deps-workflow.ts
 * (Step Functions), -files.ts (S3), -notify.ts (SNS, SQS), -workflow-notify.ts (both).
 */
export type Capability = (base: BadReviewDeps, env: NodeJS.ProcessEnv) => Partial<BadReviewDeps>;

/**
 * The bad-review ports over the foundation's: the bad-review store, the in-app inbox,
 * the numbers; a port not given answers "not configured"; then whatever `extra` replaces
 * (a capability's AWS adapters, or the local stack's engine, files and notifiers). Builds
 * a new, frozen object: nothing is swapped in afterwards.
 */
export function badReviewDeps(
  foundation: Deps,
  table: TableConfig,
  settings: { badReviewConfig: BadReviewConfig; demoWorkdaySeconds?: number },
  extra: (base: BadReviewDeps) => Partial<BadReviewDeps> = () => ({}),
): BadReviewDeps {
  const inbox = new DynamoNotificationInbox(table);
  const base: BadReviewDeps = {
    ...foundation,
    badReviews: new DynamoBadReviewStore(table),
    workflow: missing<WorkflowEngine>('The workflow engine (STATE_MACHINE_ARN)'),
    notifier: new CompositeNotifier([inbox]),
    inbox,
    files: missing<FileStore>('The evidence bucket (EVIDENCE_BUCKET)'),
    ...settings,
  };
  const d: BadReviewDeps = Object.freeze({
    ...base,
    ...extra(base),
    // Best effort: without a workflow engine it fails, is logged, and the reconciler starts it.
    onBadReview: (review: BadReview) => startBadReview(d, review),
  });
  return d;
}

/** The bad-review settings from the environment, checked at cold start. */
export const badReviewSettingsFromEnv = (env: NodeJS.ProcessEnv) => {
  const demo = env.DEMO_WORKDAY_SECONDS ? Number(env.DEMO_WORKDAY_SECONDS) : undefined;
  if (demo !== undefined && !(demo > 0)) throw new Error('DEMO_WORKDAY_SECONDS must be a positive number of seconds');
  return { badReviewConfig: parseBadReviewConfig(env.BAD_REVIEW_CONFIG), demoWorkdaySeconds: demo };
};

/**
 * The composition root for bad-review handlers (and rating submission, which starts a
 * review), once per container. A handler takes `badReviewHandlerDeps` from the root that
 * matches its route's `uses`: from this file when it uses none, so its bundle carries no
 * Step Functions, S3, SNS or SQS client and it constructs none.
 */
export function composeBadReviewDeps(env: NodeJS.ProcessEnv, ...capabilities: Capability[]): BadReviewDeps {
  deps ??= badReviewDeps(handlerDeps(env), envTable(env), badReviewSettingsFromEnv(env), (base) =>
    Object.assign({}, ...capabilities.map((add) => add(base, env))),
  );
  return deps;
}

/** For handlers whose route uses nothing besides the table (and the in-app inbox). */
export const badReviewHandlerDeps = (env = process.env): BadReviewDeps => composeBadReviewDeps(env);
