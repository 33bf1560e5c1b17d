import { RatingInput } from '../core/ratings.js';
import { parseOrThrow } from '../core/validation.js';
import { httpHandler } from '../http/http-handler.js';
import { batchReply, ratingReply } from '../http/replies.js';
import { CASE_ROUTES } from '../http/routes-cases.js';
import { submitRating } from '../usecases/ratings.js';
import { badReviewHandlerDeps } from './bad-review-deps-workflow.js';
import { onFirstCall } from './bind.js';

/** Offline pads upload what they collected; each rating carries its own idempotency key. */
export const bind = (deps: ReturnType<typeof badReviewHandlerDeps>) =>
  httpHandler(CASE_ROUTES.batchRatings, (req) =>
    batchReply(req.body.ratings, async ({ idempotencyKey, ...rest }) =>
      ratingReply(await submitRating(deps, req.principal, parseOrThrow(RatingInput, rest), idempotencyKey)),
    ),
  );
export const handler = onFirstCall(() => bind(badReviewHandlerDeps()));
