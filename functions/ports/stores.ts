import type { CalendarOverride } from '../core/calendar.js';
import type { CaseRecord } from '../core/cases.js';
import type { CatalogKind, Region, ServiceItem, Unit, Venue, Window } from '../core/catalog.js';
import type { BadReview as BadReviewRecord } from '../core/bad-review.js';
import type { RatingRecord } from '../core/ratings.js';

/** Ports: what use cases need from storage. DynamoDB adapters implement them in AWS and locally. */

export interface CatalogRecords {
  regions: Region;
  units: Unit;
  venues: Venue;
  windows: Window;
  items: ServiceItem;
}

export interface Page<T> {
  items: T[];
  /** Opaque cursor for the next page; absent once the store knows nothing follows (a full last page may still carry one, leading to an empty page: DynamoDB cannot tell). */
  next?: string;
}

export interface CatalogStore {
  put<K extends CatalogKind>(kind: K, record: CatalogRecords[K]): Promise<void>;
  get<K extends CatalogKind>(kind: K, key: string): Promise<CatalogRecords[K] | undefined>;
  list<K extends CatalogKind>(kind: K, opts?: { prefix?: string; cursor?: string; limit?: number }): Promise<Page<CatalogRecords[K]>>;
  /** Windows of one venue. */
  windows(venueId: string): Promise<Window[]>;
  /** A region with every region and unit in it (`regionContains`), in list order, in one read; undefined for an unknown region. */
  directory(regionCode: string): Promise<RegionDirectory | undefined>;
}

/** What a region's dashboard names: the region, the regions below it (children and theirs) and the units in it or below. */
export interface RegionDirectory {
  region: Region;
  regions: Region[];
  units: Unit[];
}

export type CaseWrite = { outcome: 'created' | 'updated' | 'unchanged'; record: CaseRecord };

export interface CaseStore {
  get(caseNumber: string): Promise<CaseRecord | undefined>;
  /**
   * Inserts or replaces a case, keeping what the system tracks (ratings).
   * `expectedVersion` 0 means "must not exist yet". Throws a CONFLICT DomainError when
   * the version changed meanwhile.
   */
  save(record: CaseRecord, expectedVersion: number): Promise<void>;
  listByUnit(unitId: string, opts?: { cursor?: string; limit?: number }): Promise<Page<CaseRecord>>;
  /**
   * Completed, unrated cases whose default rating is due at or before `now`, earliest first;
   * `after` (the last case of the previous page) goes on behind it, so a walk moves past
   * entries it could not take off the list.
   */
  dueForDefaultRating(now: string, limit: number, after?: CaseRecord): Promise<CaseRecord[]>;
  /**
   * Takes a case off the default-rating list (the default-rating job, once the case is
   * rated or default-rated); nothing else changes (not the version). Idempotent. A later
   * save of a case due and without a stored rating count puts it back; the job then takes
   * it off again.
   */
  leaveDefaultList(caseNumber: string): Promise<void>;
  /** Completed, unrated cases whose default rating is due at or after `from` (ISO instant), earliest first, page by page. */
  listDefaultRatingDueFrom(from: string, opts?: { cursor?: string; limit?: number }): Promise<Page<CaseRecord>>;
}

export interface RatingStore {
  get(ratingId: string): Promise<RatingRecord | undefined>;
  /**
   * Stores a rating: one conditional write of one item (with a bad review, rating and
   * review in one transaction). Returns `false` (and writes nothing) when that rating
   * already exists. Nothing else is written, now or later: the case is not touched.
   */
  add(rating: RatingRecord, badReview?: BadReviewRecord): Promise<boolean>;
  listByCase(caseNumber: string): Promise<RatingRecord[]>;
  /**
   * The ratings of one page of the unit's cases (newest accepted first, at most 50 cases):
   * a page holds the ratings found, so it may hold fewer than `limit` items (or none) while
   * `next` goes on. Ratings have no list of their own.
   */
  listByUnit(unitId: string, opts?: { cursor?: string; limit?: number }): Promise<Page<RatingRecord>>;
  /** The same over one page of the person's own cases: the ratings they gave on them by name. */
  listByPerson(personKey: string, opts?: { cursor?: string; limit?: number }): Promise<Page<RatingRecord>>;
  /** The ratings (first, then follow-up) of these cases, in the order given (read by key, 50 cases per batch). */
  ofCases(caseNumbers: readonly string[]): Promise<RatingRecord[]>;
  getBadReview(reviewId: string): Promise<BadReviewRecord | undefined>;
}

export interface CalendarStore {
  overrides(): Promise<CalendarOverride[]>;
  putOverride(o: CalendarOverride): Promise<void>;
  deleteOverride(date: string): Promise<void>;
  /**
   * Makes `days` the overrides of `year` (all dates in that year): writes every one and
   * removes the year's others, in one transaction when it fits (100 changes), else in a
   * few. Returns how many of the year's earlier overrides were removed.
   */
  replaceYear(year: number, days: readonly CalendarOverride[]): Promise<{ removed: number }>;
}

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };
