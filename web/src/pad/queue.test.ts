import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { type PadRating, RatingQueue } from './queue.js';
import { type BatchResult, type PostBatch, Sender, sendPending } from './sender.js';

const rating = (caseNumber: string, level: PadRating['level'] = 1): PadRating => ({
  caseNumber,
  level,
  channel: 'pad',
  tags: level >= 4 ? ['服务态度'] : [],
  anonymous: true,
  venueId: 'V-CITY',
  windowId: 'W01',
  ratedAt: '2026-11-30T02:00:00.000Z',
});

/**
 * A batch API that behaves like the real one: it records each idempotency key once and
 * answers a resend with 200 (a replay); `refuse` maps case numbers to a 4xx, `fail` to a 5xx.
 */
class FakeBatchApi {
  readonly recorded = new Map<string, Record<string, unknown>>();
  posts: string[][] = [];
  refuse = new Map<string, number>();
  fail = new Set<string>();
  /** Records the batch, then loses the answer (the page reloads or the network drops mid-upload). */
  loseNextAnswer = false;
  offline = false;

  post: PostBatch = async (items) => {
    if (this.offline) throw new Error('网络连接失败');
    this.posts.push(items.map((i) => String(i.idempotencyKey)));
    const results: BatchResult[] = items.map((item, index) => {
      const key = String(item.idempotencyKey);
      const caseNumber = String(item.caseNumber);
      const refused = this.refuse.get(caseNumber);
      if (refused) return { index, status: refused, body: { error: { code: 'ALREADY_RATED', message: '该办件已评价', issues: [] } } };
      if (this.fail.has(caseNumber)) return { index, status: 500, body: { error: { code: 'INTERNAL', message: '服务器内部错误', issues: [] } } };
      const replay = this.recorded.has(key);
      if (!replay) this.recorded.set(key, item);
      return { index, status: replay ? 200 : 201, body: {} };
    });
    if (this.loseNextAnswer) {
      this.loseNextAnswer = false;
      throw new Error('连接中断');
    }
    return { results };
  };
}

let factory: IDBFactory;
let api: FakeBatchApi;
beforeEach(() => {
  factory = new IDBFactory();
  api = new FakeBatchApi();
});

describe('RatingQueue', () => {
  it('keeps ratings across a reopen (a reload), oldest first, each with its own key', async () => {
    const q = await RatingQueue.open('pad', factory);
    const a = await q.add(rating('C-1'));
    const b = await q.add(rating('C-2', 5));
    q.close();
    const reopened = await RatingQueue.open('pad', factory);
    expect((await reopened.pending()).map((r) => [r.key, r.rating.caseNumber])).toEqual([
      [a.key, 'C-1'],
      [b.key, 'C-2'],
    ]);
    expect(a.key).not.toBe(b.key);
    expect(await reopened.hasCase('C-2')).toBe(true);
    expect(await reopened.hasCase('C-3')).toBe(false);
  });
});

describe('sendPending', () => {
  it('uploads pending ratings and removes them once the server confirmed them', async () => {
    const q = await RatingQueue.open('pad', factory);
    await q.add(rating('C-1'));
    await q.add(rating('C-2', 4));
    const out = await sendPending(q, api.post);
    expect(out).toEqual({ confirmed: 2, rejected: 0, kept: 0 });
    expect(await q.pendingCount()).toBe(0);
    expect(api.recorded.size).toBe(2);
  });

  it('keeps everything while offline and sends it once the network is back', async () => {
    const q = await RatingQueue.open('pad', factory);
    await q.add(rating('C-1'));
    api.offline = true;
    const offline = await sendPending(q, api.post);
    const waiting = await q.pendingCount();
    api.offline = false;
    const online = await sendPending(q, api.post);
    expect(offline).toMatchObject({ kept: 1, error: '网络连接失败' });
    expect(waiting).toBe(1);
    expect(online.confirmed).toBe(1);
    expect(await q.pendingCount()).toBe(0);
    expect(api.recorded.size).toBe(1);
  });

  it('records each rating exactly once when the answer is lost mid-upload and the page reloads', async () => {
    const q = await RatingQueue.open('pad', factory);
    const { key } = await q.add(rating('C-1'));
    api.loseNextAnswer = true;
    const lost = await sendPending(q, api.post);
    q.close();
    const reloaded = await RatingQueue.open('pad', factory);
    const resent = await sendPending(reloaded, api.post);
    expect(lost.kept).toBe(1);
    expect(api.posts).toEqual([[key], [key]]);
    expect(resent.confirmed).toBe(1);
    expect([...api.recorded.keys()]).toEqual([key]);
    expect(await reloaded.pendingCount()).toBe(0);
  });

  it('keeps a rating the server failed on (5xx), and sets a refused one (4xx) aside for staff, never resending it', async () => {
    const q = await RatingQueue.open('pad', factory);
    await q.add(rating('OK-1'));
    const failing = await q.add(rating('FAIL-1'));
    const refused = await q.add(rating('DUP-1'));
    api.fail.add('FAIL-1');
    api.refuse.set('DUP-1', 409);
    const first = await sendPending(q, api.post);
    api.fail.clear();
    const second = await sendPending(q, api.post);
    expect(first).toEqual({ confirmed: 1, rejected: 1, kept: 1 });
    expect(api.posts[1]).toEqual([failing.key]);
    expect(second.confirmed).toBe(1);
    expect(await q.rejected()).toEqual([expect.objectContaining({ key: refused.key, status: 409, code: 'ALREADY_RATED', message: '该办件已评价' })]);
    expect(await q.hasCase('DUP-1')).toBe(true);
    expect(await q.pendingCount()).toBe(0);
  });

  it('counts failed attempts on the entry it keeps', async () => {
    const q = await RatingQueue.open('pad', factory);
    await q.add(rating('C-1'));
    api.offline = true;
    await sendPending(q, api.post);
    await sendPending(q, api.post);
    expect((await q.pending())[0]).toMatchObject({ attempts: 2, lastError: '网络连接失败' });
  });
});

describe('Sender', () => {
  it('never runs two uploads at once: a trigger during an upload runs once more after it', async () => {
    const q = await RatingQueue.open('pad', factory);
    await q.add(rating('C-1'));
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let inFlight = 0;
    let most = 0;
    const slowPost: PostBatch = async (items) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await gate;
      inFlight--;
      return api.post(items);
    };
    const sender = new Sender(q, slowPost);
    const first = sender.trigger();
    await q.add(rating('C-2'));
    const second = sender.trigger();
    release();
    await Promise.all([first, second]);
    expect(most).toBe(1);
    expect(api.recorded.size).toBe(2);
    expect(await q.pendingCount()).toBe(0);
  });

  it('runs again when asked during an upload that failed (the network came back meanwhile)', async () => {
    const q = await RatingQueue.open('pad', factory);
    await q.add(rating('C-1'));
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let entered!: () => void;
    const posting = new Promise<void>((r) => {
      entered = r;
    });
    api.offline = true;
    const slowPost: PostBatch = async (items) => {
      const offline = api.offline;
      entered();
      await gate;
      if (offline) throw new Error('网络连接失败');
      return api.post(items);
    };
    const sender = new Sender(q, slowPost);
    const first = sender.trigger();
    await posting; // the offline attempt is under way…
    api.offline = false;
    const online = sender.trigger(); // …when the browser's `online` event asks again
    release();
    await Promise.all([first, online]);
    expect(api.recorded.size).toBe(1);
    expect(await q.pendingCount()).toBe(0);
  });
});
