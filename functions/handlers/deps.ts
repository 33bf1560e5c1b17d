import { DynamoCalendarStore } from '../adapters/dynamo/calendar-store.js';
import { DynamoCaseStore } from '../adapters/dynamo/case-store.js';
import { DynamoCatalogStore } from '../adapters/dynamo/catalog-store.js';
import { DynamoRatingStore } from '../adapters/dynamo/rating-store.js';
import { tableFromEnv } from '../adapters/dynamo/table.js';
import { systemClock } from '../ports/stores.js';
import type { Deps } from '../usecases/deps.js';

let deps: Deps | undefined;

/**
 * The composition root for Lambda handlers of the foundation (catalog, cases, ratings,
 * calendar): DynamoDB adapters built once per container from the environment. Handlers
 * that also need the workflow, notifications or files use `badReviewHandlerDeps()`
 * (bad-review-deps.ts), which extends this same object, so small functions stay small.
 */
export function handlerDeps(env = process.env): Deps {
  if (deps) return deps;
  const salt = env.PERSON_KEY_SALT;
  if (!salt) throw new Error('PERSON_KEY_SALT is not set');
  const table = tableFromEnv(env);
  deps = {
    catalog: new DynamoCatalogStore(table),
    cases: new DynamoCaseStore(table),
    ratings: new DynamoRatingStore(table),
    calendarStore: new DynamoCalendarStore(table),
    clock: systemClock,
    config: { personKeySalt: salt, publicBaseUrl: env.PUBLIC_BASE_URL ?? '' },
  };
  return deps;
}
