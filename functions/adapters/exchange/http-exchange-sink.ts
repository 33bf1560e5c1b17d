import type { ExchangePayload, ExchangeSink } from '../../ports/exchange.js';

export interface HttpExchangeSinkProps {
  /** Bearer tokens by receiver id (`EXCHANGE_TOKENS`); a receiver without one is sent no Authorization header. */
  readonly tokens: Readonly<Record<string, string>>;
  /** Per attempt. @default 10000 ms */
  readonly timeoutMs?: number;
  /** For tests. @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

/**
 * POSTs one batch as JSON to a receiver: `authorization: Bearer {token}`, `idempotency-key`
 * and `x-batch-id` (the batch id, the same on every retry and replay, so the receiver
 * recognises a batch it already has). A 2xx is accepted; anything else throws: a non-2xx as
 * `HTTP 503` with a numeric `httpStatus`, a timeout or network failure with its kind only —
 * never the URL, the token or the body. One attempt: retries and the record are the use
 * case's (usecases/exchange.ts).
 */
export class HttpExchangeSink implements ExchangeSink {
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;

  constructor(private readonly props: HttpExchangeSinkProps) {
    this.timeoutMs = props.timeoutMs ?? 10_000;
    this.fetch = props.fetch ?? globalThis.fetch;
  }

  async send(receiver: { id: string; url: string }, payload: ExchangePayload): Promise<{ httpStatus: number }> {
    const token = this.props.tokens[receiver.id];
    let res: Response;
    try {
      res = await this.fetch(receiver.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'idempotency-key': payload.batchId,
          'x-batch-id': payload.batchId,
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const name = err instanceof Error ? err.name : '';
      if (name === 'TimeoutError' || name === 'AbortError') throw new Error(`timeout after ${this.timeoutMs} ms`, { cause: err });
      const code = (err as { cause?: { code?: unknown } } | undefined)?.cause?.code;
      throw new Error(`network error${typeof code === 'string' ? ` (${code})` : ''}`, { cause: err });
    }
    // The answer body is not used (nor kept: it may echo the rows).
    await res.body?.cancel().catch(() => undefined);
    if (!res.ok) throw Object.assign(new Error(`HTTP ${res.status}`), { httpStatus: res.status });
    return { httpStatus: res.status };
  }
}
