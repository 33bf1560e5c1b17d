import { httpHandler, ok } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { listTaskOrders } from '../usecases/bad-reviews.js';
import { badReviewHandlerDeps } from './bad-review-deps.js';

const deps = badReviewHandlerDeps();
export const handler = httpHandler(ROUTES.listTaskOrders, async (req) => ok(await listTaskOrders(deps, req.principal, req.query)));
