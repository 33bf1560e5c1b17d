/**
 * Records the contract cases store: built here, not by the use cases, so a case states
 * exactly what goes in and what must come back.
 */
import { expect } from 'vitest';
import { type BadReview, buildBadReview } from '../../functions/core/bad-review.js';
import type { CaseRecord } from '../../functions/core/cases.js';
import { DomainError } from '../../functions/core/errors.js';
import { LEVEL_NAMES, type RatingRecord } from '../../functions/core/ratings.js';
import type { Page } from '../../functions/ports/stores.js';

/**
 * What a store must give back for a record it was given: the record as JSON — `undefined`
 * properties are not stored (DynamoDB's marshall leaves them out). Compared with
 * `toStrictEqual`, so a store that keeps `name: undefined` differs from one that drops it.
 */
export const stored = <T>(record: T): T => JSON.parse(JSON.stringify(record)) as T;

/** A case of `unitId`, completed and not yet rated, its default rating due at `defaultRatingDueAt`. */
export function caseRecord(caseNumber: string, over: Partial<CaseRecord> = {}): CaseRecord {
  return {
    caseNumber,
    itemCode: '4104-01-001',
    unitId: 'U-CITY',
    venueId: 'V-HALL',
    windowId: 'W01',
    applicantKind: 'person',
    applicant: { name: '张三丰', idType: 'resident_id', idNumber: '410402198506123451', phone: '13912345678' },
    acceptedAt: '2026-10-26T09:00:00+08:00',
    completedAt: '2026-10-27T10:00:00+08:00',
    status: 'completed',
    regionCode: '410400',
    itemName: '企业设立登记',
    personKey: 'person-1',
    ratingCount: 0,
    defaultRatingDueAt: '2026-11-05T15:59:59.999Z',
    createdAt: '2026-10-26T01:00:00.000Z',
    updatedAt: '2026-10-27T02:00:00.000Z',
    version: 1,
    ...over,
  };
}

/** Rating `assessNumber` of a case (ratingId `{caseNumber}-{n}`), by default a named 满意 at the case's window. */
export function ratingRecord(kase: Pick<CaseRecord, 'caseNumber' | 'unitId' | 'regionCode' | 'itemCode'>, over: Partial<RatingRecord> = {}): RatingRecord {
  const assessNumber = over.assessNumber ?? 1;
  const level = over.level ?? 2;
  return {
    ratingId: `${kase.caseNumber}-${assessNumber}`,
    caseNumber: kase.caseNumber,
    assessNumber,
    level,
    levelName: LEVEL_NAMES[level],
    channel: 'pad',
    channelName: '政务大厅平板电脑',
    tags: level >= 4 ? ['服务态度'] : [],
    anonymous: false,
    personKey: 'person-1',
    itemCode: kase.itemCode,
    unitId: kase.unitId,
    regionCode: kase.regionCode,
    caseRegionCode: kase.regionCode,
    venueId: 'V-HALL',
    windowId: 'W01',
    ratedAt: '2026-11-02T02:00:00.000Z',
    receivedAt: '2026-11-02T02:00:01.000Z',
    active: true,
    bad: level >= 4,
    submittedBy: 'pad-hall',
    contentHash: `hash-${kase.caseNumber}-${assessNumber}`,
    ...over,
  };
}

/** A 不满意 rating of the case and the bad review it starts (created at the rating's `receivedAt`). */
export function badRating(
  kase: Pick<CaseRecord, 'caseNumber' | 'unitId' | 'regionCode' | 'itemCode'>,
  over: Partial<RatingRecord> = {},
): { rating: RatingRecord; review: BadReview } {
  const rating = ratingRecord(kase, { level: 4, ...over });
  return { rating, review: buildBadReview(rating) };
}

/** The DomainError code a promise rejects with (fails the test when it resolves or rejects with something else). */
export async function domainCode(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e, 'expected a DomainError').toBeInstanceOf(DomainError);
  return (e as DomainError).code;
}

/** Every page of a list, read with `limit`: the items in order and the size of each page. */
export async function walk<T>(read: (q: { cursor?: string; limit?: number }) => Promise<Page<T>>, limit: number): Promise<{ items: T[]; sizes: number[] }> {
  const items: T[] = [];
  const sizes: number[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page = await read({ cursor, limit });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    sizes.push(page.items.length);
    cursor = page.next;
    if (!cursor) return { items, sizes };
  }
  throw new Error('more than 100 pages');
}

/** The same cursor with its first character changed: an edited cursor. */
export const edited = (cursor: string) => (cursor.startsWith('A') ? 'B' : 'A') + cursor.slice(1);
