import { DynamoCurrentCaseStore } from '../adapters/dynamo/current-case-store.js';
import type { PadDeps } from '../usecases/pad.js';
import { envTable, handlerDeps } from './deps.js';

let deps: PadDeps | undefined;

/** Composition root of the hall-pad routes: the foundation (catalog, cases, clock) and the windows' current cases. */
export function padHandlerDeps(env = process.env): PadDeps {
  deps ??= Object.freeze({ ...handlerDeps(env), currentCases: new DynamoCurrentCaseStore(envTable(env)) });
  return deps;
}
