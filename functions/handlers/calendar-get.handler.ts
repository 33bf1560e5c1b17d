import { httpHandler, ok } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { getCalendar } from '../usecases/calendar.js';
import { handlerDeps } from './deps.js';

const deps = handlerDeps();
export const handler = httpHandler(ROUTES.getCalendar, (req) => getCalendar(deps, req.query.year).then(ok));
