import { jobHandler } from '../observability.js';
import { runBadReviewTask } from '../usecases/bad-review-workflow.js';
import { badReviewHandlerDeps } from './bad-review-deps-workflow-notify.js';

const deps = badReviewHandlerDeps();

/** The bad-review workflow's task function: Step Functions invokes it with `{action, reviewId, …}`. */
export const handler = jobHandler((payload: unknown) => runBadReviewTask(deps, payload));
