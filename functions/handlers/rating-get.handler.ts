import { httpHandler, ok } from '../http/http-handler.js';
import { CASE_ROUTES } from '../http/routes-cases.js';
import { getRating } from '../usecases/ratings.js';
import { handlerDeps } from './deps.js';
import { onFirstCall } from './bind.js';

export const bind = (deps: ReturnType<typeof handlerDeps>) =>
  httpHandler(CASE_ROUTES.getRating, (req) => getRating(deps, req.principal, req.params.ratingId).then(ok));
export const handler = onFirstCall(() => bind(handlerDeps()));
