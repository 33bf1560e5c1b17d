import { httpHandler, ok } from '../http/http-handler.js';
import { CATALOG_ROUTES } from '../http/routes-catalog.js';
import { putCatalog } from '../usecases/catalog.js';
import { handlerDeps } from './deps.js';
import { onFirstCall } from './bind.js';

export const bind = (deps: ReturnType<typeof handlerDeps>) =>
  httpHandler(CATALOG_ROUTES.putCatalog, (req) => putCatalog(deps, req.params.kind, req.params.key, req.body).then(ok));
export const handler = onFirstCall(() => bind(handlerDeps()));
