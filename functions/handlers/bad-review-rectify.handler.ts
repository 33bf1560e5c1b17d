import { httpHandler } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { recordRectification } from '../usecases/bad-reviews.js';
import { handlerDeps } from './deps.js';

const deps = handlerDeps();
export const handler = httpHandler(ROUTES.recordRectification, (req) => recordRectification(deps, req.principal, req.params.reviewId, req.body));
