import { DynamoCounterStore } from '../adapters/dynamo/counter-store.js';
import type { CounterStore } from '../ports/counters.js';
import type { Deps } from '../usecases/deps.js';
import { envTable, handlerDeps } from './deps.js';

let deps: (Deps & { counters: CounterStore }) | undefined;

/** Composition root of the indicator reads: the foundation (catalog, clock) and the counters. */
export function indicatorHandlerDeps(env = process.env): Deps & { counters: CounterStore } {
  deps ??= Object.freeze({ ...handlerDeps(env), counters: new DynamoCounterStore(envTable(env)) });
  return deps;
}
