/**
 * In-memory fakes of the bad-review ports (fakes over mocks) and `makeBadReviewDeps()`,
 * which wires them, the fakes of test/fakes.ts and the REAL workflow — the local engine
 * running workflows/bad-review.asl.json with the real task function `runBadReviewTask` —
 * into the `BadReviewDeps` every bad-review use case takes.
 *
 * The fakes keep the ports' contracts the DynamoDB / S3 adapters keep:
 * - FakeBadReviewStore is the supervision core's fake store (test/fakes-supervision.ts);
 *   it shares its records with FakeRatingStore.badReviews, as both adapters share one
 *   table item; voidRating needs the rating to exist (ConditionExpression attribute_exists).
 * - FakeInbox stores a notification id once (the lookup item's attribute_not_exists) and
 *   delivers supervisor notifications to every ancestor region (deliveryKeys); it keeps
 *   the notification's own fields only and lists 1–200 of them, newest first (ties: id, in
 *   DynamoDB's byte order).
 * test/contract/ runs the same cases against these fakes and the DynamoDB adapters.
 */
import { deliveryKeys, audienceKey } from '../functions/adapters/notify/audience.js';
import { LocalWorkflowEngine, readBadReviewDefinition } from '../functions/adapters/local/local-workflow.js';
import type { BadReview, BadReviewConfig } from '../functions/core/bad-review.js';
import type { RatingRecord } from '../functions/core/ratings.js';
import type { Audience, FileStore, Notification, NotificationInbox } from '../functions/ports/notifier.js';
import type { BadReviewStore } from '../functions/ports/bad-reviews.js';
import { runBadReviewTask, startBadReview } from '../functions/usecases/bad-review-workflow.js';
import type { BadReviewDeps } from '../functions/usecases/deps.js';
import { type FakeDeps, makeDeps } from './fakes.js';
import { FakeComplaintStore } from './fakes-complaints.js';
import { byteOrder, clone, FakeSupervisedCaseStore } from './fakes-supervision.js';

/** A rating as stored after an upheld appeal: the DynamoDB adapter sets `voided` and `voidedAt` on the item. */
export type StoredRating = RatingRecord & { voided?: boolean; voidedAt?: string };

export class FakeBadReviewStore extends FakeSupervisedCaseStore<BadReview> implements BadReviewStore {
  /**
   * @param rows the bad-review items, shared with FakeRatingStore.badReviews (one table item)
   * @param ratings the rating items, for voidRating
   */
  constructor(
    rows: Map<string, BadReview>,
    private readonly ratings: Map<string, StoredRating>,
  ) {
    super(rows, (r) => r.reviewId);
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
    // What the inbox item holds: the notification's own fields, nothing else the caller passed.
    const { id, audience, kind, title, body, subject, createdAt } = n;
    if (!this.stored.has(n.id)) this.stored.set(n.id, clone({ id, audience, kind, title, body, subject, createdAt }));
  }

  async list(audiences: Audience[], userSub: string, opts: { limit?: number } = {}): Promise<(Notification & { read: boolean })[]> {
    const keys = new Set(audiences.map(audienceKey));
    const limit = Math.max(1, Math.min(opts.limit ?? 50, 200)); // the adapter's bounds (the HTTP API's largest page)
    return [...this.stored.values()]
      .filter((n) => deliveryKeys(n.audience).some((k) => keys.has(k)))
      .sort((a, b) => (a.createdAt === b.createdAt ? byteOrder(b.id, a.id) : byteOrder(b.createdAt, a.createdAt)))
      .slice(0, limit)
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
  payload: Record<string, any>;
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
    /** No complaints here: a calendar change re-plans the (empty) complaint store too. */
    complaints: FakeComplaintStore;
    complaintWorkflow: LocalWorkflowEngine;
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
    complaints: new FakeComplaintStore(),
    complaintWorkflow: undefined as unknown as LocalWorkflowEngine,
    badReviewConfig: opts.config,
    demoWorkdaySeconds: opts.demoWorkdaySeconds,
  };
  deps.workflow = newEngine();
  deps.complaintWorkflow = deps.workflow;
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
