import { describe, expect, it } from 'vitest';
import { ApiError, buildPath, createClient } from './client.js';

const fakeFetch = (status: number, body: unknown, seen: { url?: string; init?: RequestInit }[] = []) =>
  (async (url: string, init: RequestInit) => {
    seen.push({ url, init });
    return new Response(JSON.stringify(body), { status });
  }) as unknown as typeof fetch;

describe('API client', () => {
  it('fills path parameters, drops empty query values, sends the bearer token and the idempotency key', async () => {
    const seen: { url?: string; init?: RequestInit }[] = [];
    const api = createClient({ baseUrl: async () => 'https://api.example', token: async () => 'T0K', fetch: fakeFetch(200, { ok: 1 }, seen) });
    const out = await api.post('/ratings', { body: { caseNumber: 'C1', level: 1, channel: 'qr' }, idempotencyKey: 'k-1' });
    expect(out).toEqual({ ok: 1 });
    const headers = seen[0]!.init!.headers as Record<string, string>;
    expect(seen[0]!.url).toBe('https://api.example/ratings');
    expect(headers.authorization).toBe('Bearer T0K');
    expect(headers['idempotency-key']).toBe('k-1');
    expect(buildPath('/cases/{caseNumber}', { caseNumber: 'A/B' }, { x: '', y: 2 })).toBe('/cases/A%2FB?y=2');
  });

  it('turns the error envelope into an ApiError with its issues, and sends no token on public calls', async () => {
    const seen: { url?: string; init?: RequestInit }[] = [];
    const body = { error: { code: 'VALIDATION_FAILED', message: '请求参数不合法', issues: [{ field: 'tags', rule: 'min', message: '至少选择一个原因' }] } };
    const api = createClient({ baseUrl: async () => '', token: async () => 'T0K', fetch: fakeFetch(400, body, seen) });
    const err = await api.get('/meta', { anonymous: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(400);
    expect((err as ApiError).issueFor('tags')).toBe('至少选择一个原因');
    expect((seen[0]!.init!.headers as Record<string, string>).authorization).toBeUndefined();
  });

  it('reports a network failure as status 0', async () => {
    const api = createClient({
      baseUrl: async () => '',
      token: async () => null,
      fetch: (async () => Promise.reject(new TypeError('offline'))) as typeof fetch,
    });
    await expect(api.get('/meta')).rejects.toMatchObject({ status: 0, code: 'NETWORK' });
  });
});
