import { httpHandler, ok } from '../http/http-handler.js';
import { BAD_REVIEW_ROUTES } from '../http/routes-bad-reviews.js';
import { markNotificationGroupRead } from '../usecases/notifications.js';
import { badReviewHandlerDeps } from './bad-review-deps.js';
import { onFirstCall } from './bind.js';

export const bind = (deps: ReturnType<typeof badReviewHandlerDeps>) =>
  httpHandler(BAD_REVIEW_ROUTES.markNotificationGroupRead, (req) => markNotificationGroupRead(deps, req.principal, req.params.key).then(ok));
export const handler = onFirstCall(() => bind(badReviewHandlerDeps()));
