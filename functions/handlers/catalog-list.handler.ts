import { httpHandler, ok } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { listCatalog } from '../usecases/catalog.js';
import { handlerDeps } from './deps.js';

const deps = handlerDeps();
export const handler = httpHandler(ROUTES.listCatalog, (req) => listCatalog(deps, req.principal, req.params.kind, req.query).then(ok));
