/**
 * In-memory fakes of the bad-review ports (fakes over mocks) and `makeBadReviewDeps()`,
 * which wires them, the fakes of test/fakes.ts and the REAL workflow — the local engine
 * running workflows/bad-review.asl.json with the real task function `runBadReviewTask` —
 * into the `BadReviewDeps` every bad-review use case takes.
 *
 * The fakes keep the ports' contracts the DynamoDB / S3 adapters keep:
 * - FakeBadReviewStore.save honours `expectedVersion` (CONFLICT DomainError otherwise);
 *   it shares its records with FakeRatingStore.badReviews, as both adapters share one
 *   table item; listOpen is oldest first, listByUnit newest first; voidRating needs the
 *   rating to exist (ConditionExpression attribute_exists).
 * - FakeInbox stores a notification id once (the lookup item's attribute_not_exists) and
 *   delivers supervisor notifications to every ancestor region (deliveryKeys).
 */
import { deliveryKeys, audienceKey } from '../functions/adapters/notify/audience.js';
import { LocalWorkflowEngine, readBadReviewDefinition } from '../functions/adapters/local/local-workflow.js';
import { type BadReview, type BadReviewConfig, isOpen } from '../functions/core/bad-review.js';
import { DomainError } from '../functions/core/errors.js';
import type { RatingRecord } from '../functions/core/ratings.js';
import type { Audience, FileStore, Notification, NotificationInbox } from '../functions/ports/notifier.js';
import type { BadReviewStore, NoticeEntry, Page } from '../functions/ports/stores.js';
import { runBadReviewTask, startBadReview } from '../functions/usecases/bad-review-workflow.js';
import type { BadReviewDeps } from '../functions/usecases/deps.js';
import { type FakeDeps, makeDeps } from './fakes.js';

const clone = <T>(v: T): T => structuredClone(v);

function pageOf<T>(all: T[], opts: { cursor?: string; limit?: number } = {}): Page<T> {
  const start = opts.cursor ? Number(opts.cursor) : 0;
  const limit = opts.limit ?? 50;
  const items = all.slice(start, start + limit).map(clone);
  const end = start + items.length;
  return { items, ...(end < all.length ? { next: String(end) } : {}) };
}

/** A rating as stored after an upheld appeal: the DynamoDB adapter sets `voided` and `voidedAt` on the item. */
export type StoredRating = RatingRecord & { voided?: boolean; voidedAt?: string };

export class FakeBadReviewStore implements BadReviewStore {
  /** Every successful save, in order (a test can prove that nothing was written). */
  readonly saves: BadReview[] = [];
  readonly notices: NoticeEntry[] = [];
  /** Makes the next saves fail (transient storage errors): return an error to throw for a review about to be saved. */
  failSave?: (next: BadReview) => Error | undefined;

  /**
   * @param rows the bad-review items, shared with FakeRatingStore.badReviews (one table item)
   * @param ratings the rating items, for voidRating
   */
  constructor(
    private readonly rows: Map<string, BadReview>,
    private readonly ratings: Map<string, StoredRating>,
  ) {}

  async get(reviewId: string): Promise<BadReview | undefined> {
    const r = this.rows.get(reviewId);
    return r && clone(r);
  }

  async save(review: BadReview, expectedVersion: number): Promise<void> {
    const failure = this.failSave?.(review);
    if (failure) throw failure;
    const current = this.rows.get(review.reviewId);
    if (!current || current.version !== expectedVersion) throw new DomainError('CONFLICT', '该差评已被同时处理，请刷新后重试');
    this.rows.set(review.reviewId, clone(review));
    this.saves.push(clone(review));
  }

  async listByUnit(unitId: string, opts: { cursor?: string; limit?: number } = {}): Promise<Page<BadReview>> {
    const all = [...this.rows.values()].filter((r) => r.unitId === unitId).sort((a, b) => `${b.createdAt}#${b.reviewId}`.localeCompare(`${a.createdAt}#${a.reviewId}`));
    return pageOf(all, opts);
  }

  async listOpen(opts: { cursor?: string; limit?: number } = {}): Promise<Page<BadReview>> {
    const all = [...this.rows.values()].filter(isOpen).sort((a, b) => `${a.createdAt}#${a.reviewId}`.localeCompare(`${b.createdAt}#${b.reviewId}`));
    return pageOf(all, opts);
  }

  async addNotice(entry: NoticeEntry): Promise<void> {
    // Same key (period, unit, review, escalation) → same item, like the PutItem.
    const same = (e: NoticeEntry) => e.period === entry.period && e.unitId === entry.unitId && e.reviewId === entry.reviewId && e.escalation === entry.escalation;
    const i = this.notices.findIndex(same);
    if (i >= 0) this.notices[i] = clone(entry);
    else this.notices.push(clone(entry));
  }

  async listNotices(period: string): Promise<NoticeEntry[]> {
    return this.notices.filter((e) => e.period === period).map(clone);
  }

  async voidRating(ratingId: string, at: string): Promise<void> {
    const r = this.ratings.get(ratingId);
    if (!r) throw new Error(`ConditionalCheckFailedException: rating ${ratingId} does not exist`);
    this.ratings.set(ratingId, { ...r, voided: true, voidedAt: at });
  }
}

/** The in-app inbox (and the only notifier): records every notify call and stores each id once. */
export class FakeInbox implements NotificationInbox {
  /** Every call to notify, in order, duplicates included. */
  readonly sent: Notification[] = [];
  private readonly stored = new Map<string, Notification>();
  private readonly reads = new Set<string>();

  async notify(n: Notification): Promise<void> {
    this.sent.push(clone(n));
    if (!this.stored.has(n.id)) this.stored.set(n.id, clone(n));
  }

  async list(audiences: Audience[], userSub: string, opts: { limit?: number } = {}): Promise<(Notification & { read: boolean })[]> {
    const keys = new Set(audiences.map(audienceKey));
    return [...this.stored.values()]
      .filter((n) => deliveryKeys(n.audience).some((k) => keys.has(k)))
      .sort((a, b) => (a.createdAt === b.createdAt ? b.id.localeCompare(a.id) : b.createdAt.localeCompare(a.createdAt)))
      .slice(0, opts.limit ?? 50)
      .map((n) => ({ ...clone(n), read: this.reads.has(`${n.id}|${userSub}`) }));
  }

  async markRead(id: string, userSub: string, audiences: Audience[]): Promise<boolean> {
    const n = this.stored.get(id);
    const keys = new Set(audiences.map(audienceKey));
    if (!n || !deliveryKeys(n.audience).some((k) => keys.has(k))) return false;
    this.reads.add(`${id}|${userSub}`);
    return true;
  }

  /** Stored notifications (each id once), optionally only those about one review. */
  all(subject?: string): Notification[] {
    return [...this.stored.values()].filter((n) => !subject || n.subject === subject).map(clone);
  }
}

export class FakeFileStore implements FileStore {
  readonly objects = new Map<string, { data: Buffer; contentType: string }>();

  async put(key: string, data: Buffer, contentType: string): Promise<void> {
    this.objects.set(key, { data: Buffer.from(data), contentType });
  }

  async get(key: string): Promise<{ data: Buffer; contentType: string } | undefined> {
    const o = this.objects.get(key);
    return o && { data: Buffer.from(o.data), contentType: o.contentType };
  }
}

/** One call of the task function by the workflow: the payload and what the real function returned (or threw). */
export interface TaskCall {
  // biome-ignore lint/suspicious/noExplicitAny: payloads are JSON built by the definition
  payload: Record<string, any>;
  // biome-ignore lint/suspicious/noExplicitAny: results are JSON
  result?: any;
  error?: string;
}

export type BadReviewFakeDeps = FakeDeps &
  BadReviewDeps & {
    badReviews: FakeBadReviewStore;
    notifier: FakeInbox;
    inbox: FakeInbox;
    files: FakeFileStore;
    workflow: LocalWorkflowEngine;
  };

export interface BadReviewHarness {
  deps: BadReviewFakeDeps;
  /** Every call the workflow made to the task function, in order (the real function's results are recorded). */
  calls: TaskCall[];
  /** A simulated restart: every execution held in memory is lost; a fresh engine takes over. */
  restart(): LocalWorkflowEngine;
  /** Stops every execution (afterEach). */
  stop(): void;
}

export interface BadReviewHarnessOptions {
  config: BadReviewConfig;
  /** Demo clock: one working day lasts this many (clock) seconds. */
  demoWorkdaySeconds: number;
  /** The engine's timeScale: a step planned at `s` seconds times out after `s × timeScale` real seconds. */
  timeScale: number;
}

/**
 * The fakes of test/fakes.ts (catalog, cases, ratings, calendar, fixed clock) plus the
 * bad-review fakes, with a LocalWorkflowEngine running the real definition and the real
 * task function; a named or anonymous bad rating starts the workflow, as in production.
 */
export function makeBadReviewDeps(opts: BadReviewHarnessOptions): BadReviewHarness {
  const base = makeDeps();
  const inbox = new FakeInbox();
  const calls: TaskCall[] = [];
  const newEngine = () =>
    new LocalWorkflowEngine({
      definition: readBadReviewDefinition(),
      timeScale: opts.timeScale,
      taskHandler: async (payload) => {
        const call: TaskCall = { payload };
        calls.push(call);
        try {
          call.result = await runBadReviewTask(deps, payload);
          return call.result;
        } catch (e) {
          call.error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
          throw e;
        }
      },
    });
  const deps: BadReviewFakeDeps = {
    ...base,
    badReviews: new FakeBadReviewStore(base.ratings.badReviews, base.ratings.ratings),
    notifier: inbox,
    inbox,
    files: new FakeFileStore(),
    workflow: undefined as unknown as LocalWorkflowEngine,
    badReviewConfig: opts.config,
    demoWorkdaySeconds: opts.demoWorkdaySeconds,
  };
  deps.workflow = newEngine();
  deps.onBadReview = (review) => startBadReview(deps, review);
  return {
    deps,
    calls,
    restart() {
      deps.workflow.stopAll();
      deps.workflow = newEngine();
      return deps.workflow;
    },
    stop() {
      deps.workflow.stopAll();
    },
  };
}
