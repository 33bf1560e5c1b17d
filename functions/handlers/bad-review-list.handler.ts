import { httpHandler, ok } from '../http/http-handler.js';
import { BAD_REVIEW_ROUTES } from '../http/routes-bad-reviews.js';
import { listBadReviewInbox } from '../usecases/inbox-bad-reviews.js';
import { badReviewHandlerDeps } from './bad-review-deps.js';
import { onFirstCall } from './bind.js';

export const bind = (deps: ReturnType<typeof badReviewHandlerDeps>) =>
  httpHandler(BAD_REVIEW_ROUTES.listBadReviews, async (req) => ok(await listBadReviewInbox(deps, req.principal, req.query)));
export const handler = onFirstCall(() => bind(badReviewHandlerDeps()));
