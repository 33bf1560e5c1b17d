import { httpHandler } from '../http/http-handler.js';
import { created } from '../http/replies.js';
import { ROUTES } from '../http/routes.js';
import { fileAppeal } from '../usecases/bad-reviews.js';
import { badReviewHandlerDeps } from './bad-review-deps-notify.js';
import { onFirstCall } from './bind.js';

export const bind = (deps: ReturnType<typeof badReviewHandlerDeps>) =>
  httpHandler(ROUTES.fileAppeal, async (req) => created(await fileAppeal(deps, req.principal, req.params.reviewId, req.body)));
export const handler = onFirstCall(() => bind(badReviewHandlerDeps()));
