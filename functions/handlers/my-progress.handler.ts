import { httpHandler, ok } from '../http/http-handler.js';
import { CITIZEN_ROUTES } from '../http/routes-citizen.js';
import { myProgress } from '../usecases/citizen.js';
import { onFirstCall } from './bind.js';
import { citizenHandlerDeps } from './citizen-deps.js';

export const bind = (deps: ReturnType<typeof citizenHandlerDeps>) => httpHandler(CITIZEN_ROUTES.myProgress, (req) => myProgress(deps, req.principal).then(ok));
export const handler = onFirstCall(() => bind(citizenHandlerDeps()));
