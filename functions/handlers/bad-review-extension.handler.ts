import { httpHandler } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { requestExtension } from '../usecases/bad-reviews.js';
import { badReviewHandlerDeps } from './bad-review-deps.js';

const deps = badReviewHandlerDeps();
export const handler = httpHandler(ROUTES.requestExtension, (req) => requestExtension(deps, req.principal, req.params.reviewId, req.body));
