import { httpHandler, ok } from '../http/http-handler.js';
import { CATALOG_ROUTES } from '../http/routes-catalog.js';
import { listCatalog } from '../usecases/catalog.js';
import { handlerDeps } from './deps.js';
import { onFirstCall } from './bind.js';

export const bind = (deps: ReturnType<typeof handlerDeps>) =>
  httpHandler(CATALOG_ROUTES.listCatalog, (req) => listCatalog(deps, req.principal, req.params.kind, req.query).then(ok));
export const handler = onFirstCall(() => bind(handlerDeps()));
