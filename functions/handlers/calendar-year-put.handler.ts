import { httpHandler, ok } from '../http/http-handler.js';
import { CALENDAR_ROUTES } from '../http/routes-calendar.js';
import { loadCalendarYear } from '../usecases/calendar-changes.js';
import { calendarHandlerDeps } from './calendar-deps.js';
import { onFirstCall } from './bind.js';

export const bind = (deps: ReturnType<typeof calendarHandlerDeps>) =>
  httpHandler(CALENDAR_ROUTES.putCalendarYear, (req) => loadCalendarYear(deps, req.params.year, req.body.days).then(ok));
export const handler = onFirstCall(() => bind(calendarHandlerDeps()));
