import { httpHandler, ok } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { getCatalog } from '../usecases/catalog.js';
import { handlerDeps } from './deps.js';

const deps = handlerDeps();
export const handler = httpHandler(ROUTES.getCatalog, (req) => getCatalog(deps, req.params.kind, req.params.key).then(ok));
