import { httpHandler, ok } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { acknowledgeTaskOrder } from '../usecases/bad-reviews.js';
import { badReviewHandlerDeps } from './bad-review-deps.js';
import { onFirstCall } from './bind.js';

export const bind = (deps: ReturnType<typeof badReviewHandlerDeps>) =>
  httpHandler(ROUTES.acknowledgeTaskOrder, async (req) => ok(await acknowledgeTaskOrder(deps, req.principal, req.params.reviewId, req.params.n)));
export const handler = onFirstCall(() => bind(badReviewHandlerDeps()));
