import { inject } from 'vitest';

export const baseUrl = () => inject('baseUrl');

const tokens = new Map<string, string>();

/** A bearer token for a demo user from the local issuer. */
export async function tokenFor(user: string): Promise<string> {
  if (!tokens.has(user)) {
    const res = await fetch(`${baseUrl()}/auth/demo-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user }),
    });
    tokens.set(user, ((await res.json()) as { token: string }).token);
  }
  return tokens.get(user)!;
}

/** Calls the API as a demo user (or anonymously with `as: undefined`). */
export async function api(method: string, path: string, opts: { as?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.as) headers.authorization = `Bearer ${await tokenFor(opts.as)}`;
  if (opts.body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
  const res = await fetch(`${baseUrl()}${path}`, { method, headers, body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)) });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text, headers: res.headers };
}
