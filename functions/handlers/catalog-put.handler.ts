import { httpHandler, ok } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { putCatalog } from '../usecases/catalog.js';
import { handlerDeps } from './deps.js';

const deps = handlerDeps();
export const handler = httpHandler(ROUTES.putCatalog, (req) => putCatalog(deps, req.params.kind, req.params.key, req.body).then(ok));
