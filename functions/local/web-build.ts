import { existsSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * `npm start` builds the web app (web/ → web/dist, with Vite's JS API) when web/dist is
 * missing or older than its sources; otherwise it serves what is there. The build goes to
 * a folder of its own and replaces web/dist in one rename, so a stack already serving
 * web/dist (another `npm start`, a test run) never sees half a build.
 */
export const WEB_DIR = resolve('web');
export const DIST_DIR = join(WEB_DIR, 'dist');
const STAMP = '.built';

/** Newest modification time (ms) among the app's sources: web/src, the build plugins (web/build), the pages, the config files. */
function newestSource(): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const dir of ['src', 'build']) if (existsSync(join(WEB_DIR, dir))) walk(join(WEB_DIR, dir));
  const pages = readdirSync(WEB_DIR).filter((f) => f.endsWith('.html'));
  for (const f of [...pages, 'vite.config.ts', 'tsconfig.json', '../package-lock.json']) {
    const p = join(WEB_DIR, f);
    if (existsSync(p)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** True when web/dist is missing or older than a source file. */
export function webBuildNeeded(): boolean {
  const stamp = join(DIST_DIR, STAMP);
  return !existsSync(stamp) || statSync(stamp).mtimeMs < newestSource();
}

/** Builds web/dist if needed; returns whether it built. */
export async function buildWebIfNeeded(log: (line: string) => void = () => undefined): Promise<boolean> {
  if (!webBuildNeeded()) return false;
  const started = Date.now();
  const { build } = await import('vite');
  const tmp = join(WEB_DIR, `.dist-${process.pid}-${started}`);
  // Vite keeps a NODE_ENV it finds (vitest sets `test`), and Vue then ships its development build: always build for production.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: join(WEB_DIR, 'vite.config.ts'), logLevel: 'warn', mode: 'production', build: { outDir: tmp, emptyOutDir: true } });
    writeFileSync(join(tmp, STAMP), new Date().toISOString());
    const old = join(WEB_DIR, `.dist-old-${process.pid}-${started}`);
    if (existsSync(DIST_DIR)) renameSync(DIST_DIR, old);
    renameSync(tmp, DIST_DIR);
    rmSync(old, { recursive: true, force: true });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
    rmSync(tmp, { recursive: true, force: true });
  }
  log(`Built the web app into web/dist in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}
