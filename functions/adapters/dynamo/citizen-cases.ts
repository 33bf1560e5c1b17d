import type { CaseRecord } from '../../core/cases.js';
import type { CitizenCases } from '../../ports/citizen.js';
import type { Page } from '../../ports/stores.js';
import { batchGetItems, queryPage, type TableConfig } from './table.js';

/** One BatchGetItem's worth of keys: a page of the citizen's cases. */
const MAX_KEYS = 100;

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
    const items = await batchGetItems(
      this.t,
      caseNumbers.map((n) => ({ pk: `CASE#${n}`, sk: 'RATING#1' })),
      { projection: 'pk' },
    );
    return new Set(items.map((item) => String(item.pk?.S).slice('CASE#'.length)));
  }
}
