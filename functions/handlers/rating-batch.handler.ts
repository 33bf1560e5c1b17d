import { httpHandler } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { submitRatings } from '../usecases/ratings.js';
import { badReviewHandlerDeps } from './bad-review-deps.js';

const deps = badReviewHandlerDeps();
export const handler = httpHandler(ROUTES.batchRatings, (req) => submitRatings(deps, req.principal, req.body.ratings));
