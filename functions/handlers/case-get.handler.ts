import { httpHandler, ok } from '../http/http-handler.js';
import { CASE_ROUTES } from '../http/routes-cases.js';
import { getCase } from '../usecases/cases.js';
import { handlerDeps } from './deps.js';
import { onFirstCall } from './bind.js';

export const bind = (deps: ReturnType<typeof handlerDeps>) =>
  httpHandler(CASE_ROUTES.getCase, (req) => getCase(deps, req.principal, req.params.caseNumber).then(ok));
export const handler = onFirstCall(() => bind(handlerDeps()));
