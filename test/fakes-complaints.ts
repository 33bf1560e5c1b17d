/**
 * In-memory fake of the complaints' store (functions/ports/complaints.ts), keeping the
 * contract the DynamoDB adapter (adapters/dynamo/complaint-store.ts) keeps — test/contract/
 * runs the same cases against both:
 * - the supervised-case part is FakeSupervisedCaseStore's (save with a version check,
 *   a unit's list — `''` while unassigned — and the open list);
 * - create writes the complaint and its rows at once; an existing id answers the stored
 *   complaint and writes nothing (`writes` counts every write, so a test can prove it);
 * - the lookup and analysis rows are a snapshot of the intake (unit and item at creation);
 * - instants order by time whatever their offset (the adapter's keys are UTC ISO), ties by
 *   id in DynamoDB's byte order, newest first;
 * - listByPerson pages like the table (`pageOf`); listByComplainant gives each complaint
 *   once; listForAnalysis reads Shanghai months by region prefix, at most `limit`;
 *   answersWithFingerprint the newest 50.
 * The adapter's safety cap on one month's analysis rows (5,000) is not modelled.
 */
import { regionPrefix } from '../functions/core/access.js';
import type { RecentAnswerFingerprint } from '../functions/core/complaints/answer-check.js';
import type { ClusterComplaint } from '../functions/core/complaints/clusters.js';
import type { Complaint } from '../functions/core/complaints/complaint.js';
import type { RepeatCandidate } from '../functions/core/complaints/repeats.js';
import type { ComplaintStore } from '../functions/ports/complaints.js';
import type { Page } from '../functions/ports/stores.js';
import { byteOrder, clone, FakeSupervisedCaseStore, pageOf } from './fakes-supervision.js';

/** What a lookup or analysis row keeps of a complaint: the intake's snapshot. */
interface Snapshot {
  id: string;
  receivedAt: string;
  /** UTC ISO instant and id: the sort key's time part. */
  order: string;
  /** Asia/Shanghai `YYYY-MM` of receipt. */
  month: string;
  regionCode: string;
  complainantKeys: string[];
  lookupKeys: string[];
  unitId?: string;
  itemCode?: string;
  text: string;
}

const utc = (instant: string) => {
  const d = new Date(instant);
  if (Number.isNaN(d.getTime())) throw new RangeError(`Invalid instant: ${instant}`);
  return d.toISOString();
};
const shanghaiMonth = (instant: string) => new Date(Date.parse(instant) + 8 * 3_600_000).toISOString().slice(0, 7);
const newestFirst = <T extends { order: string }>(a: T, b: T) => byteOrder(b.order, a.order);
const unitAndItem = (s: { unitId?: string; itemCode?: string }) => ({
  ...(s.unitId ? { unitId: s.unitId } : {}),
  ...(s.itemCode ? { itemCode: s.itemCode } : {}),
});

export class FakeComplaintStore extends FakeSupervisedCaseStore<Complaint> implements ComplaintStore {
  /** Every write that changed something (create, save, a fingerprint), in number. */
  writes = 0;
  /** Every successful create, in order. */
  readonly creates: Complaint[] = [];
  /** Makes the next creates fail (transient storage errors): return an error to throw for a complaint about to be created. */
  failCreate?: (next: Complaint) => Error | undefined;
  private readonly snapshots = new Map<string, Snapshot>();
  private readonly fingerprints = new Map<string, Map<string, RecentAnswerFingerprint & { order: string }>>();

  constructor(rows = new Map<string, Complaint>()) {
    super(rows, (c) => c.complaintId);
  }

  /** A complaint as create writes it (with its rows), without counting a write: for seeding a test. */
  override insert(c: Complaint): void {
    super.insert(c);
    this.snapshots.set(c.complaintId, snapshotOf(c));
  }

  async create(c: Complaint): Promise<{ created: boolean; complaint: Complaint }> {
    const existing = this.rows.get(c.complaintId);
    if (existing) return { created: false, complaint: clone(existing) };
    const failure = this.failCreate?.(c);
    if (failure) throw failure;
    this.insert(c);
    this.creates.push(clone(c));
    this.writes++;
    return { created: true, complaint: c };
  }

  override async save(c: Complaint, expectedVersion: number): Promise<void> {
    await super.save(c, expectedVersion);
    this.writes++;
  }

  async listByComplainant(keys: readonly string[], since: string): Promise<RepeatCandidate[]> {
    const wanted = new Set(keys.filter((k) => k !== ''));
    const min = utc(since);
    return [...this.snapshots.values()]
      .filter((s) => s.lookupKeys.some((k) => wanted.has(k)) && byteOrder(s.order, min) >= 0)
      .sort(newestFirst)
      .map((s) => ({ id: s.id, receivedAt: s.receivedAt, complainantKeys: clone(s.complainantKeys), ...unitAndItem(s) }));
  }

  async listByPerson(personKey: string, opts: { cursor?: string; limit?: number } = {}): Promise<Page<Complaint>> {
    const rows = [...this.snapshots.values()].filter((s) => s.lookupKeys.includes(personKey)).sort(newestFirst);
    const page = pageOf(rows, opts, `person#${personKey}`);
    return { items: page.items.flatMap((s) => this.rows.get(s.id) ?? []).map(clone), ...(page.next ? { next: page.next } : {}) };
  }

  async listForAnalysis(q: { regionCode?: string; from: string; to: string; limit: number }): Promise<ClusterComplaint[]> {
    const from = Date.parse(q.from);
    const to = Date.parse(q.to);
    if (Number.isNaN(from) || Number.isNaN(to) || from > to || q.limit <= 0) return [];
    const prefix = q.regionCode ? regionPrefix(q.regionCode) : '';
    const fromMonth = shanghaiMonth(q.from);
    const toMonth = shanghaiMonth(q.to);
    return [...this.snapshots.values()]
      .filter((s) => {
        const t = Date.parse(s.receivedAt);
        return s.month >= fromMonth && s.month <= toMonth && s.regionCode.startsWith(prefix) && t >= from && t <= to;
      })
      .sort(newestFirst)
      .slice(0, q.limit)
      .map((s) => ({ id: s.id, receivedAt: s.receivedAt, complainantKeys: clone(s.complainantKeys), ...unitAndItem(s), text: s.text }));
  }

  async addAnswerFingerprint(fingerprint: string, entry: RecentAnswerFingerprint & { at: string }): Promise<void> {
    const order = `${utc(entry.at)}#${entry.complaintId}`;
    const rows = this.fingerprints.get(fingerprint) ?? new Map<string, RecentAnswerFingerprint & { order: string }>();
    rows.set(order, { complaintId: entry.complaintId, fingerprint, topicTerms: clone(entry.topicTerms), order });
    this.fingerprints.set(fingerprint, rows);
    this.writes++;
  }

  async answersWithFingerprint(fingerprint: string): Promise<RecentAnswerFingerprint[]> {
    return [...(this.fingerprints.get(fingerprint)?.values() ?? [])]
      .sort(newestFirst)
      .slice(0, 50)
      .map(({ complaintId, topicTerms }) => ({ complaintId, fingerprint, topicTerms: clone(topicTerms) }));
  }
}

function snapshotOf(c: Complaint): Snapshot {
  return {
    id: c.complaintId,
    receivedAt: c.receivedAt,
    order: `${utc(c.receivedAt)}#${c.complaintId}`,
    month: shanghaiMonth(c.receivedAt),
    regionCode: c.regionCode,
    complainantKeys: clone(c.complainantKeys),
    lookupKeys: [...new Set([...c.complainantKeys, ...(c.personKey ? [c.personKey] : [])])].filter((k) => k !== ''),
    ...unitAndItem(c),
    text: `${c.title}\n${c.content}`,
  };
}
