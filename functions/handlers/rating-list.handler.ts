import { httpHandler, ok } from '../http/http-handler.js';
import { CASE_ROUTES } from '../http/routes-cases.js';
import { listRatings } from '../usecases/ratings.js';
import { handlerDeps } from './deps.js';
import { onFirstCall } from './bind.js';

export const bind = (deps: ReturnType<typeof handlerDeps>) =>
  httpHandler(CASE_ROUTES.listRatings, (req) => listRatings(deps, req.principal, req.query).then(ok));
export const handler = onFirstCall(() => bind(handlerDeps()));
