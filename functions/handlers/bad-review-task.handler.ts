import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logger } from '../http/observability.js';
import { runBadReviewTask } from '../usecases/bad-review-workflow.js';
import { handlerDeps } from './deps.js';

const deps = handlerDeps();

/** The bad-review workflow's task function: Step Functions invokes it with `{action, reviewId, …}`. */
export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler((payload: unknown) => runBadReviewTask(deps, payload));
