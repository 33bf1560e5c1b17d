import { httpHandler } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { recordVerification } from '../usecases/bad-reviews.js';
import { handlerDeps } from './deps.js';

const deps = handlerDeps();
export const handler = httpHandler(ROUTES.recordVerification, (req) => recordVerification(deps, req.principal, req.params.reviewId, req.body));
