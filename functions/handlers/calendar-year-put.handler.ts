import { httpHandler, ok } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { loadCalendarYear } from '../usecases/calendar-changes.js';
import { badReviewHandlerDeps } from './bad-review-deps-workflow.js';

const deps = badReviewHandlerDeps();
export const handler = httpHandler(ROUTES.putCalendarYear, (req) => loadCalendarYear(deps, req.params.year, req.body.days).then(ok));
