import { httpHandler, ok } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { recordEscalationOutcome } from '../usecases/bad-reviews.js';
import { badReviewHandlerDeps } from './bad-review-deps.js';
import { onFirstCall } from './bind.js';

export const bind = (deps: ReturnType<typeof badReviewHandlerDeps>) =>
  httpHandler(ROUTES.recordEscalationOutcome, async (req) =>
    ok(await recordEscalationOutcome(deps, req.principal, req.params.reviewId, req.params.n, req.body)),
  );
export const handler = onFirstCall(() => bind(badReviewHandlerDeps()));
