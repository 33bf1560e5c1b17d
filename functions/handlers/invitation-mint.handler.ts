import { httpHandler } from '../http/http-handler.js';
import { created } from '../http/replies.js';
import { CITIZEN_ROUTES } from '../http/routes-citizen.js';
import { mintInvitation } from '../usecases/invitations.js';
import { onFirstCall } from './bind.js';
import { handlerDeps } from './deps.js';

export const bind = (deps: ReturnType<typeof handlerDeps>) =>
  httpHandler(CITIZEN_ROUTES.mintRatingInvitation, (req) => mintInvitation(deps, req.principal, req.body).then(created));
export const handler = onFirstCall(() => bind(handlerDeps()));
