import { inject } from 'vitest';
import * as z from 'zod/mini';
import { type RouteDef, routeList } from '../../functions/http/routes.js';

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
  if ((res.status === 200 || res.status === 201) && json !== undefined) checkAnswer(method, path, json);
  return { status: res.status, json, text, headers: res.headers };
}

/** The routes that declare a `response` schema, literal paths before templated ones (`/ratings/batch` before `/ratings/{ratingId}`). */
const answered = routeList()
  .filter((r): r is typeof r & { response: NonNullable<RouteDef['response']> } => !!r.response)
  .map((r) => ({ ...r, pattern: new RegExp(`^${r.path.replace(/\{\w+\}/g, '[^/]+')}$`), params: (r.path.match(/\{/g) ?? []).length }))
  .sort((a, b) => a.params - b.params);

/**
 * Every 200/201 JSON answer of a route that declares a `response` schema (functions/http/responses.ts)
 * must fit it: the contract the web app's types are generated from cannot drift from what the
 * handler really returns, for any caller's view (masked or not) any integration test sees.
 */
export function checkAnswer(method: string, path: string, json: unknown) {
  const bare = path.split('?')[0]!;
  const route = answered.find((r) => r.method === method.toUpperCase() && r.pattern.test(bare));
  if (!route) return;
  const parsed = z.safeParse(route.response, json);
  if (!parsed.success)
    throw new Error(
      `${method} ${path} answered outside its response schema (${route.id}):\n${z.prettifyError(parsed.error)}\n${JSON.stringify(json).slice(0, 2000)}`,
    );
}
