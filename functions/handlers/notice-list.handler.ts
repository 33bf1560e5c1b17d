import { httpHandler } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { listNotices } from '../usecases/bad-reviews.js';
import { handlerDeps } from './deps.js';

const deps = handlerDeps();
export const handler = httpHandler(ROUTES.listNotices, (req) => listNotices(deps, req.principal, req.query.period));
