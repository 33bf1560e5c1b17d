import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AwsClientOptions } from '../../functions/adapters/aws/signed-fetch.js';

/**
 * A local stand-in for an AWS endpoint, for the adapters that call AWS with signed `fetch`
 * (functions/adapters/aws/signed-fetch.ts): it records each request, checks its Signature
 * V4 with an implementation of its own (so a request signed for another path, body, host
 * or key fails here as it would at AWS), and answers with what the test scripted.
 */

export const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'session-token' };
export const REGION = 'cn-north-1';

export interface Received {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** `X-Amz-Target` (JSON protocols). */
  readonly target: string | undefined;
  /** The body as JSON, or undefined. */
  readonly json: any;
  /** `undefined` when the signature is valid, else what is wrong with it. */
  readonly signatureProblem: string | undefined;
  /** Access key, date, region, service of the credential scope. */
  readonly scope: { accessKeyId: string; region: string; service: string } | undefined;
}

export interface Answer {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer | object;
  /** Never answer (the client's timeout must give up). */
  readonly hang?: boolean;
}

export interface AwsServer {
  readonly requests: Received[];
  /** Client options that send to this server with the test credentials. */
  readonly aws: AwsClientOptions;
  /** Answers for the next requests, in order; once used up, `fallback` answers. */
  answer(...answers: Answer[]): void;
  close(): Promise<void>;
}

/** Starts a server for `service` (the signing name); `fallback` answers whatever was not scripted with `answer`. */
export async function awsServer(service: string, fallback: (req: Received) => Answer = () => ({ body: {} })): Promise<AwsServer> {
  const requests: Received[] = [];
  const queue: Answer[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const path = req.url ?? '/';
      let json: unknown;
      try {
        json = JSON.parse(body.toString('utf8'));
      } catch {}
      const received: Received = {
        method: req.method ?? '',
        path,
        headers: req.headers,
        body,
        target: header(req.headers, 'x-amz-target'),
        json,
        signatureProblem: checkSignature(req.method ?? '', path, req.headers, body, service),
        scope: scopeOf(req.headers),
      };
      requests.push(received);
      const a = queue.shift() ?? fallback(received);
      if (a.hang) return;
      const text = a.body === undefined || typeof a.body === 'string' || Buffer.isBuffer(a.body) ? a.body : JSON.stringify(a.body);
      res.writeHead(a.status ?? 200, { 'x-amzn-requestid': `req-${requests.length}`, ...a.headers });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    requests,
    aws: { endpoint: `http://127.0.0.1:${port}`, region: REGION, credentials: CREDENTIALS, backoffMs: 1, timeoutMs: 1000 },
    answer: (...answers) => void queue.push(...answers),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An AWS JSON error answer (Step Functions, SQS): `__type` with the service's namespace, as AWS sends it. */
export const jsonError = (status: number, code: string, message = code): Answer => ({
  status,
  headers: { 'content-type': 'application/x-amz-json-1.0' },
  body: { __type: `com.amazonaws.service#${code}`, message },
});

/** An AWS XML error answer: query protocol (SNS) with `<ErrorResponse>`, REST (S3) with a bare `<Error>`. */
export const xmlError = (status: number, code: string, message: string, { query = false } = {}): Answer => {
  const error = `<Error>${query ? '<Type>Sender</Type>' : ''}<Code>${code}</Code><Message>${message}</Message></Error>`;
  return {
    status,
    headers: { 'content-type': 'text/xml' },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n${query ? `<ErrorResponse>${error}<RequestId>r-1</RequestId></ErrorResponse>` : error}`,
  };
};

const header = (headers: IncomingHttpHeaders, name: string) => {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : v;
};

const AUTH = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/;

function scopeOf(headers: IncomingHttpHeaders) {
  const m = AUTH.exec(header(headers, 'authorization') ?? '');
  return m ? { accessKeyId: m[1]!, region: m[3]!, service: m[4]! } : undefined;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/**
 * Signature V4 as AWS checks it (docs.aws.amazon.com, "Create a signed AWS API request").
 * The paths in these tests hold only unreserved characters, so the canonical URI is the
 * path as received, for S3 and the others alike; there is no query string.
 */
function checkSignature(method: string, path: string, headers: IncomingHttpHeaders, body: Buffer, service: string): string | undefined {
  const m = AUTH.exec(header(headers, 'authorization') ?? '');
  if (!m) return `Authorization header is not SigV4: ${header(headers, 'authorization')}`;
  const [, accessKeyId, day, region, scopeService, signedHeaders, signature] = m;
  if (accessKeyId !== CREDENTIALS.accessKeyId) return `access key ${accessKeyId}`;
  if (region !== REGION || scopeService !== service) return `scope ${region}/${scopeService}`;
  const date = header(headers, 'x-amz-date') ?? '';
  if (!date.startsWith(day!)) return `x-amz-date ${date} is not of ${day}`;
  const names = signedHeaders!.split(';');
  for (const required of ['host', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256'])
    if (!names.includes(required)) return `${required} is not signed`;
  const payloadHash = header(headers, 'x-amz-content-sha256');
  if (payloadHash !== sha256(body)) return 'x-amz-content-sha256 is not the hash of the body received';
  const canonical = [
    method,
    path,
    '',
    ...names.map((n) => `${n}:${(header(headers, n) ?? '').trim().replace(/\s+/g, ' ')}`),
    '',
    signedHeaders,
    payloadHash,
  ].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', date, scope, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${CREDENTIALS.secretAccessKey}`, day!), region!), service), 'aws4_request');
  return createHmac('sha256', key).update(toSign).digest('hex') === signature ? undefined : 'signature does not match';
}
