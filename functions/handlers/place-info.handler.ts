import { httpHandler, ok } from '../http/http-handler.js';
import { CATALOG_ROUTES } from '../http/routes-catalog.js';
import { placeInfo } from '../usecases/catalog.js';
import { handlerDeps } from './deps.js';
import { onFirstCall } from './bind.js';

export const bind = (deps: ReturnType<typeof handlerDeps>) =>
  httpHandler(CATALOG_ROUTES.placeInfo, (req) => placeInfo(deps, req.params.venueId, req.query.window).then(ok));
export const handler = onFirstCall(() => bind(handlerDeps()));
