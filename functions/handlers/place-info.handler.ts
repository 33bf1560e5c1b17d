import { httpHandler, ok } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { placeInfo } from '../usecases/catalog.js';
import { handlerDeps } from './deps.js';

const deps = handlerDeps();
export const handler = httpHandler(ROUTES.placeInfo, (req) => placeInfo(deps, req.params.venueId, req.query.window).then(ok));
