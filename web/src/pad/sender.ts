import type { RatingQueue, Rejection } from './queue.js';

/** One item's answer in `POST /ratings/batch` (its own status and body). */
export interface BatchResult {
  index: number;
  status: number;
  body: unknown;
}

/** Posts one batch (`{ ratings: [{ idempotencyKey, ...rating }] }`); throws when there is no per-item answer (offline, 401, 5xx). */
export type PostBatch = (ratings: Record<string, unknown>[]) => Promise<{ results: BatchResult[] }>;

export interface SendOutcome {
  /** Recorded now (201) or already recorded by an earlier attempt (200, a replay). */
  confirmed: number;
  /** Refused for good (4xx): kept aside for staff, never resent. */
  rejected: number;
  /** No final answer yet (5xx or no answer at all): sent again next time. */
  kept: number;
  /** Why the whole batch got no answer, if it did not. */
  error?: string;
}

/** A status the same request may get differently later: timeouts, throttling, server errors. */
const retryable = (status: number) => status === 408 || status === 429 || status >= 500;

const errorOf = (body: unknown) => {
  const e = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return { code: typeof e?.code === 'string' ? e.code : 'REJECTED', message: typeof e?.message === 'string' ? e.message : '评价未被接受' };
};

/**
 * Uploads the oldest pending ratings (≤ 500, the batch API's limit) and settles each by its
 * own answer. A rating leaves the queue only on a final answer, so whatever happens between
 * the POST and the settle (a reload, a crash, a lost answer) ends in a resend under the same
 * key, which the server answers with the first result: each rating is recorded exactly once.
 */
export async function sendPending(queue: RatingQueue, post: PostBatch, max = 500): Promise<SendOutcome> {
  const batch = await queue.pending(max);
  if (batch.length === 0) return { confirmed: 0, rejected: 0, kept: 0 };
  let results: BatchResult[];
  try {
    ({ results } = await post(batch.map((q) => ({ idempotencyKey: q.key, ...q.rating }))));
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    await queue.settle({ confirmed: [], rejected: [], retry: batch.map((q) => ({ key: q.key, error })) });
    return { confirmed: 0, rejected: 0, kept: batch.length, error };
  }
  const byIndex = new Map(results.map((r) => [r.index, r]));
  const confirmed: string[] = [];
  const rejected: Rejection[] = [];
  const retry: { key: string; error: string }[] = [];
  batch.forEach((q, i) => {
    const r = byIndex.get(i);
    if (!r) retry.push({ key: q.key, error: 'no answer for this item' });
    else if (r.status < 300) confirmed.push(q.key);
    else if (retryable(r.status)) retry.push({ key: q.key, error: `HTTP ${r.status}` });
    else rejected.push({ key: q.key, status: r.status, ...errorOf(r.body) });
  });
  await queue.settle({ confirmed, rejected, retry });
  return { confirmed: confirmed.length, rejected: rejected.length, kept: retry.length };
}

/**
 * Runs `sendPending` one at a time: a trigger while an upload runs asks for one more run
 * after it (ratings given meanwhile go in that one), never a second upload in parallel.
 */
export class Sender {
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly queue: RatingQueue,
    private readonly post: PostBatch,
    private readonly onResult: (o: SendOutcome) => void = () => {},
  ) {}

  trigger(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          const outcome = await sendPending(this.queue, this.post);
          this.onResult(outcome);
          // A full batch settled means more may be waiting; a failed run ends here unless
          // something (the browser coming back online, a new rating) asked again meanwhile.
          if (!outcome.error && outcome.kept === 0 && outcome.confirmed + outcome.rejected >= 500) this.again = true;
        } while (this.again);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }
}
