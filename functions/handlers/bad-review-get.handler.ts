import { httpHandler } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { getBadReview } from '../usecases/bad-reviews.js';
import { handlerDeps } from './deps.js';

const deps = handlerDeps();
export const handler = httpHandler(ROUTES.getBadReview, (req) => getBadReview(deps, req.principal, req.params.reviewId));
