import { createHmac } from 'node:crypto';
import type { StatusEvent, StatusSink } from '../../ports/status-sync.js';

export interface HttpStatusSinkProps {
  /** The source platform's status endpoint (https in production). */
  readonly url: string;
  /** Shared with the platform: it checks `x-signature` with it. */
  readonly secret: string;
  /** Per attempt. @default 5000 ms */
  readonly timeoutMs?: number;
  /** For tests. @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** For tests. @default new Date() */
  readonly now?: () => Date;
}

/** `sha256=` and the hex HMAC-SHA256 of the exact body with the shared secret. */
export const statusSignature = (secret: string, body: string) => `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;

/**
 * POSTs one status event as JSON to the source platform. Headers: `x-event-id` (the
 * platform de-duplicates on it), `x-signature` (see {@link statusSignature}) and
 * `x-timestamp` (Unix seconds of the send). A 2xx is accepted; anything else throws: a
 * non-2xx as `HTTP 503` with a numeric `httpStatus`, a timeout or network failure with
 * its kind only — never the URL or the body. One attempt: retries, the record and the
 * dead letter are the use case's (usecases/status-sync.ts).
 */
export class HttpStatusSink implements StatusSink {
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;
  private readonly now: () => Date;

  constructor(private readonly props: HttpStatusSinkProps) {
    if (!props.url) throw new Error('HttpStatusSink: url is required');
    if (!props.secret) throw new Error('HttpStatusSink: secret is required');
    this.timeoutMs = props.timeoutMs ?? 5000;
    this.fetch = props.fetch ?? globalThis.fetch;
    this.now = props.now ?? (() => new Date());
  }

  async deliver(event: StatusEvent): Promise<{ httpStatus: number }> {
    const body = JSON.stringify(event);
    let res: Response;
    try {
      res = await this.fetch(this.props.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-event-id': event.id,
          'x-signature': statusSignature(this.props.secret, body),
          'x-timestamp': String(Math.floor(this.now().getTime() / 1000)),
        },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw requestFailure(err, this.timeoutMs);
    }
    // Free the connection; the platform's answer body is not used (nor kept: it may echo the event).
    await res.body?.cancel().catch(() => undefined);
    if (!res.ok) throw Object.assign(new Error(`HTTP ${res.status}`), { httpStatus: res.status });
    return { httpStatus: res.status };
  }
}

/** fetch rejects with a TimeoutError (AbortSignal.timeout) or a TypeError whose cause names the network error. */
function requestFailure(err: unknown, timeoutMs: number): Error {
  const name = err instanceof Error ? err.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') return new Error(`timeout after ${timeoutMs} ms`, { cause: err });
  const code = (err as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return new Error(`network error${typeof code === 'string' ? ` (${code})` : ''}`, { cause: err });
}
