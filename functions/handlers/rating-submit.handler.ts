import { httpHandler } from '../http/http-handler.js';
import { ratingReply } from '../http/replies.js';
import { CASE_ROUTES } from '../http/routes-cases.js';
import { submitRating } from '../usecases/ratings.js';
import { badReviewHandlerDeps } from './bad-review-deps-workflow.js';
import { onFirstCall } from './bind.js';

export const bind = (deps: ReturnType<typeof badReviewHandlerDeps>) =>
  httpHandler(CASE_ROUTES.submitRating, (req) => submitRating(deps, req.principal, req.body, req.headers['idempotency-key']).then(ratingReply));
export const handler = onFirstCall(() => bind(badReviewHandlerDeps()));
