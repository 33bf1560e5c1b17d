import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';

/**
 * A small AWS API client: requests signed with Signature V4 (`@smithy/signature-v4` and the
 * default credential chain, both already in every bundle for the DynamoDB client) and sent
 * with `fetch`. The adapters for Step Functions, SNS, SQS and S3 use it instead of the
 * generated SDK clients, which cost 30–150 KiB per bundle each (README, "Lean functions").
 * What the SDK did for us and this does too: retries of throttling, 5xx, timeouts and
 * network errors (with jittered backoff), a timeout per attempt, and errors named by their
 * AWS code (`err.name === 'ExecutionAlreadyExists'`).
 */

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}

export interface AwsClientOptions {
  /** Default `AWS_REGION` (Lambda sets it), then `AWS_DEFAULT_REGION`. */
  readonly region?: string;
  /** Default: the SDK's default chain (in Lambda: the function role's keys in the environment). */
  readonly credentials?: AwsCredentials | (() => Promise<AwsCredentials>);
  /** Default `https://{service}.{region}.amazonaws.com` (`.com.cn` in China); tests point it at a local server. */
  readonly endpoint?: string;
  /** Attempts in all, default 3 (the SDK's standard retry mode). */
  readonly attempts?: number;
  /** Per attempt, default 5 s. */
  readonly timeoutMs?: number;
  /** Base of the exponential backoff with full jitter, default 100 ms. */
  readonly backoffMs?: number;
  readonly fetch?: typeof fetch;
}

export interface AwsRequest {
  readonly method: 'GET' | 'POST' | 'PUT';
  /** URI-encoded, from `/`. */
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Uint8Array;
  /** Put before the default endpoint's host name (S3 virtual-hosted style: `bucket.`); not used with an `endpoint` override. */
  readonly hostPrefix?: string;
}

export interface AwsResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Uint8Array;
}

/** An error answer from AWS: `name` is the AWS error code, so callers test `err.name` as with the SDK. */
export class AwsError extends Error {
  constructor(
    name: string,
    message: string,
    readonly status: number,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = name;
  }
}

/** Throttling and request-timeout codes: worth another attempt, like any 5xx. */
const TRANSIENT = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'SlowDown',
  'RequestTimeout',
  'RequestTimeoutException',
]);

const isRetryable = (err: unknown) =>
  err instanceof AwsError
    ? err.status >= 500 || err.status === 429 || TRANSIENT.has(err.name)
    : // fetch's network failure (`TypeError: fetch failed`) and the per-attempt timeout.
      err instanceof TypeError || (err instanceof Error && err.name === 'TimeoutError');

/** `https://{service}.{region}.amazonaws.com`, or `.amazonaws.com.cn` in the China regions. */
export const defaultEndpoint = (service: string, region: string) => `https://${service}.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;

/** One credential chain per bundle, shared by every client that was given none (it caches and refreshes). */
let defaultCredentials: (() => Promise<AwsCredentials>) | undefined;

export class AwsClient {
  /** Made on first use, so that building an adapter reads no environment and no credentials. */
  private signing?: { signer: SignatureV4; endpoint: string };

  /** `service` is the signing name and the endpoint prefix (`states`, `sns`, `sqs`, `s3`); S3 signs the path as sent (`uriEscapePath: false`). */
  constructor(
    private readonly service: string,
    private readonly options: AwsClientOptions = {},
  ) {}

  /** Signs and sends one request, retrying what is transient; a non-2xx answer throws an `AwsError`. */
  async send(request: AwsRequest): Promise<AwsResponse> {
    const attempts = this.options.attempts ?? 3;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(request);
      } catch (err) {
        if (attempt >= attempts || !isRetryable(err)) throw err;
        const backoff = (this.options.backoffMs ?? 100) * 2 ** (attempt - 1);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * backoff));
      }
    }
  }

  /** AWS JSON 1.0 (Step Functions, SQS): `POST /` with `X-Amz-Target: {target}`; the answer's JSON. */
  async json<T>(target: string, input: object): Promise<T> {
    const res = await this.send({
      method: 'POST',
      path: '/',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target },
      body: JSON.stringify(input),
    });
    const text = new TextDecoder().decode(res.body);
    return (text ? JSON.parse(text) : {}) as T;
  }

  private async attempt({ method, path, headers = {}, body, hostPrefix }: AwsRequest): Promise<AwsResponse> {
    const { signer, endpoint } = this.signingSetup();
    const url = new URL(endpoint);
    if (hostPrefix && !this.options.endpoint) url.hostname = hostPrefix + url.hostname;
    url.pathname = url.pathname.replace(/\/$/, '') + path;
    const signed = await signer.sign({
      method,
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname,
      query: {},
      headers: { ...headers, host: url.host },
      body,
    });
    // fetch sets Host itself, from the same URL.
    const { host: _host, ...sent } = signed.headers;
    const res = await (this.options.fetch ?? fetch)(url, {
      method,
      headers: sent,
      ...(body === undefined ? {} : { body }),
      // As the SDK: a redirect (S3 in another region) is an error, not a re-send the signature does not cover.
      redirect: 'manual',
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
    });
    const out = { status: res.status, headers: res.headers, body: new Uint8Array(await res.arrayBuffer()) };
    if (res.status >= 300) throw awsError(out);
    return out;
  }

  private signingSetup(): { signer: SignatureV4; endpoint: string } {
    if (this.signing) return this.signing;
    const region = this.options.region || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION;
    if (!region) throw new Error(`No AWS region for ${this.service}: set AWS_REGION`);
    const signer = new SignatureV4({
      service: this.service,
      region,
      credentials: this.options.credentials ?? (defaultCredentials ??= defaultProvider()),
      sha256: Sha256,
      uriEscapePath: this.service !== 's3',
    });
    this.signing = { signer, endpoint: this.options.endpoint ?? defaultEndpoint(this.service, region) };
    return this.signing;
  }
}

/**
 * The error code from what every protocol answers: the `x-amzn-ErrorType` header or `__type`
 * in JSON (`com.amazonaws.swf.service.model#ExecutionAlreadyExists` → the part after `#`),
 * `<Code>` in XML (query protocol, S3). The message is AWS's own, never the request.
 */
function awsError({ status, headers, body }: AwsResponse): AwsError {
  const text = new TextDecoder().decode(body);
  let json: { __type?: string; code?: string; message?: string; Message?: string } = {};
  if (text.startsWith('{')) {
    try {
      json = JSON.parse(text);
    } catch {}
  }
  const code = headers.get('x-amzn-errortype') ?? json.__type ?? json.code ?? xmlText(text, 'Code');
  const name = code?.split(':')[0]?.split('#').pop() || (status === 404 ? 'NotFound' : `Http${status}`);
  const message = json.message ?? json.Message ?? xmlText(text, 'Message') ?? `${name} (HTTP ${status})`;
  return new AwsError(name, message, status, headers.get('x-amzn-requestid') ?? headers.get('x-amz-request-id') ?? xmlText(text, 'RequestId'));
}

/** The text of the first `<tag>` in an AWS XML answer; AWS's XML has no attributes or CDATA in these elements. */
export function xmlText(xml: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml);
  return m?.[1]?.replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e] ?? '');
}

/** SHA-256 and HMAC-SHA-256 for the signer, from node:crypto. */
class Sha256 {
  private readonly hash: Hash | Hmac;

  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }

  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(bytes(data));
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

const bytes = (data: string | ArrayBuffer | ArrayBufferView): string | Uint8Array =>
  typeof data === 'string' ? data : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
