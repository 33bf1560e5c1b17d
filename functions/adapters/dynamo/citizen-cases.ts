import { BatchGetItemCommand, type BatchGetItemCommandOutput, type KeysAndAttributes } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { CaseRecord } from '../../core/cases.js';
import type { CitizenCases } from '../../ports/citizen.js';
import type { Page } from '../../ports/stores.js';
import { queryPage, type TableConfig } from './table.js';

/** BatchGetItem takes at most 100 keys; unprocessed keys are asked again a few times. */
const MAX_KEYS = 100;
const TRIES = 5;

/**
 * A citizen's cases from the sparse index gsi3 (`PERSON#{personKey}` / acceptedAt#caseNumber,
 * written by DynamoCaseStore.save), and whether each has a rating: one BatchGetItem of the
 * rating keys (`CASE#{n}` / `RATING#1`), projected to the key only. The rating item is
 * written synchronously by a submission, so this is right at once (the case item is not
 * rewritten when it is rated).
 */
export class DynamoCitizenCases implements CitizenCases {
  constructor(private readonly t: TableConfig) {}

  casesOfPerson(personKey: string, opts: { cursor?: string; limit?: number } = {}): Promise<Page<CaseRecord>> {
    return queryPage<CaseRecord>(this.t, { index: 'gsi3', pk: `PERSON#${personKey}`, ...opts });
  }

  async ratedCases(caseNumbers: readonly string[]): Promise<Set<string>> {
    if (caseNumbers.length > MAX_KEYS) throw new Error(`ratedCases takes at most ${MAX_KEYS} case numbers`);
    const rated = new Set<string>();
    if (!caseNumbers.length) return rated;
    let request: Record<string, KeysAndAttributes> | undefined = {
      [this.t.tableName]: {
        Keys: [...new Set(caseNumbers)].map((n) => marshall({ pk: `CASE#${n}`, sk: 'RATING#1' })),
        ProjectionExpression: 'pk',
        ConsistentRead: true,
      },
    };
    for (let i = 0; request && Object.keys(request).length && i < TRIES; i++) {
      const out: BatchGetItemCommandOutput = await this.t.client.send(new BatchGetItemCommand({ RequestItems: request }));
      for (const item of out.Responses?.[this.t.tableName] ?? []) rated.add(String(unmarshall(item).pk).slice('CASE#'.length));
      request = out.UnprocessedKeys;
    }
    if (request && Object.keys(request).length) throw new Error('BatchGetItem left keys unprocessed');
    return rated;
  }
}
