import { httpHandler, ok } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { deleteOverride } from '../usecases/calendar-changes.js';
import { badReviewHandlerDeps } from './bad-review-deps-workflow.js';

const deps = badReviewHandlerDeps();
export const handler = httpHandler(ROUTES.deleteCalendarOverride, (req) => deleteOverride(deps, req.params.date).then(ok));
