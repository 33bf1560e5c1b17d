import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { FileStore } from '../../ports/notifier.js';
import { checkFileKey } from './keys.js';

/**
 * Evidence files in a local folder (the local stack's stand-in for S3):
 * `{root}/objects/{key}` holds the bytes, `{root}/meta/{key}.json` the content type.
 * Keys are checked (no `..`, no absolute paths, see checkFileKey) and the resolved path
 * must still lie inside the folder. Writes go to a temporary file first and are renamed
 * into place, so a reader never sees half a file.
 */
export class LocalFileStore implements FileStore {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  async put(key: string, data: Buffer, contentType: string): Promise<void> {
    const { object, meta } = this.paths(key);
    await writeAtomically(object, data);
    await writeAtomically(meta, Buffer.from(JSON.stringify({ contentType }), 'utf8'));
  }

  async get(key: string): Promise<{ data: Buffer; contentType: string } | undefined> {
    const { object, meta } = this.paths(key);
    try {
      const [data, metaText] = await Promise.all([readFile(object), readFile(meta, 'utf8')]);
      return { data, contentType: (JSON.parse(metaText) as { contentType: string }).contentType };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  private paths(key: string) {
    checkFileKey(key);
    return { object: this.inside('objects', key), meta: this.inside('meta', `${key}.json`) };
  }

  /** Defence in depth: whatever the key rule says, the path must stay under the folder. */
  private inside(area: string, key: string): string {
    const base = join(this.root, area);
    const path = resolve(base, key);
    const rel = relative(base, path);
    if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || resolve(base, rel) !== path) throw new Error('File key resolves outside the folder');
    return path;
  }
}

async function writeAtomically(path: string, data: Buffer): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${randomUUID()}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}
