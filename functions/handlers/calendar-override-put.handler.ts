import { httpHandler } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { putOverride } from '../usecases/calendar.js';
import { handlerDeps } from './deps.js';

const deps = handlerDeps();
export const handler = httpHandler(ROUTES.putCalendarOverride, (req) => putOverride(deps.calendarStore, { date: req.params.date, ...req.body }));
