import { getAccessToken } from '../auth/index.js';
import { loadConfig } from '../config.js';
import type { paths } from './schema.js';

/**
 * The one API client of the app: paths, path and query parameters and request bodies are
 * checked against the types generated from the API's own OpenAPI document (schema.d.ts,
 * `npm run api-types`), and so are the answers of routes that declare a `response` schema
 * (functions/http/responses.ts) — pages declare no response types of their own; the base URL comes from /config.json; every request carries the
 * signed-in user's bearer token (web/src/auth). Errors come back as one type, ApiError —
 * the client shows nothing itself, the page decides.
 */
type Method = 'get' | 'post' | 'put' | 'delete';
type Op<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
/** The paths that have an operation for this method. */
export type PathsFor<M extends Method> = { [P in keyof paths]: paths[P][M] extends undefined | never ? never : P }[keyof paths];
type ParamsOf<O> = O extends { parameters: infer X } ? X : never;
type PathParams<O> = ParamsOf<O> extends { path?: infer X } ? ([X] extends [undefined | never] ? never : X) : never;
type QueryParams<O> = ParamsOf<O> extends { query?: infer X } ? ([X] extends [undefined | never] ? never : X) : never;
type JsonBody<O> = O extends { requestBody: { content: { 'application/json': infer B } } } ? B : never;
type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never;
/** The JSON a 200 (or 201) answer carries, from the route's `response` schema; `unknown` when the route declares none. */
type Answer<O> = O extends { responses: infer R }
  ? [JsonOf<R[200 & keyof R]> | JsonOf<R[201 & keyof R]>] extends [never]
    ? unknown
    : JsonOf<R[200 & keyof R]> | JsonOf<R[201 & keyof R]>
  : unknown;
/** What `method path` answers, e.g. `ResponseOf<'/my/cases', 'get'>`. */
export type ResponseOf<P extends keyof paths, M extends Method> = Answer<Op<P, M>>;

export interface RequestOptions<O> {
  path?: PathParams<O>;
  query?: QueryParams<O>;
  body?: JsonBody<O>;
  /** Sent as `Idempotency-Key` (rating and complaint submissions). */
  idempotencyKey?: string;
  /** Public routes: no token is sent even when signed in. */
  anonymous?: boolean;
  signal?: AbortSignal;
}

/** Whatever the API or the network said no with: `{ error: { code, message, issues } }`, or a network error (`status` 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: { field: string; rule: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
  /** The message of the issue for this field (a form shows it beside the field). */
  issueFor(field: string): string | undefined {
    return this.issues.find((i) => i.field === field || i.field.startsWith(`${field}.`))?.message;
  }
}

/** `/cases/{caseNumber}` + `{ caseNumber: 'X' }` → `/cases/X`. */
export function buildPath(template: string, params: Record<string, unknown> = {}, query: Record<string, unknown> = {}): string {
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined || v === null || v === '') throw new Error(`missing path parameter ${name} for ${template}`);
    return encodeURIComponent(String(v));
  });
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const qs = q.toString();
  return qs ? `${path}?${qs}` : path;
}

export interface ApiClient {
  get<P extends PathsFor<'get'>, R = Answer<Op<P, 'get'>>>(path: P, options?: RequestOptions<Op<P, 'get'>>): Promise<R>;
  post<P extends PathsFor<'post'>, R = Answer<Op<P, 'post'>>>(path: P, options?: RequestOptions<Op<P, 'post'>>): Promise<R>;
  put<P extends PathsFor<'put'>, R = Answer<Op<P, 'put'>>>(path: P, options?: RequestOptions<Op<P, 'put'>>): Promise<R>;
  delete<P extends PathsFor<'delete'>, R = Answer<Op<P, 'delete'>>>(path: P, options?: RequestOptions<Op<P, 'delete'>>): Promise<R>;
}

export interface ClientDeps {
  baseUrl: () => Promise<string>;
  token: () => Promise<string | null>;
  fetch: typeof fetch;
}

export function createClient(deps: ClientDeps): ApiClient {
  const call = async (method: string, template: string, o: RequestOptions<unknown> = {}) => {
    const url = (await deps.baseUrl()) + buildPath(template, o.path as Record<string, unknown>, o.query as Record<string, unknown>);
    const headers: Record<string, string> = { accept: 'application/json' };
    const token = o.anonymous ? null : await deps.token();
    if (token) headers.authorization = `Bearer ${token}`;
    if (o.body !== undefined) headers['content-type'] = 'application/json';
    if (o.idempotencyKey) headers['idempotency-key'] = o.idempotencyKey;
    let res: Response;
    try {
      res = await deps.fetch(url, { method, headers, body: o.body === undefined ? undefined : JSON.stringify(o.body), signal: o.signal });
    } catch (e) {
      if ((e as Error)?.name === 'AbortError') throw e;
      throw new ApiError(0, 'NETWORK', '网络连接失败，请检查网络后重试');
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!res.ok) {
      const err = (json as { error?: { code?: string; message?: string; issues?: ApiError['issues'] } } | undefined)?.error;
      throw new ApiError(res.status, err?.code ?? `HTTP_${res.status}`, err?.message ?? `请求失败（${res.status}），请稍后重试`, err?.issues ?? []);
    }
    return json;
  };
  return {
    get: (p, o) => call('GET', p, o as RequestOptions<unknown>) as never,
    post: (p, o) => call('POST', p, o as RequestOptions<unknown>) as never,
    put: (p, o) => call('PUT', p, o as RequestOptions<unknown>) as never,
    delete: (p, o) => call('DELETE', p, o as RequestOptions<unknown>) as never,
  };
}

/** The app's client: base URL from /config.json, token from the signed-in user. */
export const api: ApiClient = createClient({
  baseUrl: async () => (await loadConfig()).apiBaseUrl,
  token: () => getAccessToken(),
  fetch: (...args) => fetch(...args),
});
