import { jobHandler } from '../observability.js';
import { runDailyExport } from '../usecases/exchange.js';
import { exchangeHandlerDeps } from './exchange-deps.js';

const deps = exchangeHandlerDeps();

/** EventBridge Scheduler target: the daily GB/T 39046 export of what changed, per receiver, from its watermark. */
export const handler = jobHandler(() => runDailyExport(deps));
