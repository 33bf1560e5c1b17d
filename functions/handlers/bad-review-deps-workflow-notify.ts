import type { BadReviewDeps } from '../usecases/deps.js';
import { composeBadReviewDeps } from './bad-review-deps.js';
import { notify } from './bad-review-deps-notify.js';
import { workflow } from './bad-review-deps-workflow.js';

/** Composition root for handlers (and jobs) that use the workflow and the notification channels (see bad-review-deps.ts). */
export const badReviewHandlerDeps = (env = process.env): BadReviewDeps => composeBadReviewDeps(env, workflow, notify);
