import type { CaseRecord } from '../core/cases.js';
import type { Complaint } from '../core/complaints/complaint.js';
import type { ExchangeKind } from '../core/exchange/receivers.js';
import type { Row } from '../core/exchange/rows.js';
import type { RatingRecord } from '../core/ratings.js';
import type { DeliveryAttempt } from './status-sync.js';
import type { Page } from './stores.js';

/**
 * Ports of the data exchange with the provincial and national platforms (GB/T 39046
 * exports): where records changed in a window are found, where batches go, and the record
 * of what was sent (batches, their attempts, the dead letter, each receiver's watermark).
 */

/** One batch sent (or to send) to one receiver: the record of what was sent, never the rows. */
export interface ExchangeBatch {
  /** `{receiverId}:{windowId}:{kind}:{n}` (core/exchange/windows.ts): deterministic, the receiver's idempotency key. */
  batchId: string;
  receiverId: string;
  windowId: string;
  kind: ExchangeKind;
  n: number;
  /** The window (ISO instants, from inclusive, to exclusive). */
  from: string;
  to: string;
  /** The records' keys (办件编号, rating ids, 诉求编号), so a replay sends the same records (as they are then). */
  keys: string[];
  count: number;
  /** Records this receiver's profile could not express (e.g. a channel it has no code for), left out. */
  skipped: number;
  state: 'pending' | 'delivered' | 'dead';
  attempts: DeliveryAttempt[];
  createdAt: string;
  deliveredAt?: string;
  replays: number;
  version: number;
}

/** What the receiver gets: the rows in its profile, with the batch's identity. */
export interface ExchangePayload {
  batchId: string;
  receiverId: string;
  profile: string;
  kind: ExchangeKind;
  from: string;
  to: string;
  count: number;
  rows: Row[];
}

/**
 * Sends one batch to one receiver (HTTPS POST, bearer token, the batch id as idempotency
 * key); throws when it was not accepted, with a numeric `httpStatus` when the receiver
 * answered: 408, 429 and 5xx are tried again, another 4xx is final.
 */
export interface ExchangeSink {
  send(receiver: { id: string; url: string }, payload: ExchangePayload): Promise<{ httpStatus: number }>;
}

export interface ExchangeStore {
  /** Creates the record if absent (same id again: answers the stored one, writes nothing). */
  create(b: ExchangeBatch): Promise<ExchangeBatch>;
  /** Undefined for an unknown or malformed id. */
  get(batchId: string): Promise<ExchangeBatch | undefined>;
  /** Saves if the stored version is still expectedVersion, else a CONFLICT DomainError. */
  save(b: ExchangeBatch, expectedVersion: number): Promise<void>;
  /** A receiver's batches, newest window first. */
  listForReceiver(receiverId: string, opts?: { cursor?: string; limit?: number }): Promise<Page<ExchangeBatch>>;
  /** Dead batches of every receiver, oldest first. */
  listDead(opts?: { cursor?: string; limit?: number }): Promise<Page<ExchangeBatch>>;
  /** The last whole day (`YYYY-MM-DD`) delivered to the receiver, if any. */
  watermark(receiverId: string): Promise<string | undefined>;
  /** Moves the watermark if it is still `expected` (undefined: none yet), else a CONFLICT DomainError. */
  setWatermark(receiverId: string, day: string, expected: string | undefined): Promise<void>;
}

/**
 * Records by the time their unit's index sorts them (inclusive bounds, ISO instants):
 * ratings by when given (ratedAt), cases by acceptance, complaints by receipt. `unitId`
 * `''` reads the complaints not yet assigned to a unit. Each call reads one index range.
 */
export interface ExchangeSource {
  ratingsGivenBetween(unitId: string, from: string, to: string): Promise<RatingRecord[]>;
  casesAcceptedBetween(unitId: string, from: string, to: string): Promise<CaseRecord[]>;
  complaintsReceivedBetween(unitId: string, from: string, to: string): Promise<Complaint[]>;
}
