import { httpHandler, ok } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { decideExtension } from '../usecases/bad-reviews.js';
import { badReviewHandlerDeps } from './bad-review-deps-workflow-notify.js';
import { onFirstCall } from './bind.js';

export const bind = (deps: ReturnType<typeof badReviewHandlerDeps>) =>
  httpHandler(ROUTES.decideExtension, async (req) => ok(await decideExtension(deps, req.principal, req.params.reviewId, req.body)));
export const handler = onFirstCall(() => bind(badReviewHandlerDeps()));
