import { httpHandler, ok } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { getCalendar } from '../usecases/calendar.js';
import { handlerDeps } from './deps.js';
import { onFirstCall } from './bind.js';

export const bind = (deps: ReturnType<typeof handlerDeps>) => httpHandler(ROUTES.getCalendar, (req) => getCalendar(deps, req.query.year).then(ok));
export const handler = onFirstCall(() => bind(handlerDeps()));
