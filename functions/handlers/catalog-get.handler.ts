import { httpHandler, ok } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { getCatalog } from '../usecases/catalog.js';
import { handlerDeps } from './deps.js';
import { onFirstCall } from './bind.js';

export const bind = (deps: ReturnType<typeof handlerDeps>) =>
  httpHandler(ROUTES.getCatalog, (req) => getCatalog(deps, req.params.kind, req.params.key).then(ok));
export const handler = onFirstCall(() => bind(handlerDeps()));
