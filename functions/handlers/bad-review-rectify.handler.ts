import { httpHandler } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { recordRectification } from '../usecases/bad-reviews.js';
import { badReviewHandlerDeps } from './bad-review-deps.js';

const deps = badReviewHandlerDeps();
export const handler = httpHandler(ROUTES.recordRectification, (req) => recordRectification(deps, req.principal, req.params.reviewId, req.body));
