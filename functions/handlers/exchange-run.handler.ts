import { httpHandler, ok } from '../http/http-handler.js';
import { EXCHANGE_ROUTES } from '../http/routes-exchange.js';
import { exportDayNow } from '../usecases/exchange.js';
import { onFirstCall } from './bind.js';
import { exchangeHandlerDeps } from './exchange-deps.js';

export const bind = (deps: ReturnType<typeof exchangeHandlerDeps>) =>
  httpHandler(EXCHANGE_ROUTES.runExchangeExport, async (req) => ok(await exportDayNow(deps, req.principal, req.body)));
export const handler = onFirstCall(() => bind(exchangeHandlerDeps()));
