import { httpHandler, ok } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { replyToRater } from '../usecases/bad-reviews.js';
import { badReviewHandlerDeps } from './bad-review-deps-workflow.js';

const deps = badReviewHandlerDeps();
export const handler = httpHandler(ROUTES.replyToRater, async (req) => ok(await replyToRater(deps, req.principal, req.params.reviewId, req.body)));
