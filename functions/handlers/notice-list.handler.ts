import { httpHandler, ok } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { listNotices } from '../usecases/bad-reviews.js';
import { badReviewHandlerDeps } from './bad-review-deps.js';
import { onFirstCall } from './bind.js';

export const bind = (deps: ReturnType<typeof badReviewHandlerDeps>) =>
  httpHandler(ROUTES.listNotices, async (req) => ok(await listNotices(deps, req.principal, req.query.period)));
export const handler = onFirstCall(() => bind(badReviewHandlerDeps()));
