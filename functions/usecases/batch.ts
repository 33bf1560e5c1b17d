import { errorResponse, type Reply } from '../http/http-handler.js';

/** Runs one write per item (a failed item is reported with its own 4xx/5xx so the caller retries just that one) with bounded concurrency; each item gets its own status, none stops the rest. */
export async function perItem<T>(items: T[], run: (item: T, index: number) => Promise<Reply>, concurrency = 8) {
  const results: { index: number; status: number; body: unknown }[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        const reply = await run(items[i], i);
        results[i] = { index: i, status: reply.status ?? 200, body: 'body' in reply ? reply.body : null };
      } catch (e) {
        const r = errorResponse(e) as { statusCode: number; body: string };
        results[i] = { index: i, status: r.statusCode, body: JSON.parse(r.body) };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  const failed = results.filter((r) => r.status >= 400).length;
  return { status: 200, body: { total: items.length, succeeded: items.length - failed, failed, results } } satisfies Reply;
}
