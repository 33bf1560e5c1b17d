import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { checkFileKey } from '../../functions/adapters/files/keys.js';
import { LocalFileStore } from '../../functions/adapters/files/local-files.js';
import { S3FileStore } from '../../functions/adapters/files/s3-files.js';
import { DomainError } from '../../functions/core/errors.js';

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
  const s3 = mockClient(S3Client);
  const store = () => new S3FileStore({ client: new S3Client({ region: 'cn-north-1' }), bucket: BUCKET });

  beforeEach(() => {
    s3.reset();
  });

  it('puts the bytes with their content type and leaves encryption to the bucket default', async () => {
    s3.on(PutObjectCommand).resolves({});

    await store().put('reviews/R-1/evidence-1.jpg', JPEG, 'image/jpeg');

    expect(s3).toHaveReceivedCommandExactlyOnceWith(PutObjectCommand, {
      Bucket: BUCKET,
      Key: 'reviews/R-1/evidence-1.jpg',
      Body: JPEG,
      ContentType: 'image/jpeg',
    });
    const input = s3.commandCalls(PutObjectCommand)[0]!.args[0].input;
    expect(input.ServerSideEncryption).toBeUndefined();
    expect(input.SSEKMSKeyId).toBeUndefined();
  });

  it('gets the bytes and content type back', async () => {
    s3.on(GetObjectCommand, { Bucket: BUCKET, Key: 'reviews/R-1/evidence-1.jpg' }).resolves({
      // The SDK's stream body as the adapter uses it.
      Body: { transformToByteArray: async () => new Uint8Array(JPEG) } as never,
      ContentType: 'image/jpeg',
    });

    const file = await store().get('reviews/R-1/evidence-1.jpg');

    expect(file).toEqual({ data: JPEG, contentType: 'image/jpeg' });
  });

  it('reads a missing object as undefined and passes other errors on', async () => {
    s3.on(GetObjectCommand, { Key: 'missing.jpg' }).rejects(new NoSuchKey({ message: 'gone', $metadata: {} }));
    s3.on(GetObjectCommand, { Key: 'denied.jpg' }).rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }));

    await expect(store().get('missing.jpg')).resolves.toBeUndefined();
    await expect(store().get('denied.jpg')).rejects.toThrow('Access Denied');
  });

  it('refuses a traversal key before calling S3', async () => {
    await expect(store().put('../x.jpg', JPEG, 'image/jpeg')).rejects.toThrow(DomainError);
    await expect(store().get('../x.jpg')).rejects.toThrow(DomainError);
    expect(s3).not.toHaveReceivedAnyCommand();
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
