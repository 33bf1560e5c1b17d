import { DynamoCalendarStore } from '../adapters/dynamo/calendar-store.js';
import { DynamoCaseStore } from '../adapters/dynamo/case-store.js';
import { DynamoCatalogStore } from '../adapters/dynamo/catalog-store.js';
import { DynamoRatingStore } from '../adapters/dynamo/rating-store.js';
import { type TableConfig, tableFromEnv } from '../adapters/dynamo/table.js';
import { systemClock } from '../ports/stores.js';
import type { Deps } from '../usecases/deps.js';

/** The foundation's adapters over one table (catalog, cases, ratings, calendar): what every root starts from. */
export function foundationDeps(table: TableConfig, config: Deps['config']): Deps {
  return Object.freeze({
    catalog: new DynamoCatalogStore(table),
    cases: new DynamoCaseStore(table),
    ratings: new DynamoRatingStore(table),
    calendarStore: new DynamoCalendarStore(table),
    clock: systemClock,
    config: Object.freeze({ ...config }),
  });
}

/** The deployment's settings every function reads, checked at cold start. */
export function configFromEnv(env: NodeJS.ProcessEnv): Deps['config'] {
  const personKeySalt = env.PERSON_KEY_SALT;
  if (!personKeySalt) throw new Error('PERSON_KEY_SALT is not set');
  return { personKeySalt, publicBaseUrl: env.PUBLIC_BASE_URL ?? '', publicApiUrl: env.PUBLIC_API_URL };
}

let deps: Deps | undefined;
let table: TableConfig | undefined;

/** The table (one DynamoDB client) of this container, from `TABLE_NAME` and friends. */
export const envTable = (env = process.env): TableConfig => (table ??= tableFromEnv(env));

/**
 * The composition root for Lambda handlers of the foundation (catalog, cases, ratings,
 * calendar): DynamoDB adapters built once per container from the environment, frozen.
 * Handlers that also need the workflow, notifications or files use a bad-review root
 * (bad-review-deps*.ts), which builds a new object from the same parts.
 */
export function handlerDeps(env = process.env): Deps {
  deps ??= foundationDeps(envTable(env), configFromEnv(env));
  return deps;
}

/** A port this function was not given (its route does not `use` it): calling it is a deployment bug. */
export function missing<T extends object>(what: string): T {
  return new Proxy({} as T, { get: () => () => Promise.reject(new Error(`${what} is not configured for this function`)) });
}
