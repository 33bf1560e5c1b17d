import { httpHandler, ok } from '../http/http-handler.js';
import { BAD_REVIEW_ROUTES } from '../http/routes-bad-reviews.js';
import { completeTaskOrder } from '../usecases/bad-reviews.js';
import { badReviewHandlerDeps } from './bad-review-deps.js';
import { onFirstCall } from './bind.js';

export const bind = (deps: ReturnType<typeof badReviewHandlerDeps>) =>
  httpHandler(BAD_REVIEW_ROUTES.completeTaskOrder, async (req) =>
    ok(await completeTaskOrder(deps, req.principal, req.params.reviewId, req.params.n, req.body)),
  );
export const handler = onFirstCall(() => bind(badReviewHandlerDeps()));
