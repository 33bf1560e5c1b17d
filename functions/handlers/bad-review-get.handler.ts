import { httpHandler, ok } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { getBadReview } from '../usecases/bad-reviews.js';
import { badReviewHandlerDeps } from './bad-review-deps.js';

const deps = badReviewHandlerDeps();
export const handler = httpHandler(ROUTES.getBadReview, async (req) => ok(await getBadReview(deps, req.principal, req.params.reviewId)));
