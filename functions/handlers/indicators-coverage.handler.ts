import { httpHandler, ok } from '../http/http-handler.js';
import { INDICATOR_ROUTES } from '../http/routes-indicators.js';
import { coverageOf } from '../usecases/coverage.js';
import { onFirstCall } from './bind.js';
import { indicatorHandlerDeps } from './indicator-deps.js';

export const bind = (deps: ReturnType<typeof indicatorHandlerDeps>) =>
  httpHandler(INDICATOR_ROUTES.getCoverage, async (req) => ok(await coverageOf(deps, req.principal, req.query)));
export const handler = onFirstCall(() => bind(indicatorHandlerDeps()));
