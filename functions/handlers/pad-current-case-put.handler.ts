import { httpHandler, ok } from '../http/http-handler.js';
import { PAD_ROUTES } from '../http/routes-pad.js';
import { pushCurrentCase } from '../usecases/pad.js';
import { onFirstCall } from './bind.js';
import { padHandlerDeps } from './pad-deps.js';

export const bind = (deps: ReturnType<typeof padHandlerDeps>) =>
  httpHandler(PAD_ROUTES.putCurrentCase, (req) => pushCurrentCase(deps, req.principal, req.params.venueId, req.params.windowId, req.body.caseNumber).then(ok));
export const handler = onFirstCall(() => bind(padHandlerDeps()));
