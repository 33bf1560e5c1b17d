import { DynamoBadReviewStore } from '../adapters/dynamo/bad-review-store.js';
import { DynamoCitizenCases } from '../adapters/dynamo/citizen-cases.js';
import { DynamoComplaintStore } from '../adapters/dynamo/complaint-store.js';
import type { CitizenDeps, ProgressDeps } from '../usecases/citizen.js';
import { envTable, handlerDeps } from './deps.js';

let deps: (CitizenDeps & ProgressDeps) | undefined;

/**
 * Composition root of the citizen's own routes: the foundation (catalog, ratings), the
 * citizen's case index, and the bad-review and complaint stores read for their progress.
 */
export function citizenHandlerDeps(env = process.env): CitizenDeps & ProgressDeps {
  const table = envTable(env);
  deps ??= Object.freeze({
    ...handlerDeps(env),
    citizenCases: new DynamoCitizenCases(table),
    badReviews: new DynamoBadReviewStore(table),
    complaints: new DynamoComplaintStore(table),
  });
  return deps;
}
