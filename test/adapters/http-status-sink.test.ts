/**
 * HttpStatusSink against a real HTTP server (node:http on 127.0.0.1, a free port): what goes
 * over the wire, the signature, and how a refusal or a silent server fails.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpStatusSink, statusSignature } from '../../functions/adapters/sync/http-status-sink.js';
import type { StatusEvent } from '../../functions/ports/status-sync.js';

const SECRET = 'shared-secret-of-the-national-platform';

const event: StatusEvent = {
  id: 'CP-20261102-0001:2',
  complaintId: 'CP-20261102-0001',
  sourceId: 'GJZB-2026-000123',
  seq: 2,
  status: 'assigned',
  at: '2026-11-02T02:00:00.000Z',
  detail: { unitName: '市政务服务中心' },
};

interface Received {
  method?: string;
  url?: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((ok) => s.close(ok));
  }
});

/** A server that records each request and answers it with `answer` (or never, if `answer` does nothing). */
async function platform(answer: (res: ServerResponse) => void): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      answer(res);
    });
  });
  servers.push(server);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/api/status-sync`, received };
}

describe('HttpStatusSink (real HTTP server)', () => {
  it('POSTs the event as JSON with its id, a timestamp and a signature the secret verifies', async () => {
    // Prepare
    const { url, received } = await platform((res) => res.writeHead(202).end('{"ok":true}'));
    const sink = new HttpStatusSink({ url, secret: SECRET, now: () => new Date('2026-11-02T02:00:05.000Z') });
    // Act
    const result = await sink.deliver(event);
    // Assess
    expect(result).toEqual({ httpStatus: 202 });
    expect(received).toHaveLength(1);
    const req = received[0]!;
    expect([req.method, req.url]).toEqual(['POST', '/api/status-sync']);
    expect(JSON.parse(req.body)).toEqual(event);
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['x-event-id']).toBe(event.id);
    expect(req.headers['x-timestamp']).toBe(String(Date.parse('2026-11-02T02:00:05.000Z') / 1000));
    // The receiver's check: HMAC-SHA256 of the raw body with the shared secret.
    const signature = String(req.headers['x-signature']);
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    const expected = Buffer.from(`sha256=${createHmac('sha256', SECRET).update(req.body).digest('hex')}`);
    expect(timingSafeEqual(Buffer.from(signature), expected)).toBe(true);
    expect(signature).not.toBe(statusSignature('another-secret', req.body));
  });

  it('throws `HTTP 500` with the status when the platform answers 500', async () => {
    // Prepare
    const { url, received } = await platform((res) => res.writeHead(500).end('internal error'));
    const sink = new HttpStatusSink({ url, secret: SECRET });
    // Act
    const error = await sink.deliver(event).then(
      () => undefined,
      (e: unknown) => e,
    );
    // Assess
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('HTTP 500');
    expect((error as { httpStatus?: number }).httpStatus).toBe(500);
    expect(received).toHaveLength(1);
  });

  it('throws after timeoutMs when the platform never answers', async () => {
    // Prepare: a server that takes the request and never responds
    const { url, received } = await platform(() => undefined);
    const sink = new HttpStatusSink({ url, secret: SECRET, timeoutMs: 200 });
    // Act / Assess
    await expect(sink.deliver(event)).rejects.toThrow('timeout after 200 ms');
    expect(received).toHaveLength(1);
  });

  it('throws a network error naming only its code when nothing listens', async () => {
    // Prepare: a port that was free a moment ago
    const { url } = await platform((res) => res.end());
    const closed = servers.pop()!;
    await new Promise((ok) => closed.close(ok));
    const sink = new HttpStatusSink({ url, secret: SECRET });
    // Act
    const error = (await sink.deliver(event).catch((e: unknown) => e)) as Error;
    // Assess
    expect(error.message).toBe('network error (ECONNREFUSED)');
    expect(error.message).not.toContain('127.0.0.1');
  });
});
