import { httpHandler, ok } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { listRatings } from '../usecases/ratings.js';
import { handlerDeps } from './deps.js';
import { onFirstCall } from './bind.js';

export const bind = (deps: ReturnType<typeof handlerDeps>) => httpHandler(ROUTES.listRatings, (req) => listRatings(deps, req.principal, req.query).then(ok));
export const handler = onFirstCall(() => bind(handlerDeps()));
