import { httpHandler } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { issueManualTaskOrder } from '../usecases/bad-reviews.js';
import { badReviewHandlerDeps } from './bad-review-deps.js';

const deps = badReviewHandlerDeps();
export const handler = httpHandler(ROUTES.issueTaskOrder, (req) => issueManualTaskOrder(deps, req.principal, req.params.reviewId, req.body));
