import { httpHandler } from '../http/http-handler.js';
import { ratingReply } from '../http/replies.js';
import { CITIZEN_ROUTES } from '../http/routes-citizen.js';
import { rateByInvitation } from '../usecases/invitations.js';
import { badReviewHandlerDeps } from './bad-review-deps-workflow.js';
import { onFirstCall } from './bind.js';

export const bind = (deps: ReturnType<typeof badReviewHandlerDeps>) =>
  httpHandler(CITIZEN_ROUTES.rateByInvitation, (req) => rateByInvitation(deps, req.body, req.headers['idempotency-key']).then(ratingReply));
export const handler = onFirstCall(() => bind(badReviewHandlerDeps()));
