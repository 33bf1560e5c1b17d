import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { FileStore } from '../../ports/notifier.js';
import { checkFileKey } from './keys.js';

export interface S3FileStoreProps {
  readonly client: S3Client;
  /** The evidence bucket (`EVIDENCE_BUCKET`). */
  readonly bucket: string;
}

/**
 * Evidence files (整改材料) in S3. Encryption is the bucket's default (SSE-KMS with the
 * bucket's own key), so requests name no key; the bucket policy refuses plain HTTP.
 * A missing object reads as `undefined` — which needs `s3:ListBucket` on the bucket,
 * otherwise S3 answers 403 instead of 404.
 */
export class S3FileStore implements FileStore {
  constructor(private readonly props: S3FileStoreProps) {}

  async put(key: string, data: Buffer, contentType: string): Promise<void> {
    await this.props.client.send(
      new PutObjectCommand({ Bucket: this.props.bucket, Key: checkFileKey(key), Body: data, ContentType: contentType, ContentLength: data.length }),
    );
  }

  async get(key: string): Promise<{ data: Buffer; contentType: string } | undefined> {
    try {
      const out = await this.props.client.send(new GetObjectCommand({ Bucket: this.props.bucket, Key: checkFileKey(key) }));
      if (!out.Body) return undefined;
      return { data: Buffer.from(await out.Body.transformToByteArray()), contentType: out.ContentType ?? 'application/octet-stream' };
    } catch (err) {
      // By name as well: a second copy of the SDK in a bundle has its own NoSuchKey class.
      if (err instanceof NoSuchKey || (err instanceof Error && err.name === 'NoSuchKey')) return undefined;
      throw err;
    }
  }
}
