import { DynamoComplaintStore } from '../adapters/dynamo/complaint-store.js';
import { DynamoExchangeSource, DynamoExchangeStore } from '../adapters/dynamo/exchange-store.js';
import type { TableConfig } from '../adapters/dynamo/table.js';
import { HttpExchangeSink } from '../adapters/exchange/http-exchange-sink.js';
import { parseExchangeSettings, parseReceivers, parseTokens } from '../core/exchange/receivers.js';
import type { ExchangeDeps } from '../usecases/exchange.js';
import type { Deps } from '../usecases/deps.js';
import { envTable, handlerDeps } from './deps.js';

/** The exchange settings from the environment (`EXCHANGE_RECEIVERS`, `EXCHANGE_TOKENS`, `EXCHANGE_CONFIG`), checked at cold start. */
export function exchangeSettingsFromEnv(env: NodeJS.ProcessEnv) {
  const receivers = parseReceivers(env.EXCHANGE_RECEIVERS);
  return { receivers, tokens: parseTokens(env.EXCHANGE_TOKENS, receivers), settings: parseExchangeSettings(env.EXCHANGE_CONFIG) };
}

/** The exchange ports over the foundation's: the batch record and watermark, the index reads, the HTTPS sink, the complaints. Frozen. */
export function exchangeDeps(foundation: Deps, table: TableConfig, s: ReturnType<typeof exchangeSettingsFromEnv>): ExchangeDeps {
  return Object.freeze({
    ...foundation,
    complaints: new DynamoComplaintStore(table),
    exchange: new DynamoExchangeStore(table),
    exchangeSource: new DynamoExchangeSource(table),
    exchangeSink: new HttpExchangeSink({ tokens: s.tokens }),
    exchangeReceivers: s.receivers,
    exchangeSettings: s.settings,
  });
}

let deps: ExchangeDeps | undefined;

/** The composition root of the exchange job and routes, once per container. */
export function exchangeHandlerDeps(env = process.env): ExchangeDeps {
  deps ??= exchangeDeps(handlerDeps(env), envTable(env), exchangeSettingsFromEnv(env));
  return deps;
}
