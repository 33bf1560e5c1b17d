import { httpHandler, ok } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { listNotifications } from '../usecases/notifications.js';
import { badReviewHandlerDeps } from './bad-review-deps.js';
import { onFirstCall } from './bind.js';

export const bind = (deps: ReturnType<typeof badReviewHandlerDeps>) =>
  httpHandler(ROUTES.listNotifications, (req) => listNotifications(deps, req.principal, req.query.limit).then(ok));
export const handler = onFirstCall(() => bind(badReviewHandlerDeps()));
