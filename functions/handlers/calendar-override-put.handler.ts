import { httpHandler, ok } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { putOverride } from '../usecases/calendar-changes.js';
import { badReviewHandlerDeps } from './bad-review-deps-workflow.js';

const deps = badReviewHandlerDeps();
export const handler = httpHandler(ROUTES.putCalendarOverride, (req) => putOverride(deps, { date: req.params.date, ...req.body }).then(ok));
