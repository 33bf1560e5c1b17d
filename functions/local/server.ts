import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';
import type { APIGatewayProxyResultV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { type ApiEvent, errorBody } from '../http/http-handler.js';
import { localLambdaContext, runInvocation } from '../observability.js';
import { type RouteDef, routeList } from '../http/routes.js';
import { CORS, pageHeaders } from '../http/security-headers.js';
import type { CounterStore } from '../ports/counters.js';
import type { CurrentCaseStore } from '../ports/pad.js';
import type { BadReviewDeps, ComplaintDeps } from '../usecases/deps.js';
import type { ExchangeDeps } from '../usecases/exchange.js';
import type { LocalIssuer } from './jwt.js';

type LambdaHandler = (event: ApiEvent, context: Context) => Promise<APIGatewayProxyResultV2>;

/** Extra local-only routes (demo sign-in, the workflow's callbacks…) handled before the API table. */
export type LocalRoute = (req: IncomingMessage, url: URL, body: Buffer) => Promise<{ status: number; body: unknown } | undefined>;

const MAX_BODY = 10 * 1024 * 1024; // API Gateway's own payload limit
/** Handlers whose function runs up to 29 s in AWS (infra/constructs/api.ts), not the default 10 s: a data exchange export or replay waits on the receiver; a report is built. */
const LONG_RUNNING_HANDLERS = new Set(['exchange-run', 'exchange-replay', 'report-create']);
const STATIC_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

interface CompiledRoute extends RouteDef {
  id: string;
  pattern: RegExp;
  names: string[];
}

function compile(r: RouteDef & { id: string }): CompiledRoute {
  const names: string[] = [];
  const source = r.path.replace(/[.]/g, '\\.').replace(/\{(\w+)\}/g, (_, n) => {
    names.push(n);
    return '([^/]+)';
  });
  return { ...r, pattern: new RegExp(`^${source}$`), names };
}

/**
 * The local API: turns HTTP requests into API Gateway HTTP API (payload 2.0) events and
 * calls the same handler modules Lambda runs; verifies JWTs as the authorizer would.
 */
/** The preflight answer API Gateway gives the web app's origin (same CORS settings as infra/constructs/api.ts). */
const PREFLIGHT = {
  'access-control-allow-methods': CORS.methods.join(','),
  'access-control-allow-headers': CORS.headers.join(','),
  'access-control-max-age': String(CORS.maxAgeSeconds),
};

/** A JSON error in the one envelope, for what the server itself answers (401, 404, 413, 500…). */
const sendError = (
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  issues: { field: string; rule: string; message: string }[] = [],
  headers: Record<string, string> = {},
) => send(res, status, { ...headers, 'content-type': 'application/json; charset=utf-8' }, JSON.stringify(errorBody(code, message, issues)));

export function createLocalServer(opts: {
  issuer: LocalIssuer;
  webDir: string;
  deps: BadReviewDeps & ComplaintDeps & ExchangeDeps & { counters: CounterStore; currentCases: CurrentCaseStore };
  localRoutes?: LocalRoute[];
  webOrigin?: string;
  /** Sub-applications that read their own bodies and set their own headers (the local OIDC provider at /oidc); true = answered. */
  mounts?: ((req: IncomingMessage, res: ServerResponse) => Promise<boolean>)[];
}): Server {
  const routes = routeList().map(compile);
  // Static paths first, so `/cases/batch` wins over `/cases/{caseNumber}` as in API Gateway.
  routes.sort((a, b) => a.names.length - b.names.length);
  const handlers = new Map<string, Promise<LambdaHandler>>();
  const load = (file: string) => {
    // A handler module's `bind` takes the local stack's ports; only handlers without ports export just `handler`.
    if (!handlers.has(file))
      handlers.set(
        file,
        import(`../handlers/${file}.handler.js`).then((m) => (m.bind ? m.bind(opts.deps) : m.handler) as LambdaHandler),
      );
    return handlers.get(file)!;
  };

  const pages = pageHeaders();
  return createServer(async (req: IncomingMessage, res: ServerResponse) => {
    for (const mount of opts.mounts ?? []) if (await mount(req, res)) return;
    // CORS as the deployed API answers it: the web app's origin gets the headers, any other origin none.
    const origin = req.headers.origin;
    const allowed = !!origin && origin === opts.webOrigin;
    if (allowed) res.setHeader('access-control-allow-origin', origin);
    res.setHeader('vary', 'origin');
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const method = req.method ?? 'GET';
      if (method === 'OPTIONS') {
        return send(res, 204, allowed ? PREFLIGHT : {}, '');
      }
      const body = await readBody(req);
      // The rest of the body is not read: the connection closes after the answer, so no client reuses it.
      if (body === null)
        return sendError(
          res,
          413,
          'PAYLOAD_TOO_LARGE',
          `请求体超过 ${MAX_BODY} 字节上限`,
          [{ field: '', rule: 'max_bytes', message: `请求体不能超过 ${MAX_BODY} 字节` }],
          { connection: 'close' },
        );
      const pathname = decodePath(url.pathname);
      if (pathname === undefined)
        return sendError(res, 400, 'VALIDATION_FAILED', '请求路径的百分号编码无效', [
          { field: 'path', rule: 'percent_encoding', message: '路径中的百分号编码无效' },
        ]);
      for (const local of opts.localRoutes ?? []) {
        const out = await local(req, url, body);
        if (out) return send(res, out.status, { 'content-type': 'application/json; charset=utf-8' }, JSON.stringify(out.body));
      }
      for (const r of routes) {
        const m = r.pattern.exec(url.pathname);
        if (!m || r.method !== method) continue;
        let claims: Record<string, string> | undefined;
        if (r.auth !== 'public') {
          const token = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
          claims = token ? ((await opts.issuer.verify(token)) ?? undefined) : undefined;
          if (!claims) return sendError(res, 401, 'UNAUTHENTICATED', '未登录或令牌无效');
        }
        const params = Object.fromEntries(r.names.map((n, i) => [n, decodePath(m[i + 1] ?? '') ?? '']));
        const event = toEvent(req, url, body, `${r.method} ${r.path}`, params, claims);
        const handler = await load(r.handler);
        // One invocation with log keys of its own, however many others are in flight.
        const context = localLambdaContext(r.handler, LONG_RUNNING_HANDLERS.has(r.handler) ? 29_000 : undefined);
        const out = (await runInvocation(context.awsRequestId, () => handler(event, context))) as APIGatewayProxyStructuredResultV2;
        const payload = out.isBase64Encoded ? Buffer.from(out.body ?? '', 'base64') : (out.body ?? '');
        return send(res, out.statusCode ?? 200, (out.headers ?? {}) as Record<string, string>, payload);
      }
      if (method === 'GET' || method === 'HEAD') {
        // The built app (web/dist: rate.html, pad.html, assets/) first, then the old workbench's files in web/.
        const file = (await staticFile(join(opts.webDir, 'dist'), pathname)) ?? (await staticFile(opts.webDir, pathname));
        if (file) return send(res, 200, { ...pages, 'content-type': STATIC_TYPES[extname(file.path)] ?? 'application/octet-stream' }, file.data);
      }
      sendError(res, 404, 'NOT_FOUND', `没有这个地址：${method} ${url.pathname.slice(0, 200)}`);
    } catch {
      sendError(res, 500, 'INTERNAL', '服务器内部错误，请稍后重试');
    }
  });
}

/** The decoded path, or undefined for a bad percent-encoding such as `%ZZ` (a 400, never a 500). */
function decodePath(path: string): string | undefined {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer) {
  res.writeHead(status, headers);
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function toEvent(
  req: IncomingMessage,
  url: URL,
  body: Buffer,
  routeKey: string,
  pathParameters: Record<string, string>,
  claims?: Record<string, string>,
): ApiEvent {
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]));
  const query = url.searchParams.size ? Object.fromEntries(url.searchParams) : undefined;
  const contentType = headers['content-type'] ?? '';
  const text = body.length === 0 || /json|text|csv|xml|x-www-form-urlencoded/.test(contentType);
  const now = Date.now();
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    queryStringParameters: query,
    pathParameters: Object.keys(pathParameters).length ? pathParameters : undefined,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: new Date(now).toISOString(),
      timeEpoch: now,
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: claims ?? {}, scopes: [] } },
    },
    body: body.length ? (text ? body.toString('utf8') : body.toString('base64')) : undefined,
    isBase64Encoded: body.length > 0 && !text,
  } as ApiEvent;
}

async function staticFile(root: string, pathname: string) {
  const rel = normalize(pathname === '/' ? '/index.html' : pathname).replace(/^([/\\])+/, '');
  if (rel.startsWith('..')) return undefined;
  const path = join(root, rel);
  try {
    return { path, data: await readFile(path) };
  } catch {
    return undefined;
  }
}
