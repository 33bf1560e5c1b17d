import type { IncomingMessage } from 'node:http';
import { errorBody } from '../http/http-handler.js';
import type { LocalRoute } from './server.js';

/** What the simulated receiver keeps of one batch it took. */
interface Received {
  batchId: string;
  kind: string;
  count: number;
  rows: unknown[];
  receivedAt: string;
}

const bearer = (req: IncomingMessage) => /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';

/**
 * Simulated provincial / national platforms for the data exchange (local only), at
 * `/local/exchange/{receiverId}`:
 * - `POST` takes a batch as a platform would: the receiver's bearer token (else 401), the
 *   `idempotency-key` (a batch id it already has is answered 200 `duplicate: true` and kept once);
 * - `GET` (admins) lists what it took, last 200 batches, rows included;
 * - `POST …/fail` (admins) `{"times":n,"status":503}` makes the next n batches fail, to try retries and the dead letter.
 */
export function localExchangeReceiver(
  tokens: Readonly<Record<string, string>>,
  verify: (token: string) => Promise<Record<string, unknown> | null>,
): LocalRoute {
  const inbox = new Map<string, Received[]>();
  const failures = new Map<string, { times: number; status: number }>();
  const admin = async (req: IncomingMessage) => {
    const claims = await verify(bearer(req));
    if (claims?.role === 'admin') return undefined;
    return { status: claims ? 403 : 401, body: claims ? errorBody('FORBIDDEN', '仅管理员可查看模拟接收方') : errorBody('UNAUTHENTICATED', '未登录或令牌无效') };
  };
  return async (req, url, body) => {
    const m = /^\/local\/exchange\/([a-z0-9-]+)(\/fail)?$/.exec(url.pathname);
    if (!m) return undefined;
    const id = m[1]!;
    if (m[2]) {
      if (req.method !== 'POST') return undefined;
      const denied = await admin(req);
      if (denied) return denied;
      const { times = 1, status = 503 } = JSON.parse(body.toString('utf8') || '{}') as { times?: number; status?: number };
      failures.set(id, { times, status });
      return { status: 200, body: { receiverId: id, failNext: times, status } };
    }
    if (req.method === 'GET') {
      const denied = await admin(req);
      if (denied) return denied;
      return { status: 200, body: { items: (inbox.get(id) ?? []).slice(-5000) } };
    }
    if (req.method !== 'POST') return undefined;
    if (!tokens[id] || bearer(req) !== tokens[id]) return { status: 401, body: { error: 'invalid token' } };
    const fail = failures.get(id);
    if (fail && fail.times > 0) {
      fail.times--;
      return { status: fail.status, body: { error: 'simulated failure' } };
    }
    const key = String(req.headers['idempotency-key'] ?? '');
    const list = inbox.get(id) ?? [];
    inbox.set(id, list);
    if (list.some((b) => b.batchId === key)) return { status: 200, body: { accepted: true, duplicate: true } };
    const payload = JSON.parse(body.toString('utf8')) as { kind: string; count: number; rows: unknown[] };
    list.push({ batchId: key, kind: payload.kind, count: payload.count, rows: payload.rows, receivedAt: new Date().toISOString() });
    return { status: 200, body: { accepted: true } };
  };
}

/** The local stack's receivers when `EXCHANGE_RECEIVERS` is not set: a province (zhejiang profile, personal data) and the national platform (masked). */
export function localExchangeReceivers(port: number) {
  const base = `http://127.0.0.1:${port}/local/exchange`;
  const kinds = ['ratings', 'cases', 'consultations', 'complaints'];
  return {
    receivers: JSON.stringify([
      { id: 'province', name: '省政务服务平台（本地模拟）', url: `${base}/province`, profile: 'zhejiang', personalData: true, kinds },
      { id: 'national', name: '全国一体化政务服务平台（本地模拟）', url: `${base}/national`, profile: 'national', personalData: false, kinds },
    ]),
    tokens: JSON.stringify({ province: 'local-exchange-token-province', national: 'local-exchange-token-national' }),
  };
}
