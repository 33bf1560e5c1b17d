import { httpHandler, ok } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { recordEscalationOutcome } from '../usecases/bad-reviews.js';
import { badReviewHandlerDeps } from './bad-review-deps.js';

const deps = badReviewHandlerDeps();
export const handler = httpHandler(ROUTES.recordEscalationOutcome, async (req) => ok(await recordEscalationOutcome(deps, req.principal, req.params.reviewId, req.params.n, req.body)));
