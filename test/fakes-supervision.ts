/**
 * In-memory fake of the supervision core's store (functions/supervision/ports.ts), keeping
 * the contract the DynamoDB adapter (adapters/dynamo/supervised-case-store.ts) keeps:
 * - save honours `expectedVersion` (CONFLICT DomainError otherwise);
 * - listByUnit: open cases first, each group newest first (`open: true` only the open ones);
 * - listOpen: by region code, then oldest first; `regionCode` reads that region and its children;
 * - the 通报 list: one entry per (period, unit, case, escalation), read per period and region.
 */
import { regionContains } from '../functions/core/access.js';
import { DomainError } from '../functions/core/errors.js';
import type { Page } from '../functions/ports/stores.js';
import { isOpen, type NoticeEntry, type SupervisedCase } from '../functions/supervision/model.js';
import type { SupervisedCaseStore } from '../functions/supervision/ports.js';

export const clone = <T>(v: T): T => structuredClone(v);

/** Offset cursors over a sorted list. */
export function pageOf<T>(all: T[], opts: { cursor?: string; limit?: number } = {}): Page<T> {
  const start = opts.cursor ? Number(opts.cursor) : 0;
  const limit = opts.limit ?? 50;
  const items = all.slice(start, start + limit).map(clone);
  const end = start + items.length;
  return { items, ...(end < all.length ? { next: String(end) } : {}) };
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
    const all = [...this.rows.values()].filter((c) => c.unitId === unitId && (!opts.open || isOpen(c))).sort((a, b) => key(b).localeCompare(key(a)));
    return pageOf(all, opts);
  }

  async listOpen(opts: { regionCode?: string; cursor?: string; limit?: number } = {}): Promise<Page<C>> {
    const key = (c: C) => `${c.regionCode}#${c.createdAt}#${this.idOf(c)}`;
    const all = [...this.rows.values()]
      .filter((c) => isOpen(c) && (!opts.regionCode || regionContains(opts.regionCode, c.regionCode)))
      .sort((a, b) => key(a).localeCompare(key(b)));
    return pageOf(all, opts);
  }

  async addNotice(entry: NoticeEntry): Promise<void> {
    // Same key (period, unit, case, escalation) → same item, like the PutItem.
    const same = (e: NoticeEntry) => e.period === entry.period && e.unitId === entry.unitId && e.caseId === entry.caseId && e.escalation === entry.escalation;
    const i = this.notices.findIndex(same);
    if (i >= 0) this.notices[i] = clone(entry);
    else this.notices.push(clone(entry));
  }

  async listNotices(period: string, opts: { regionCode?: string } = {}): Promise<NoticeEntry[]> {
    const key = (e: NoticeEntry) => `${e.regionCode}#${e.unitId}#${e.caseId}#${e.escalation}`;
    return this.notices
      .filter((e) => e.period === period && (!opts.regionCode || regionContains(opts.regionCode, e.regionCode)))
      .sort((a, b) => key(a).localeCompare(key(b)))
      .map(clone);
  }
}
