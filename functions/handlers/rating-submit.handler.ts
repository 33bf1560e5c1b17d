import { httpHandler } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { submitRating } from '../usecases/ratings.js';
import { handlerDeps } from './deps.js';

const deps = handlerDeps();
export const handler = httpHandler(ROUTES.submitRating, (req) => submitRating(deps, req.principal, req.body, req.headers['idempotency-key']));
