import { httpHandler, ok } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { workingDeadline } from '../usecases/calendar.js';
import { handlerDeps } from './deps.js';

const deps = handlerDeps();
export const handler = httpHandler(ROUTES.workingDeadline, (req) => workingDeadline(deps.calendarStore, req.query.from, req.query.days).then(ok));
