import type { Reply } from './http-handler.js';
import { ok } from './http-handler.js';
import { errorResponse } from './http-handler.js';

/**
 * How domain results become HTTP answers: use cases return values, these pick the
 * status and headers. One place per kind of result, shared by single and batch routes.
 */
export const created = (body: unknown): Reply => ({ status: 201, body });

/** A case push: 201 when it created the case, 200 when it updated or repeated one. */
export const caseReply = (r: { outcome: 'created' | 'updated' | 'unchanged' }): Reply => (r.outcome === 'created' ? created(r) : ok(r));

/** A rating: 201 when recorded now, 200 when a retry got the first answer back. */
export const ratingReply = (r: { replayed: boolean }): Reply => (r.replayed ? ok(r) : created(r));

/** An image or document to hand back as bytes (QR codes, evidence files). */
export interface FileResult {
  data: Buffer | string;
  contentType: string;
  /** `inline` (QR codes shown in the page) or `attachment` (downloads, never rendered in the API's origin). */
  disposition: 'inline' | 'attachment';
  /** ASCII file name for every client. */
  fileName: string;
  /** The original (Unicode) name, sent as `filename*`. */
  originalName?: string;
  /** Seconds a shared cache may keep it; nothing is cached by default. */
  maxAge?: number;
}

export function fileReply(f: FileResult): Reply {
  const star = f.originalName
    ? `; filename*=UTF-8''${encodeURIComponent(f.originalName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`
    : '';
  const headers = {
    'content-disposition': `${f.disposition}; filename="${f.fileName}"${star}`,
    'x-content-type-options': 'nosniff',
    ...(f.maxAge ? { 'cache-control': `public, max-age=${f.maxAge}` } : {}),
  };
  return typeof f.data === 'string'
    ? { raw: f.data, contentType: f.contentType, headers }
    : { raw: f.data.toString('base64'), base64: true, contentType: f.contentType, headers };
}

/**
 * A batch (≤ 500 items): one write per item with bounded concurrency; each item gets its own
 * status and body (the error envelope for a refused one), none stops the rest, and the
 * caller retries just the failed ones.
 */
export async function batchReply<T>(items: T[], run: (item: T, index: number) => Promise<Reply>, concurrency = 8): Promise<Reply> {
  const results: { index: number; status: number; body: unknown }[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        const reply = await run(items[i] as T, i);
        results[i] = { index: i, status: reply.status ?? 200, body: 'body' in reply ? reply.body : null };
      } catch (e) {
        const r = errorResponse(e) as { statusCode: number; body: string };
        results[i] = { index: i, status: r.statusCode, body: JSON.parse(r.body) };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  const failed = results.filter((r) => r.status >= 400).length;
  return ok({ total: items.length, succeeded: items.length - failed, failed, results });
}
