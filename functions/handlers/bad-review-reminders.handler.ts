import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logger } from '../http/observability.js';
import { sendReminders } from '../usecases/bad-review-workflow.js';
import { badReviewHandlerDeps } from './bad-review-deps.js';

const deps = badReviewHandlerDeps();

/** Scheduled: 50% / 80% reminders of each step to the unit. */
export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(() => sendReminders(deps));
