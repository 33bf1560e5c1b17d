import { httpHandler } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { deleteOverride } from '../usecases/calendar.js';
import { handlerDeps } from './deps.js';

const deps = handlerDeps();
export const handler = httpHandler(ROUTES.deleteCalendarOverride, (req) => deleteOverride(deps.calendarStore, req.params.date));
