import { httpHandler, ok } from '../http/http-handler.js';
import { EXCHANGE_ROUTES } from '../http/routes-exchange.js';
import { replayBatch } from '../usecases/exchange.js';
import { onFirstCall } from './bind.js';
import { exchangeHandlerDeps } from './exchange-deps.js';

export const bind = (deps: ReturnType<typeof exchangeHandlerDeps>) =>
  httpHandler(EXCHANGE_ROUTES.replayExchangeBatch, async (req) => ok(await replayBatch(deps, req.principal, req.params.batchId)));
export const handler = onFirstCall(() => bind(exchangeHandlerDeps()));
