import { httpHandler, ok } from '../http/http-handler.js';
import { EXCHANGE_ROUTES } from '../http/routes-exchange.js';
import { listBatches } from '../usecases/exchange.js';
import { onFirstCall } from './bind.js';
import { exchangeHandlerDeps } from './exchange-deps.js';

export const bind = (deps: ReturnType<typeof exchangeHandlerDeps>) =>
  httpHandler(EXCHANGE_ROUTES.listExchangeBatches, async (req) => ok(await listBatches(deps, req.principal, req.params.receiverId, req.query)));
export const handler = onFirstCall(() => bind(exchangeHandlerDeps()));
