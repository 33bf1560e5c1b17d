import { httpHandler, ok } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { markNotificationRead } from '../usecases/notifications.js';
import { badReviewHandlerDeps } from './bad-review-deps.js';

const deps = badReviewHandlerDeps();
export const handler = httpHandler(ROUTES.markNotificationRead, (req) => markNotificationRead(deps, req.principal, req.params.id).then(ok));
