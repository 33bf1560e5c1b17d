import { httpHandler, ok } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { getRating } from '../usecases/ratings.js';
import { handlerDeps } from './deps.js';

const deps = handlerDeps();
export const handler = httpHandler(ROUTES.getRating, (req) => getRating(deps, req.principal, req.params.ratingId).then(ok));
