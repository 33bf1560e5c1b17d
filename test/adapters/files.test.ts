import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkFileKey } from '../../functions/adapters/files/keys.js';
import { LocalFileStore } from '../../functions/adapters/files/local-files.js';
import { S3FileStore } from '../../functions/adapters/files/s3-files.js';
import { DomainError } from '../../functions/core/errors.js';
import { type AwsServer, awsServer, CREDENTIALS, xmlError } from './aws-server.js';

const BUCKET = 'haochaping-evidence';
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]);
const BAD_KEYS = [
  '../outside.txt',
  'reviews/../../etc/passwd',
  '/etc/passwd',
  'reviews//x.jpg',
  'reviews/./x.jpg',
  '.hidden',
  'a\\..\\b',
  'reviews/证据.jpg',
  '',
  'x'.repeat(513),
];

describe('file keys', () => {
  it('accepts plain segment paths', () => {
    for (const key of ['reviews/R-1/evidence-1.jpg', 'R_1.v2.pdf', 'a/b/c']) expect(checkFileKey(key)).toBe(key);
  });

  it('refuses traversal, absolute paths, empty or hidden segments and other characters, with a validation error', () => {
    for (const key of BAD_KEYS) expect(() => checkFileKey(key), JSON.stringify(key)).toThrow(DomainError);
    try {
      checkFileKey('../x');
    } catch (err) {
      expect(err).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ field: 'key', rule: 'fileKey' }] });
    }
  });
});

describe('S3FileStore', () => {
  // A local S3 endpoint (REST, path-style) that checks each request's signature and payload hash.
  let s3: AwsServer;
  const store = () => new S3FileStore({ bucket: BUCKET, aws: s3.aws });

  beforeAll(async () => {
    s3 = await awsServer('s3');
  });
  afterAll(() => s3.close());
  beforeEach(() => {
    s3.requests.length = 0;
  });

  it('puts the bytes with their content type and leaves encryption to the bucket default', async () => {
    s3.answer({ headers: { etag: '"x"' } });

    await store().put('reviews/R-1/evidence-1.jpg', JPEG, 'image/jpeg');

    expect(s3.requests).toHaveLength(1);
    const put = s3.requests[0]!;
    expect(put.signatureProblem).toBeUndefined();
    expect([put.method, put.path, put.headers['content-type']]).toEqual(['PUT', `/${BUCKET}/reviews/R-1/evidence-1.jpg`, 'image/jpeg']);
    expect(put.body).toEqual(JPEG);
    expect(put.headers['x-amz-content-sha256']).toBe(createHash('sha256').update(JPEG).digest('hex'));
    expect(Object.keys(put.headers).filter((h) => h.startsWith('x-amz-server-side-encryption'))).toEqual([]);
  });

  it('gets the bytes and content type back', async () => {
    s3.answer({ headers: { 'content-type': 'image/jpeg' }, body: JPEG });

    const file = await store().get('reviews/R-1/evidence-1.jpg');

    expect(file).toEqual({ data: JPEG, contentType: 'image/jpeg' });
    expect(s3.requests.map((r) => [r.method, r.path, r.signatureProblem])).toEqual([['GET', `/${BUCKET}/reviews/R-1/evidence-1.jpg`, undefined]]);
  });

  it('reads a missing object as undefined and passes other errors on', async () => {
    s3.answer(xmlError(404, 'NoSuchKey', 'The specified key does not exist.'), xmlError(403, 'AccessDenied', 'Access Denied'));

    await expect(store().get('missing.jpg')).resolves.toBeUndefined();
    await expect(store().get('denied.jpg')).rejects.toThrow('Access Denied');
    expect(s3.requests.map((r) => r.path)).toEqual([`/${BUCKET}/missing.jpg`, `/${BUCKET}/denied.jpg`]);
  });

  it('does not read a missing bucket as a missing file', async () => {
    s3.answer(xmlError(404, 'NoSuchBucket', 'The specified bucket does not exist'));

    await expect(store().get('reviews/R-1/evidence-1.jpg')).rejects.toMatchObject({ name: 'NoSuchBucket' });
  });

  it('retries S3 slowing down, then puts', async () => {
    s3.answer(xmlError(503, 'SlowDown', 'Please reduce your request rate.'), {});

    await store().put('reviews/R-1/evidence-1.jpg', JPEG, 'image/jpeg');

    expect(s3.requests.map((r) => [r.method, r.signatureProblem])).toEqual([
      ['PUT', undefined],
      ['PUT', undefined],
    ]);
  });

  it('refuses a traversal key before calling S3', async () => {
    await expect(store().put('../x.jpg', JPEG, 'image/jpeg')).rejects.toThrow(DomainError);
    await expect(store().get('../x.jpg')).rejects.toThrow(DomainError);
    expect(s3.requests).toEqual([]);
  });

  it('addresses the bucket virtual-hosted style on AWS, in the China partition', async () => {
    const urls: string[] = [];
    const fetch = (async (url: URL) => {
      urls.push(String(url));
      return new Response(null, { status: 200 });
    }) as unknown as typeof globalThis.fetch;

    await new S3FileStore({ bucket: BUCKET, aws: { region: 'cn-northwest-1', credentials: CREDENTIALS, fetch } }).put('a/b.pdf', JPEG, 'application/pdf');

    expect(urls).toEqual([`https://${BUCKET}.s3.cn-northwest-1.amazonaws.com.cn/a/b.pdf`]);
  });
});

describe('LocalFileStore', () => {
  const root = mkdtempSync(join(tmpdir(), 'hcp-files-'));
  const folder = join(root, 'evidence');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('round-trips bytes and content type through the folder', async () => {
    const store = new LocalFileStore(folder);

    await store.put('reviews/R-1/evidence-1.jpg', JPEG, 'image/jpeg');
    await store.put('reviews/R-1/evidence-1.jpg', Buffer.from('v2'), 'text/plain');

    expect(await new LocalFileStore(folder).get('reviews/R-1/evidence-1.jpg')).toEqual({ data: Buffer.from('v2'), contentType: 'text/plain' });
    expect(readdirSync(join(folder, 'objects', 'reviews', 'R-1'))).toEqual(['evidence-1.jpg']);
  });

  it('reads a missing file as undefined', async () => {
    expect(await new LocalFileStore(folder).get('reviews/none.jpg')).toBeUndefined();
  });

  it('refuses keys that would leave the folder, and writes nothing', async () => {
    const store = new LocalFileStore(folder);

    for (const key of BAD_KEYS) {
      await expect(store.put(key, JPEG, 'image/jpeg'), JSON.stringify(key)).rejects.toThrow(DomainError);
      await expect(store.get(key), JSON.stringify(key)).rejects.toThrow(DomainError);
    }
    expect(existsSync(join(root, 'outside.txt'))).toBe(false);
    expect(readdirSync(root)).toEqual(['evidence']);
  });
});
