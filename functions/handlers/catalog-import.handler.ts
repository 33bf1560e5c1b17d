import { httpHandler, ok } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { importCatalog } from '../usecases/catalog.js';
import { handlerDeps } from './deps.js';

const deps = handlerDeps();
export const handler = httpHandler(ROUTES.importCatalog, (req) => importCatalog(deps, req.params.kind, req.body).then(ok));
