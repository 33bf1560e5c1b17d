import type { Page } from './stores.js';

/**
 * Ports of the outbound status sync: status changes of consultations and complaints
 * transferred from the national platform (全国一体化政务服务平台转办) go back to it.
 */

export type SyncedStatus = 'accepted' | 'assigned' | 'answered' | 'extended' | 'closed';

/** One status change of a transferred item, as sent to its source platform. */
export interface StatusEvent {
  /** `{complaintId}:{seq}`: stable, the receiver de-duplicates on it. */
  id: string;
  complaintId: string;
  /** The source platform's own id of the item (转办编号). */
  sourceId: string;
  /** 1, 2, 3 … per complaint: the receiver can ignore an older event arriving after a newer one (a replay). */
  seq: number;
  status: SyncedStatus;
  /** ISO instant. */
  at: string;
  /** What the source shows for this status: e.g. unitName for assigned, answer text for answered, newDueAt for extended, result for closed. No personal data of the complainant. */
  detail: Record<string, string>;
}

/** One try to hand an event over: never the payload, only how it went. */
export interface DeliveryAttempt {
  at: string;
  ok: boolean;
  /** The platform's answer, when it answered. */
  httpStatus?: number;
  /** Why it failed (`HTTP 503`, `TimeoutError: …`), at most 200 characters. */
  error?: string;
}

export interface StatusDelivery {
  event: StatusEvent;
  state: 'pending' | 'delivered' | 'dead';
  attempts: DeliveryAttempt[];
  createdAt: string;
  deliveredAt?: string;
  /** Times an admin replayed it from the dead letter. */
  replays: number;
  version: number;
}

/**
 * Sends one event to the source platform; throws (any Error) when it was not accepted
 * (non-2xx, timeout, network). When the platform did answer, the Error carries its status
 * as a numeric `httpStatus` property: 408, 429 and 5xx are tried again, another 4xx is final.
 */
export interface StatusSink {
  deliver(event: StatusEvent): Promise<{ httpStatus: number }>;
}

/** The delivery records (the outbox and its dead letter). */
export interface DeliveryStore {
  /** Creates the record if absent (same id again: returns the existing one, writes nothing). */
  create(d: StatusDelivery): Promise<StatusDelivery>;
  /** By event id (`{complaintId}:{seq}`); undefined for an unknown or malformed id. */
  get(id: string): Promise<StatusDelivery | undefined>;
  /** Optimistic: saves if the stored version is still expectedVersion, else a CONFLICT DomainError (functions/core/errors.ts). The caller bumps `version`. */
  save(d: StatusDelivery, expectedVersion: number): Promise<void>;
  /** A complaint's deliveries, by seq. */
  listForComplaint(complaintId: string): Promise<StatusDelivery[]>;
  /** Dead letters (state 'dead'), oldest first, paged. */
  listDead(opts?: { cursor?: string; limit?: number }): Promise<Page<StatusDelivery>>;
}
