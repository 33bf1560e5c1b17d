/**
 * In-memory fake of the supervision core's store (functions/supervision/ports.ts), keeping
 * the contract the DynamoDB adapter (adapters/dynamo/supervised-case-store.ts) keeps —
 * test/contract/ runs the same cases against both:
 * - save honours `expectedVersion` (CONFLICT DomainError otherwise);
 * - listByUnit: open cases first, each group newest first (`open: true` only the open ones);
 * - listOpen: by region code, then oldest first; `regionCode` reads that region and its children;
 * - the 通报 list: one entry per (period, region, unit, case, escalation), read per period and region;
 * - keys sort in DynamoDB's order (UTF-8 bytes), pages and cursors behave like the table's.
 *
 * Also the helpers every fake shares: `clone` (a record as the table gives it back),
 * `byteOrder` and `pageOf` (DynamoDB's sort order and paging).
 */
import { createHash } from 'node:crypto';
import { regionContains, regionPrefix } from '../functions/core/access.js';
import { DomainError } from '../functions/core/errors.js';
import type { Page } from '../functions/ports/stores.js';
import { isOpen, type NoticeEntry, type SupervisedCase } from '../functions/supervision/model.js';
import type { SupervisedCaseStore } from '../functions/supervision/ports.js';

/**
 * A deep copy in the form the DynamoDB adapters read back: properties and list elements that
 * are `undefined` are left out, as `marshall(…, { removeUndefinedValues: true })` leaves them out.
 */
export function clone<T>(v: T): T {
  if (Array.isArray(v)) return v.filter((x) => x !== undefined).map(clone) as T;
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = clone(x);
    return out as T;
  }
  return v === null || typeof v !== 'object' ? v : structuredClone(v);
}

/** How DynamoDB sorts string keys: by their UTF-8 bytes (not `localeCompare`, which puts `w1` before `W2` and `_` before `-`). */
export const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/** DynamoDB's largest page in the adapters' queries (`queryPage`). */
const MAX_PAGE = 500;
const MAC_CHARS = 22;
const badCursor = () =>
  new DomainError('VALIDATION_FAILED', '分页游标无效', [{ field: 'cursor', rule: 'cursor', message: '分页游标无效或不属于这个查询，请从第一页重新查询' }]);
const cursorMac = (list: string, payload: string) => createHash('sha256').update(`fake-cursor\n${list}\n${payload}`).digest('base64url').slice(0, MAC_CHARS);

/**
 * Pages an already sorted list the way the DynamoDB adapters page a query: at most 500 items
 * a page; a full page carries `next` (DynamoDB's LastEvaluatedKey), even when nothing follows
 * it — the page after it is then empty, without `next`; cursors are opaque and bound to the
 * list they came from (`list`: which query, e.g. a unit's cases), so an edited cursor or one
 * from another list is a VALIDATION_FAILED DomainError.
 */
export function pageOf<T>(all: T[], opts: { cursor?: string; limit?: number } = {}, list = ''): Page<T> {
  const start = opts.cursor ? offsetOf(opts.cursor, list) : 0;
  const limit = Math.min(opts.limit ?? 50, MAX_PAGE);
  const items = all.slice(start, start + limit).map(clone);
  const end = start + items.length;
  return { items, ...(items.length > 0 && items.length === limit ? { next: cursorOf(end, list) } : {}) };
}

function cursorOf(offset: number, list: string): string {
  const payload = Buffer.from(String(offset)).toString('base64url');
  return payload + cursorMac(list, payload);
}

function offsetOf(cursor: string, list: string): number {
  const payload = cursor.slice(0, -MAC_CHARS);
  if (cursor.length <= MAC_CHARS || cursor.slice(-MAC_CHARS) !== cursorMac(list, payload)) throw badCursor();
  const offset = Number(Buffer.from(payload, 'base64url').toString('utf8'));
  if (!Number.isInteger(offset) || offset < 0) throw badCursor();
  return offset;
}

export class FakeSupervisedCaseStore<C extends SupervisedCase> implements SupervisedCaseStore<C> {
  /** Every successful save, in order (a test can prove that nothing was written). */
  readonly saves: C[] = [];
  readonly notices: NoticeEntry[] = [];
  /** Makes the next saves fail (transient storage errors): return an error to throw for a case about to be saved. */
  failSave?: (next: C) => Error | undefined;

  /** @param rows the case items by id (a bad review's are shared with FakeRatingStore.badReviews: one table item) */
  constructor(
    protected readonly rows: Map<string, C>,
    private readonly idOf: (c: C) => string,
  ) {}

  /** A new case, as the use case that creates it writes it (for bad reviews: the rating's transaction). */
  insert(c: C): void {
    this.rows.set(this.idOf(c), clone(c));
  }

  async get(id: string): Promise<C | undefined> {
    const r = this.rows.get(id);
    return r && clone(r);
  }

  async save(c: C, expectedVersion: number): Promise<void> {
    const failure = this.failSave?.(c);
    if (failure) throw failure;
    const current = this.rows.get(this.idOf(c));
    if (!current || current.version !== expectedVersion) throw new DomainError('CONFLICT', '已被同时处理，请刷新后重试');
    this.rows.set(this.idOf(c), clone(c));
    this.saves.push(clone(c));
  }

  async listByUnit(unitId: string, opts: { open?: boolean; cursor?: string; limit?: number } = {}): Promise<Page<C>> {
    const key = (c: C) => `${isOpen(c) ? 'OPEN' : 'DONE'}#${c.createdAt}#${this.idOf(c)}`;
    const all = [...this.rows.values()].filter((c) => c.unitId === unitId && (!opts.open || isOpen(c))).sort((a, b) => byteOrder(key(b), key(a)));
    return pageOf(all, opts, `unit#${unitId}#${opts.open ? 'open' : 'all'}`);
  }

  async listOpen(opts: { regionCode?: string; cursor?: string; limit?: number } = {}): Promise<Page<C>> {
    const key = (c: C) => `${c.regionCode}#${c.createdAt}#${this.idOf(c)}`;
    const all = [...this.rows.values()]
      .filter((c) => isOpen(c) && (!opts.regionCode || regionContains(opts.regionCode, c.regionCode)))
      .sort((a, b) => byteOrder(key(a), key(b)));
    return pageOf(all, opts, `open#${opts.regionCode ? regionPrefix(opts.regionCode) : ''}`);
  }

  async addNotice(entry: NoticeEntry): Promise<void> {
    // Same key (period, region, unit, case, escalation) → same item, like the PutItem.
    const same = (e: NoticeEntry) =>
      e.period === entry.period &&
      e.regionCode === entry.regionCode &&
      e.unitId === entry.unitId &&
      e.caseId === entry.caseId &&
      e.escalation === entry.escalation;
    const i = this.notices.findIndex(same);
    if (i >= 0) this.notices[i] = clone(entry);
    else this.notices.push(clone(entry));
  }

  async listNotices(period: string, opts: { regionCode?: string } = {}): Promise<NoticeEntry[]> {
    const key = (e: NoticeEntry) => `${e.regionCode}#${e.unitId}#${e.caseId}#${String(e.escalation).padStart(3, '0')}`;
    return this.notices
      .filter((e) => e.period === period && (!opts.regionCode || regionContains(opts.regionCode, e.regionCode)))
      .sort((a, b) => byteOrder(key(a), key(b)))
      .map(clone);
  }
}
