import { httpHandler, ok } from '../http/http-handler.js';
import { CALENDAR_ROUTES } from '../http/routes-calendar.js';
import { workingDeadline } from '../usecases/calendar.js';
import { handlerDeps } from './deps.js';
import { onFirstCall } from './bind.js';

export const bind = (deps: ReturnType<typeof handlerDeps>) =>
  httpHandler(CALENDAR_ROUTES.workingDeadline, (req) => workingDeadline(deps.calendarStore, req.query.from, req.query.days).then(ok));
export const handler = onFirstCall(() => bind(handlerDeps()));
