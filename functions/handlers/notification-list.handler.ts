import { httpHandler } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { listNotifications } from '../usecases/notifications.js';
import { handlerDeps } from './deps.js';

const deps = handlerDeps();
export const handler = httpHandler(ROUTES.listNotifications, (req) => listNotifications(deps, req.principal, req.query.limit));
