import { httpHandler, ok } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { getCase } from '../usecases/cases.js';
import { handlerDeps } from './deps.js';

const deps = handlerDeps();
export const handler = httpHandler(ROUTES.getCase, (req) => getCase(deps, req.principal, req.params.caseNumber).then(ok));
