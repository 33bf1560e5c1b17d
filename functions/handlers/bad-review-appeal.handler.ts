import { httpHandler } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { fileAppeal } from '../usecases/bad-reviews.js';
import { badReviewHandlerDeps } from './bad-review-deps.js';

const deps = badReviewHandlerDeps();
export const handler = httpHandler(ROUTES.fileAppeal, (req) => fileAppeal(deps, req.principal, req.params.reviewId, req.body));
