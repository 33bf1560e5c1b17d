import { httpHandler, ok } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { listBadReviews } from '../usecases/bad-reviews.js';
import { badReviewHandlerDeps } from './bad-review-deps.js';

const deps = badReviewHandlerDeps();
export const handler = httpHandler(ROUTES.listBadReviews, async (req) => ok(await listBadReviews(deps, req.principal, req.query)));
