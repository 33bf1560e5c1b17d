import { httpHandler, ok } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { loadCalendarYearIcs } from '../usecases/calendar-changes.js';
import { badReviewHandlerDeps } from './bad-review-deps-workflow.js';

const deps = badReviewHandlerDeps();
export const handler = httpHandler(ROUTES.putCalendarYearIcs, (req) => loadCalendarYearIcs(deps, req.params.year, req.body).then(ok));
