import { httpHandler } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { listTaskOrders } from '../usecases/bad-reviews.js';
import { badReviewHandlerDeps } from './bad-review-deps.js';

const deps = badReviewHandlerDeps();
export const handler = httpHandler(ROUTES.listTaskOrders, (req) => listTaskOrders(deps, req.principal, req.query.status));
