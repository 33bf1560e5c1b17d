import { httpHandler } from '../http/http-handler.js';
import { caseReply } from '../http/replies.js';
import { ROUTES } from '../http/routes.js';
import { submitCase } from '../usecases/cases.js';
import { handlerDeps } from './deps.js';
import { onFirstCall } from './bind.js';

export const bind = (deps: ReturnType<typeof handlerDeps>) =>
  httpHandler(ROUTES.submitCase, (req) => submitCase(deps, req.principal, req.body).then(caseReply));
export const handler = onFirstCall(() => bind(handlerDeps()));
