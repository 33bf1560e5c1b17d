import { httpHandler } from '../http/http-handler.js';
import { created } from '../http/replies.js';
import { ROUTES } from '../http/routes.js';
import { issueManualTaskOrder } from '../usecases/bad-reviews.js';
import { badReviewHandlerDeps } from './bad-review-deps-notify.js';

const deps = badReviewHandlerDeps();
export const handler = httpHandler(ROUTES.issueTaskOrder, async (req) => created(await issueManualTaskOrder(deps, req.principal, req.params.reviewId, req.body)));
