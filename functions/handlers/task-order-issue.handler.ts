import { httpHandler } from '../http/http-handler.js';
import { created } from '../http/replies.js';
import { BAD_REVIEW_ROUTES } from '../http/routes-bad-reviews.js';
import { issueManualTaskOrder } from '../usecases/bad-reviews.js';
import { badReviewHandlerDeps } from './bad-review-deps-notify.js';
import { onFirstCall } from './bind.js';

export const bind = (deps: ReturnType<typeof badReviewHandlerDeps>) =>
  httpHandler(BAD_REVIEW_ROUTES.issueTaskOrder, async (req) => created(await issueManualTaskOrder(deps, req.principal, req.params.reviewId, req.body)));
export const handler = onFirstCall(() => bind(badReviewHandlerDeps()));
