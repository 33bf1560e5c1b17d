import { httpHandler, ok } from '../http/http-handler.js';
import { BAD_REVIEW_ROUTES } from '../http/routes-bad-reviews.js';
import { listNotifications } from '../usecases/notifications.js';
import { badReviewHandlerDeps } from './bad-review-deps.js';
import { onFirstCall } from './bind.js';

export const bind = (deps: ReturnType<typeof badReviewHandlerDeps>) =>
  httpHandler(BAD_REVIEW_ROUTES.listNotifications, (req) => listNotifications(deps, req.principal, req.query.limit).then(ok));
export const handler = onFirstCall(() => bind(badReviewHandlerDeps()));
