import { httpHandler, ok } from '../http/http-handler.js';
import { EXCHANGE_ROUTES } from '../http/routes-exchange.js';
import { listReceivers } from '../usecases/exchange.js';
import { onFirstCall } from './bind.js';
import { exchangeHandlerDeps } from './exchange-deps.js';

export const bind = (deps: ReturnType<typeof exchangeHandlerDeps>) =>
  httpHandler(EXCHANGE_ROUTES.listExchangeReceivers, async (req) => ok({ items: await listReceivers(deps, req.principal) }));
export const handler = onFirstCall(() => bind(exchangeHandlerDeps()));
