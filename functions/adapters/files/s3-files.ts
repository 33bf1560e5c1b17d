import type { FileStore } from '../../ports/notifier.js';
import { AwsClient, type AwsClientOptions } from '../aws/signed-fetch.js';
import { checkFileKey } from './keys.js';

export interface S3FileStoreProps {
  /** The evidence bucket (`EVIDENCE_BUCKET`). */
  readonly bucket: string;
  /** Region, credentials, endpoint…: the defaults are right in Lambda. With an `endpoint`, requests are path-style. */
  readonly aws?: AwsClientOptions;
}

/**
 * Evidence files (整改材料) in S3, over its REST API: `PUT` and `GET` of
 * `https://{bucket}.s3.{region}.amazonaws.com[.cn]/{key}`, the body's SHA-256 signed with
 * the request (S3 checks it). Encryption is the bucket's default (SSE-KMS with the
 * bucket's own key), so requests name no key; the bucket policy refuses plain HTTP.
 * A missing object reads as `undefined` — which needs `s3:ListBucket` on the bucket,
 * otherwise S3 answers 403 instead of 404.
 */
export class S3FileStore implements FileStore {
  private readonly client: AwsClient;

  constructor(private readonly props: S3FileStoreProps) {
    this.client = new AwsClient('s3', props.aws);
  }

  async put(key: string, data: Buffer, contentType: string): Promise<void> {
    await this.client.send({ method: 'PUT', ...this.object(key), headers: { 'content-type': contentType }, body: data });
  }

  async get(key: string): Promise<{ data: Buffer; contentType: string } | undefined> {
    try {
      const out = await this.client.send({ method: 'GET', ...this.object(key) });
      return { data: Buffer.from(out.body), contentType: out.headers.get('content-type') ?? 'application/octet-stream' };
    } catch (err) {
      if (err instanceof Error && err.name === 'NoSuchKey') return undefined;
      throw err;
    }
  }

  /** Virtual-hosted style on AWS, path-style against an `endpoint` override; a checked key needs no URI encoding. */
  private object(key: string): { path: string; hostPrefix: string } {
    const path = `${this.props.aws?.endpoint ? `/${this.props.bucket}` : ''}/${checkFileKey(key)}`;
    return { path, hostPrefix: `${this.props.bucket}.` };
  }
}
