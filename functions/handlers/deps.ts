import { DynamoCalendarStore } from '../adapters/dynamo/calendar-store.js';
import { DynamoCaseStore } from '../adapters/dynamo/case-store.js';
import { DynamoCatalogStore } from '../adapters/dynamo/catalog-store.js';
import { DynamoRatingStore } from '../adapters/dynamo/rating-store.js';
import { tableFromEnv } from '../adapters/dynamo/table.js';
import { systemClock } from '../ports/stores.js';
import type { Deps } from '../usecases/deps.js';

let deps: Deps | undefined;

/** The composition root for Lambda handlers: adapters built once per container from the environment. */
export function handlerDeps(): Deps {
  if (deps) return deps;
  const table = tableFromEnv();
  deps = {
    catalog: new DynamoCatalogStore(table),
    cases: new DynamoCaseStore(table),
    ratings: new DynamoRatingStore(table),
    calendarStore: new DynamoCalendarStore(table),
    clock: systemClock,
    config: {
      personKeySalt: process.env.PERSON_KEY_SALT ?? '',
      publicBaseUrl: process.env.PUBLIC_BASE_URL ?? '',
    },
  };
  return deps;
}
