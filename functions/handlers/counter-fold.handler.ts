import { DynamoCounterStore } from '../adapters/dynamo/counter-store.js';
import { jobHandler } from '../observability.js';
import { foldCounters } from '../usecases/indicators.js';
import { envTable } from './deps.js';

const counters = new DynamoCounterStore(envTable());

/**
 * Scheduled hourly (:04): adds what the aggregator staged from the table's stream to the
 * indicator counters (a fold interrupted midway is finished first; see adapters/dynamo/counter-store.ts).
 */
export const handler = jobHandler(() => foldCounters({ counters }));
