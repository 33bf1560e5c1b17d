/**
 * In-memory fakes of the status sync's ports (functions/ports/status-sync.ts).
 * FakeDeliveryStore keeps the contract its DynamoDB adapter (adapters/dynamo/delivery-store.ts)
 * keeps — test/contract/ runs the same cases against both:
 * - create writes only when the id is new, else answers the stored record;
 * - save honours `expectedVersion` (CONFLICT DomainError otherwise);
 * - listForComplaint by seq; listDead: dead ones by `{createdAt}#{id}`, paged like the table.
 */
import { DomainError } from '../functions/core/errors.js';
import type { DeliveryStore, StatusDelivery, StatusEvent, StatusSink } from '../functions/ports/status-sync.js';
import type { Page } from '../functions/ports/stores.js';
import { byteOrder, clone, pageOf } from './fakes-supervision.js';

export class FakeDeliveryStore implements DeliveryStore {
  readonly rows = new Map<string, StatusDelivery>();
  /** Every successful save, in order. */
  readonly saves: StatusDelivery[] = [];
  /** Makes the next saves fail (storage errors, lost races): return an error to throw for the record about to be saved. */
  failSave?: (next: StatusDelivery) => Error | undefined;

  async create(d: StatusDelivery): Promise<StatusDelivery> {
    const existing = this.rows.get(d.event.id);
    if (existing) return clone(existing);
    this.rows.set(d.event.id, clone(d));
    return clone(d);
  }

  async get(id: string): Promise<StatusDelivery | undefined> {
    const d = this.rows.get(id);
    return d && clone(d);
  }

  async save(d: StatusDelivery, expectedVersion: number): Promise<void> {
    const failure = this.failSave?.(d);
    if (failure) throw failure;
    const current = this.rows.get(d.event.id);
    if (!current || current.version !== expectedVersion) throw new DomainError('CONFLICT', '该状态同步记录已被同时更新，请刷新后重试');
    this.rows.set(d.event.id, clone(d));
    this.saves.push(clone(d));
  }

  async listForComplaint(complaintId: string): Promise<StatusDelivery[]> {
    return [...this.rows.values()]
      .filter((d) => d.event.complaintId === complaintId)
      .sort((a, b) => a.event.seq - b.event.seq)
      .map(clone);
  }

  async listDead(opts: { cursor?: string; limit?: number } = {}): Promise<Page<StatusDelivery>> {
    const key = (d: StatusDelivery) => `${d.createdAt}#${d.event.id}`;
    const all = [...this.rows.values()].filter((d) => d.state === 'dead').sort((a, b) => byteOrder(key(a), key(b)));
    return pageOf(all, opts, 'sync-dead');
  }
}

/** How one call to the fake sink fails: an HTTP status the platform answered, or an error (network, timeout). */
export type SinkFailure = number | Error;

/**
 * The source platform, scriptable: by default it accepts every event (HTTP 200);
 * `failCalls` makes given calls fail (1-based, counting every call), `failAll` every other
 * call until `failAll(undefined)`. A failure by HTTP status throws as HttpStatusSink
 * throws: `HTTP 503` with a numeric `httpStatus`.
 */
export class FakeStatusSink implements StatusSink {
  /** Every event it was given, in order, failed calls included. */
  readonly received: StatusEvent[] = [];
  private readonly script = new Map<number, SinkFailure>();
  private otherwise: SinkFailure | undefined;

  failCalls(calls: number[], failure: SinkFailure): this {
    for (const n of calls) this.script.set(n, failure);
    return this;
  }

  /** Every call not scripted by `failCalls` fails so from now on; `undefined` accepts them again. */
  failAll(failure: SinkFailure | undefined): this {
    this.otherwise = failure;
    return this;
  }

  async deliver(event: StatusEvent): Promise<{ httpStatus: number }> {
    this.received.push(clone(event));
    const failure = this.script.get(this.received.length) ?? this.otherwise;
    if (failure === undefined) return { httpStatus: 200 };
    if (typeof failure === 'number') throw Object.assign(new Error(`HTTP ${failure}`), { httpStatus: failure });
    throw failure;
  }
}
