import { httpHandler, ok } from '../http/http-handler.js';
import { BAD_REVIEW_ROUTES } from '../http/routes-bad-reviews.js';
import { listNotices } from '../usecases/bad-reviews.js';
import { badReviewHandlerDeps } from './bad-review-deps.js';
import { onFirstCall } from './bind.js';

export const bind = (deps: ReturnType<typeof badReviewHandlerDeps>) =>
  httpHandler(BAD_REVIEW_ROUTES.listNotices, async (req) => ok(await listNotices(deps, req.principal, req.query.period)));
export const handler = onFirstCall(() => bind(badReviewHandlerDeps()));
