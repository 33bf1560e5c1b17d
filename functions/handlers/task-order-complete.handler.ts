import { httpHandler, ok } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { completeTaskOrder } from '../usecases/bad-reviews.js';
import { badReviewHandlerDeps } from './bad-review-deps.js';
import { onFirstCall } from './bind.js';

export const bind = (deps: ReturnType<typeof badReviewHandlerDeps>) =>
  httpHandler(ROUTES.completeTaskOrder, async (req) => ok(await completeTaskOrder(deps, req.principal, req.params.reviewId, req.params.n, req.body)));
export const handler = onFirstCall(() => bind(badReviewHandlerDeps()));
