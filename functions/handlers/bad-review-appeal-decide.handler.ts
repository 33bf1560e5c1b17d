import { httpHandler } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { decideAppeal } from '../usecases/bad-reviews.js';
import { handlerDeps } from './deps.js';

const deps = handlerDeps();
export const handler = httpHandler(ROUTES.decideAppeal, (req) => decideAppeal(deps, req.principal, req.params.reviewId, req.body));
