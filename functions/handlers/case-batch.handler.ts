import { httpHandler } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { submitCases } from '../usecases/cases.js';
import { handlerDeps } from './deps.js';

const deps = handlerDeps();
export const handler = httpHandler(ROUTES.batchCases, (req) => submitCases(deps, req.principal, req.body.cases));
