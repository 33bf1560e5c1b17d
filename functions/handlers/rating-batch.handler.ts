import { httpHandler } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { submitRatings } from '../usecases/ratings.js';
import { handlerDeps } from './deps.js';

const deps = handlerDeps();
export const handler = httpHandler(ROUTES.batchRatings, (req) => submitRatings(deps, req.principal, req.body.ratings));
