import { httpHandler, ok } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { listRatings } from '../usecases/ratings.js';
import { handlerDeps } from './deps.js';

const deps = handlerDeps();
export const handler = httpHandler(ROUTES.listRatings, (req) => listRatings(deps, req.principal, req.query).then(ok));
