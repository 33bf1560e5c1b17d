import { httpHandler, ok } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { listCases } from '../usecases/cases.js';
import { handlerDeps } from './deps.js';

const deps = handlerDeps();
export const handler = httpHandler(ROUTES.listCases, (req) => listCases(deps, req.principal, req.query).then(ok));
