import { httpHandler, ok } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { completeTaskOrder } from '../usecases/bad-reviews.js';
import { badReviewHandlerDeps } from './bad-review-deps.js';

const deps = badReviewHandlerDeps();
export const handler = httpHandler(ROUTES.completeTaskOrder, async (req) => ok(await completeTaskOrder(deps, req.principal, req.params.reviewId, req.params.n, req.body)));
