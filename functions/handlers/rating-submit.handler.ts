import { httpHandler } from '../http/http-handler.js';
import { ratingReply } from '../http/replies.js';
import { ROUTES } from '../http/routes.js';
import { submitRating } from '../usecases/ratings.js';
import { badReviewHandlerDeps } from './bad-review-deps-workflow.js';

const deps = badReviewHandlerDeps();
export const handler = httpHandler(ROUTES.submitRating, (req) => submitRating(deps, req.principal, req.body, req.headers['idempotency-key']).then(ratingReply));
