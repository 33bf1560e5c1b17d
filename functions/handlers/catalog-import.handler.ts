import { httpHandler, ok } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { importCatalog } from '../usecases/catalog.js';
import { handlerDeps } from './deps.js';
import { onFirstCall } from './bind.js';

export const bind = (deps: ReturnType<typeof handlerDeps>) =>
  httpHandler(ROUTES.importCatalog, (req) => importCatalog(deps, req.params.kind, req.body).then(ok));
export const handler = onFirstCall(() => bind(handlerDeps()));
