import { httpHandler, ok } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { recordRectification } from '../usecases/bad-reviews.js';
import { badReviewHandlerDeps } from './bad-review-deps-workflow.js';

const deps = badReviewHandlerDeps();
export const handler = httpHandler(ROUTES.recordRectification, async (req) => ok(await recordRectification(deps, req.principal, req.params.reviewId, req.body)));
