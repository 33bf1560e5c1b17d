import { httpHandler } from '../http/http-handler.js';
import { caseReply } from '../http/replies.js';
import { CASE_ROUTES } from '../http/routes-cases.js';
import { submitCase } from '../usecases/cases.js';
import { handlerDeps } from './deps.js';
import { onFirstCall } from './bind.js';

export const bind = (deps: ReturnType<typeof handlerDeps>) =>
  httpHandler(CASE_ROUTES.submitCase, (req) => submitCase(deps, req.principal, req.body).then(caseReply));
export const handler = onFirstCall(() => bind(handlerDeps()));
