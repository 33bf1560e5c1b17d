import { httpHandler, ok } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { deleteOverride } from '../usecases/calendar-changes.js';
import { badReviewHandlerDeps } from './bad-review-deps-workflow.js';
import { onFirstCall } from './bind.js';

export const bind = (deps: ReturnType<typeof badReviewHandlerDeps>) =>
  httpHandler(ROUTES.deleteCalendarOverride, (req) => deleteOverride(deps, req.params.date).then(ok));
export const handler = onFirstCall(() => bind(badReviewHandlerDeps()));
