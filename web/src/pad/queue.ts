/**
 * The pad's rating queue in IndexedDB. A rating is written here first, with its stable
 * idempotency key, and leaves the `pending` store only when the server gave a final answer
 * for it (sender.ts): accepted or replayed → deleted; refused (4xx) → moved to `rejected`,
 * which staff can see on the pad. Nothing else ever deletes a rating, so a crash or reload
 * mid-upload only means it is sent again, and the server answers a resend with the first result.
 * No bearer token or header is stored, only what the rater said and the board's rating ticket
 * for the case (no personal data; the server ignores it once expired).
 */
export interface PadRating {
  caseNumber: string;
  level: 1 | 2 | 3 | 4 | 5;
  channel: 'pad';
  tags: string[];
  anonymous: true;
  venueId: string;
  windowId: string;
  /** When the rater tapped (the server keeps it as ratedAt, however late the upload). */
  ratedAt: string;
  /** The board's rating ticket for the case: spares the server the case read while it is valid (ignored after). */
  ticket?: string;
}

export interface QueuedRating {
  /** Idempotency key, given when the rating was taken (crypto.randomUUID()). */
  key: string;
  rating: PadRating;
  /** Upload attempts that got no final answer (network error, 5xx). */
  attempts: number;
  lastError?: string;
}

export interface RejectedRating extends QueuedRating {
  rejectedAt: string;
  status: number;
  code: string;
  message: string;
}

/** The server's final refusal of one rating. */
export interface Rejection {
  key: string;
  status: number;
  code: string;
  message: string;
}

const PENDING = 'pending';
const REJECTED = 'rejected';

const done = (tx: IDBTransaction) =>
  new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });

const result = <T>(req: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });

export class RatingQueue {
  private constructor(private readonly db: IDBDatabase) {}

  static open(name = 'haochaping-pad', factory: IDBFactory = indexedDB): Promise<RatingQueue> {
    return new Promise((resolve, reject) => {
      const req = factory.open(name, 1);
      req.onupgradeneeded = () => {
        // `seq` (auto-increment) keeps the order ratings were given in; `key` is unique.
        const pending = req.result.createObjectStore(PENDING, { keyPath: 'seq', autoIncrement: true });
        pending.createIndex('key', 'key', { unique: true });
        req.result.createObjectStore(REJECTED, { keyPath: 'key' });
      };
      req.onsuccess = () => resolve(new RatingQueue(req.result));
      req.onerror = () => reject(req.error);
    });
  }

  /** Stores a new rating under a fresh idempotency key; resolves once it is on disk. */
  async add(rating: PadRating, key: string = crypto.randomUUID()): Promise<QueuedRating> {
    const entry: QueuedRating = { key, rating, attempts: 0 };
    const tx = this.db.transaction(PENDING, 'readwrite');
    tx.objectStore(PENDING).add(entry);
    await done(tx);
    return entry;
  }

  /** The oldest pending ratings, at most `limit`. */
  async pending(limit = 500): Promise<QueuedRating[]> {
    const tx = this.db.transaction(PENDING, 'readonly');
    const rows = (await result(tx.objectStore(PENDING).getAll(null, limit))) as (QueuedRating & { seq: number })[];
    return rows.map(({ seq: _seq, ...r }) => r);
  }

  async pendingCount(): Promise<number> {
    return result(this.db.transaction(PENDING, 'readonly').objectStore(PENDING).count());
  }

  /**
   * Applies the server's answers in one transaction: `confirmed` keys leave the queue,
   * `rejected` ones move to the rejected store, `retry` ones stay with one more attempt.
   */
  async settle(answers: { confirmed: string[]; rejected: Rejection[]; retry: { key: string; error: string }[] }): Promise<void> {
    const tx = this.db.transaction([PENDING, REJECTED], 'readwrite');
    const pending = tx.objectStore(PENDING);
    // One read, then only writes: the transaction never waits on anything but itself.
    const rows = (await result(pending.getAll())) as (QueuedRating & { seq: number })[];
    const byKey = new Map(rows.map((r) => [r.key, r]));
    for (const key of answers.confirmed) {
      const row = byKey.get(key);
      if (row) pending.delete(row.seq);
    }
    const rejectedAt = new Date().toISOString();
    for (const r of answers.rejected) {
      const row = byKey.get(r.key);
      if (!row) continue;
      const { seq, ...entry } = row;
      tx.objectStore(REJECTED).put({ ...entry, ...r, rejectedAt } satisfies RejectedRating);
      pending.delete(seq);
    }
    for (const { key, error } of answers.retry) {
      const row = byKey.get(key);
      if (row) pending.put({ ...row, attempts: row.attempts + 1, lastError: error });
    }
    await done(tx);
  }

  async rejected(): Promise<RejectedRating[]> {
    return result(this.db.transaction(REJECTED, 'readonly').objectStore(REJECTED).getAll()) as Promise<RejectedRating[]>;
  }

  /** True when a rating of this case is waiting or was refused here (the pad never offers it again). */
  async hasCase(caseNumber: string): Promise<boolean> {
    const all = [...(await this.pending()), ...(await this.rejected())];
    return all.some((r) => r.rating.caseNumber === caseNumber);
  }

  close(): void {
    this.db.close();
  }
}
