import { httpHandler, ok } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { listNotifications } from '../usecases/notifications.js';
import { badReviewHandlerDeps } from './bad-review-deps.js';

const deps = badReviewHandlerDeps();
export const handler = httpHandler(ROUTES.listNotifications, (req) => listNotifications(deps, req.principal, req.query.limit).then(ok));
