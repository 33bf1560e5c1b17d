import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';
import type { APIGatewayProxyResultV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { ApiEvent } from '../http/http-handler.js';
import { type RouteDef, routeList } from '../http/routes.js';
import type { LocalIssuer } from './jwt.js';

type LambdaHandler = (event: ApiEvent, context: Context) => Promise<APIGatewayProxyResultV2>;

/** Extra local-only routes (demo sign-in, the workflow's callbacks…) handled before the API table. */
export type LocalRoute = (req: IncomingMessage, url: URL, body: Buffer) => Promise<{ status: number; body: unknown } | undefined>;

const MAX_BODY = 10 * 1024 * 1024; // API Gateway's own payload limit
const STATIC_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json', '.ico': 'image/x-icon',
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
export function createLocalServer(opts: { issuer: LocalIssuer; webDir: string; localRoutes?: LocalRoute[] }): Server {
  const routes = routeList().map(compile);
  // Static paths first, so `/cases/batch` wins over `/cases/{caseNumber}` as in API Gateway.
  routes.sort((a, b) => a.names.length - b.names.length);
  const handlers = new Map<string, Promise<LambdaHandler>>();
  const load = (file: string) => {
    if (!handlers.has(file)) handlers.set(file, import(`../handlers/${file}.handler.js`).then((m) => m.handler as LambdaHandler));
    return handlers.get(file)!;
  };

  return createServer(async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const body = await readBody(req);
      if (body === null) return send(res, 413, { 'content-type': 'application/json' }, JSON.stringify({ message: 'Request Entity Too Large' }));
      for (const local of opts.localRoutes ?? []) {
        const out = await local(req, url, body);
        if (out) return send(res, out.status, { 'content-type': 'application/json; charset=utf-8' }, JSON.stringify(out.body));
      }
      const method = req.method ?? 'GET';
      for (const r of routes) {
        const m = r.pattern.exec(url.pathname);
        if (!m || r.method !== method) continue;
        let claims: Record<string, string> | undefined;
        if (r.auth !== 'public') {
          const token = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
          claims = token ? ((await opts.issuer.verify(token)) ?? undefined) : undefined;
          if (!claims) return send(res, 401, { 'content-type': 'application/json' }, JSON.stringify({ message: 'Unauthorized' }));
        }
        const params = Object.fromEntries(r.names.map((n, i) => [n, decodeURIComponent(m[i + 1])]));
        const event = toEvent(req, url, body, `${r.method} ${r.path}`, params, claims);
        const handler = await load(r.handler);
        const out = (await handler(event, lambdaContext(r.handler))) as APIGatewayProxyStructuredResultV2;
        const payload = out.isBase64Encoded ? Buffer.from(out.body ?? '', 'base64') : (out.body ?? '');
        return send(res, out.statusCode ?? 200, (out.headers ?? {}) as Record<string, string>, payload);
      }
      if (method === 'GET' || method === 'HEAD') {
        const file = await staticFile(opts.webDir, url.pathname);
        if (file) return send(res, 200, { 'content-type': STATIC_TYPES[extname(file.path)] ?? 'application/octet-stream' }, file.data);
      }
      send(res, 404, { 'content-type': 'application/json' }, JSON.stringify({ message: 'Not Found' }));
    } catch {
      send(res, 500, { 'content-type': 'application/json' }, JSON.stringify({ message: 'Internal Server Error' }));
    }
  });
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer) {
  res.writeHead(status, { 'access-control-allow-origin': '*', ...headers });
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

function toEvent(req: IncomingMessage, url: URL, body: Buffer, routeKey: string, pathParameters: Record<string, string>, claims?: Record<string, string>): ApiEvent {
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
      accountId: 'local', apiId: 'local', domainName: headers.host ?? 'localhost', domainPrefix: 'localhost',
      http: { method: req.method ?? 'GET', path: url.pathname, protocol: 'HTTP/1.1', sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
      requestId: randomUUID(), routeKey, stage: '$default', time: new Date(now).toISOString(), timeEpoch: now,
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: claims ?? {}, scopes: [] } },
    },
    body: body.length ? (text ? body.toString('utf8') : body.toString('base64')) : undefined,
    isBase64Encoded: body.length > 0 && !text,
  } as ApiEvent;
}

function lambdaContext(name: string): Context {
  const deadline = Date.now() + 10_000;
  return {
    callbackWaitsForEmptyEventLoop: false, functionName: `local-${name}`, functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:local-${name}`, memoryLimitInMB: '512',
    awsRequestId: randomUUID(), logGroupName: `/local/${name}`, logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined, fail: () => undefined, succeed: () => undefined,
  };
}

async function staticFile(root: string, pathname: string) {
  const rel = normalize(decodeURIComponent(pathname === '/' ? '/index.html' : pathname)).replace(/^([/\\])+/, '');
  if (rel.startsWith('..')) return undefined;
  const path = join(root, rel);
  try {
    return { path, data: await readFile(path) };
  } catch {
    return undefined;
  }
}
