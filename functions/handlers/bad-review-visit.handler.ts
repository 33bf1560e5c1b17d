import { httpHandler, ok } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { answerVisit } from '../usecases/bad-reviews.js';
import { badReviewHandlerDeps } from './bad-review-deps-workflow.js';
import { onFirstCall } from './bind.js';

export const bind = (deps: ReturnType<typeof badReviewHandlerDeps>) =>
  httpHandler(ROUTES.answerVisit, async (req) => ok(await answerVisit(deps, req.principal, req.params.reviewId, req.body)));
export const handler = onFirstCall(() => bind(badReviewHandlerDeps()));
