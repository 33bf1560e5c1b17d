import { jobHandler } from '../observability.js';
import { reconcileBadReviews } from '../usecases/bad-review-workflow.js';
import { badReviewHandlerDeps } from './bad-review-deps-workflow-notify.js';

const deps = badReviewHandlerDeps();

/** Scheduled: restarts open bad reviews whose execution is gone, at their current step with the time left. */
export const handler = jobHandler(() => reconcileBadReviews(deps));
