import { httpHandler, ok } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { acknowledgeTaskOrder } from '../usecases/bad-reviews.js';
import { badReviewHandlerDeps } from './bad-review-deps.js';

const deps = badReviewHandlerDeps();
export const handler = httpHandler(ROUTES.acknowledgeTaskOrder, async (req) => ok(await acknowledgeTaskOrder(deps, req.principal, req.params.reviewId, req.params.n)));
