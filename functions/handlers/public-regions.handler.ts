import { httpHandler, ok } from '../http/http-handler.js';
import { CITIZEN_ROUTES } from '../http/routes-citizen.js';
import { publicRegions } from '../usecases/citizen.js';
import { onFirstCall } from './bind.js';
import { handlerDeps } from './deps.js';

export const bind = (deps: ReturnType<typeof handlerDeps>) => httpHandler(CITIZEN_ROUTES.publicRegions, () => publicRegions(deps).then(ok));
export const handler = onFirstCall(() => bind(handlerDeps()));
