/**
 * In-memory fakes of the data exchange's ports (functions/ports/exchange.ts).
 * FakeExchangeStore keeps the contract of its DynamoDB adapter (adapters/dynamo/exchange-store.ts),
 * which test/contract/exchange-store.contract.ts runs against both:
 * - create writes only when the id is new, else answers the stored record;
 * - save honours `expectedVersion`; setWatermark honours the expected day (CONFLICT otherwise);
 * - listForReceiver newest window first (sk `BATCH#{windowId}#{kind}#{n, 6 digits}` descending);
 *   listDead oldest first by `{createdAt}#{batchId}`, paged like the table.
 */
import type { CaseRecord } from '../functions/core/cases.js';
import type { Complaint } from '../functions/core/complaints/complaint.js';
import { DomainError } from '../functions/core/errors.js';
import { parseBatchId } from '../functions/core/exchange/windows.js';
import type { RatingRecord } from '../functions/core/ratings.js';
import type { ExchangeBatch, ExchangePayload, ExchangeSink, ExchangeSource, ExchangeStore } from '../functions/ports/exchange.js';
import type { Page } from '../functions/ports/stores.js';
import { byteOrder, clone, pageOf } from './fakes-supervision.js';

const sortKey = (b: ExchangeBatch) => `BATCH#${b.windowId}#${b.kind}#${String(b.n).padStart(6, '0')}`;

export class FakeExchangeStore implements ExchangeStore {
  readonly rows = new Map<string, ExchangeBatch>();
  readonly watermarks = new Map<string, string>();

  async create(b: ExchangeBatch): Promise<ExchangeBatch> {
    const existing = this.rows.get(b.batchId);
    if (existing) return clone(existing);
    this.rows.set(b.batchId, clone(b));
    return clone(b);
  }

  async get(batchId: string): Promise<ExchangeBatch | undefined> {
    if (!parseBatchId(batchId)) return undefined;
    const b = this.rows.get(batchId);
    return b && clone(b);
  }

  async save(b: ExchangeBatch, expectedVersion: number): Promise<void> {
    const current = this.rows.get(b.batchId);
    if (!current || current.version !== expectedVersion) throw new DomainError('CONFLICT', '该数据交换批次已被同时更新，请刷新后重试');
    this.rows.set(b.batchId, clone(b));
  }

  async listForReceiver(receiverId: string, opts: { cursor?: string; limit?: number } = {}): Promise<Page<ExchangeBatch>> {
    const all = [...this.rows.values()].filter((b) => b.receiverId === receiverId).sort((a, b) => byteOrder(sortKey(b), sortKey(a)));
    return pageOf(all, opts, `exchange#${receiverId}`);
  }

  async listDead(opts: { cursor?: string; limit?: number } = {}): Promise<Page<ExchangeBatch>> {
    const key = (b: ExchangeBatch) => `${b.createdAt}#${b.batchId}`;
    const all = [...this.rows.values()].filter((b) => b.state === 'dead').sort((a, b) => byteOrder(key(a), key(b)));
    return pageOf(all, opts, 'exchange-dead');
  }

  async watermark(receiverId: string): Promise<string | undefined> {
    return this.watermarks.get(receiverId);
  }

  async setWatermark(receiverId: string, day: string, expected: string | undefined): Promise<void> {
    if (this.watermarks.get(receiverId) !== expected) throw new DomainError('CONFLICT', '数据交换水位已被同时更新');
    this.watermarks.set(receiverId, day);
  }
}

/** Records in memory, read by unit and index time as the table's gsi1 lists give them; counts the range reads. */
export class FakeExchangeSource implements ExchangeSource {
  readonly ratings = new Map<string, RatingRecord>();
  readonly cases = new Map<string, CaseRecord>();
  readonly complaints = new Map<string, Complaint>();
  reads = 0;

  private between<T>(all: Iterable<T>, unit: (x: T) => string, time: (x: T) => string, unitId: string, from: string, to: string): T[] {
    this.reads++;
    const [a, b] = [Date.parse(from), Date.parse(to)];
    return [...all].filter((x) => unit(x) === unitId && Date.parse(time(x)) >= a && Date.parse(time(x)) <= b).map(clone);
  }

  async ratingsGivenBetween(unitId: string, from: string, to: string) {
    return this.between(
      this.ratings.values(),
      (r) => r.unitId,
      (r) => r.ratedAt,
      unitId,
      from,
      to,
    );
  }
  async casesAcceptedBetween(unitId: string, from: string, to: string) {
    return this.between(
      this.cases.values(),
      (c) => c.unitId,
      (c) => c.acceptedAt,
      unitId,
      from,
      to,
    );
  }
  async complaintsReceivedBetween(unitId: string, from: string, to: string) {
    return this.between(
      this.complaints.values(),
      (c) => c.unitId,
      (c) => c.createdAt,
      unitId,
      from,
      to,
    );
  }

  /** The by-key reads a replay uses (RatingStore.get, CaseStore.get, ComplaintStore.get). */
  get getters() {
    return {
      ratings: { get: async (id: string) => clone(this.ratings.get(id)) },
      cases: { get: async (id: string) => clone(this.cases.get(id)) },
      complaints: { get: async (id: string) => clone(this.complaints.get(id)) },
    };
  }
}

/** A receiver, scriptable: accepts by default (200); `fail` queues failures (an HTTP status, or an Error for a network failure). */
export class FakeExchangeSink implements ExchangeSink {
  readonly sent: { receiverId: string; payload: ExchangePayload }[] = [];
  /** Batch ids the receiver took (a repeat is recognised by its idempotency key). */
  readonly accepted = new Set<string>();
  private readonly failures: (number | Error)[] = [];

  fail(...f: (number | Error)[]): this {
    this.failures.push(...f);
    return this;
  }

  async send(receiver: { id: string }, payload: ExchangePayload): Promise<{ httpStatus: number }> {
    this.sent.push({ receiverId: receiver.id, payload: clone(payload) });
    const f = this.failures.shift();
    if (f instanceof Error) throw f;
    if (f !== undefined) throw Object.assign(new Error(`HTTP ${f}`), { httpStatus: f });
    this.accepted.add(payload.batchId);
    return { httpStatus: 200 };
  }
}
