import type { RecentAnswerFingerprint } from '../core/complaints/answer-check.js';
import type { ClusterComplaint } from '../core/complaints/clusters.js';
import type { Complaint } from '../core/complaints/complaint.js';
import type { RepeatCandidate } from '../core/complaints/repeats.js';
import type { SupervisedCaseStore } from '../supervision/ports.js';
import type { Page } from './stores.js';

/**
 * Consultations and complaints: the supervision core's store (cases and their 通报 list,
 * kind `complaint`), plus what intake, repeat detection, hot spots and the answer check read.
 */
export interface ComplaintStore extends SupervisedCaseStore<Complaint> {
  /**
   * Creates a complaint together with its lookup rows (one per complainant key and the
   * person's key, one analysis row) in one transaction. An id that exists answers the
   * stored complaint and writes nothing.
   */
  create(c: Complaint): Promise<{ created: boolean; complaint: Complaint }>;
  /** Complaints received on or after `since` (ISO instant) by a person with any of these keys (repeat detection). */
  listByComplainant(keys: readonly string[], since: string): Promise<RepeatCandidate[]>;
  /** A signed-in person's own complaints (by their person key), newest first. */
  listByPerson(personKey: string, opts?: { cursor?: string; limit?: number }): Promise<Page<Complaint>>;
  /**
   * Complaints received from `from` to `to` (ISO instants) in a region and its children
   * (every region when undefined), newest first, at most `limit`: the hot-spot analysis input.
   */
  listForAnalysis(q: { regionCode?: string; from: string; to: string; limit: number }): Promise<ClusterComplaint[]>;
  /** Remembers a submitted answer's fingerprint (the answer check's template detection). */
  addAnswerFingerprint(fingerprint: string, entry: RecentAnswerFingerprint & { at: string }): Promise<void>;
  /** Earlier answers with the same fingerprint, newest first, at most 50. */
  answersWithFingerprint(fingerprint: string): Promise<RecentAnswerFingerprint[]>;
}
