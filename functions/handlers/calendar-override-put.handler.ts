import { httpHandler, ok } from '../http/http-handler.js';
import { CALENDAR_ROUTES } from '../http/routes-calendar.js';
import { putOverride } from '../usecases/calendar-changes.js';
import { calendarHandlerDeps } from './calendar-deps.js';
import { onFirstCall } from './bind.js';

export const bind = (deps: ReturnType<typeof calendarHandlerDeps>) =>
  httpHandler(CALENDAR_ROUTES.putCalendarOverride, (req) => putOverride(deps, { date: req.params.date, ...req.body }).then(ok));
export const handler = onFirstCall(() => bind(calendarHandlerDeps()));
