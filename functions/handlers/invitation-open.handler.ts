import { httpHandler, ok } from '../http/http-handler.js';
import { CITIZEN_ROUTES } from '../http/routes-citizen.js';
import { openInvitation } from '../usecases/invitations.js';
import { onFirstCall } from './bind.js';
import { handlerDeps } from './deps.js';

export const bind = (deps: ReturnType<typeof handlerDeps>) =>
  httpHandler(CITIZEN_ROUTES.openRatingInvitation, (req) => openInvitation(deps, req.body.invitation).then(ok));
export const handler = onFirstCall(() => bind(handlerDeps()));
