import type { CaseRecord } from '../core/cases.js';
import type { Page } from './stores.js';

/** What a signed-in citizen's own pages read: their cases, newest first, and which of them have a rating. */
export interface CitizenCases {
  /** The citizen's cases (by their person key), newest accepted first. */
  casesOfPerson(personKey: string, opts?: { cursor?: string; limit?: number }): Promise<Page<CaseRecord>>;
  /** Of these case numbers (at most 100), those with a first rating stored. */
  ratedCases(caseNumbers: readonly string[]): Promise<Set<string>>;
}
