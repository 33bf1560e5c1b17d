import { httpHandler, ok } from '../http/http-handler.js';
import { BAD_REVIEW_ROUTES } from '../http/routes-bad-reviews.js';
import { replyToRater } from '../usecases/bad-reviews.js';
import { badReviewHandlerDeps } from './bad-review-deps-workflow.js';
import { onFirstCall } from './bind.js';

export const bind = (deps: ReturnType<typeof badReviewHandlerDeps>) =>
  httpHandler(BAD_REVIEW_ROUTES.replyToRater, async (req) => ok(await replyToRater(deps, req.principal, req.params.reviewId, req.body)));
export const handler = onFirstCall(() => bind(badReviewHandlerDeps()));
