import { httpHandler, ok } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { getBadReview } from '../usecases/bad-reviews.js';
import { badReviewHandlerDeps } from './bad-review-deps.js';
import { onFirstCall } from './bind.js';

export const bind = (deps: ReturnType<typeof badReviewHandlerDeps>) =>
  httpHandler(ROUTES.getBadReview, async (req) => ok(await getBadReview(deps, req.principal, req.params.reviewId)));
export const handler = onFirstCall(() => bind(badReviewHandlerDeps()));
