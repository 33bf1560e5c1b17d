import { httpHandler } from '../http/http-handler.js';
import { INDICATOR_ROUTES } from '../http/routes-indicators.js';
import { publicDisclosure } from '../usecases/indicators.js';
import { onFirstCall } from './bind.js';
import { indicatorHandlerDeps } from './indicator-deps.js';

/** Public and the same for everyone: shared caches may keep it five minutes. */
export const bind = (deps: ReturnType<typeof indicatorHandlerDeps>) =>
  httpHandler(INDICATOR_ROUTES.publicDisclosure, async (req) => ({
    body: await publicDisclosure(deps, req.query),
    headers: { 'cache-control': 'public, max-age=300' },
  }));
export const handler = onFirstCall(() => bind(indicatorHandlerDeps()));
