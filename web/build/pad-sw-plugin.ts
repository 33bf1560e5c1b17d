import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Plugin, transformWithOxc } from 'vite';

/**
 * Builds the hall pad's service worker (web/src/pad/sw.ts) into `/pad-sw.js` at the site
 * root, next to pad.html, with the list of what the pad page loads: the files pad.html
 * references (its entry chunk, CSS, icon) and every chunk that entry imports, statically or
 * lazily. The cache version is a hash of that list (the names carry content hashes), of
 * pad.html and of the worker itself, so each build that changes any of them gets a fresh cache.
 */
export const PAD_SW_FILE = 'pad-sw.js';
const SOURCE = resolve(dirname(fileURLToPath(import.meta.url)), '../src/pad/sw.ts');

interface ChunkLike {
  type: 'chunk';
  fileName: string;
  isEntry: boolean;
  name: string;
  imports: string[];
  dynamicImports: string[];
  viteMetadata?: { importedCss: Set<string>; importedAssets: Set<string> };
}
interface AssetLike {
  type: 'asset';
  fileName: string;
  source: string | Uint8Array;
}
type BundleLike = Record<string, ChunkLike | AssetLike | { type: string; fileName: string }>;

/** The root-relative URLs the pad page needs, from the bundle Vite is about to write (sorted). */
export function padFiles(bundle: BundleLike, page = 'pad'): string[] {
  const html = bundle[`${page}.html`] as AssetLike | undefined;
  if (html?.type !== 'asset') throw new Error(`pad service worker: ${page}.html is not in the build`);
  const files = new Set<string>();
  for (const [, ref] of String(html.source).matchAll(/\b(?:src|href)="\/([^"?#]+)"/g)) if (ref && bundle[ref]) files.add(ref);
  const chunks = Object.values(bundle).filter((o): o is ChunkLike => o.type === 'chunk');
  const entry = chunks.find((c) => c.isEntry && c.name === page);
  if (!entry) throw new Error(`pad service worker: no entry chunk named ${page}`);
  const walk = (c: ChunkLike) => {
    files.add(c.fileName);
    for (const f of [...(c.viteMetadata?.importedCss ?? []), ...(c.viteMetadata?.importedAssets ?? [])]) files.add(f);
    for (const f of [...c.imports, ...c.dynamicImports]) {
      const next = bundle[f] as ChunkLike | undefined;
      if (next?.type === 'chunk' && !files.has(f)) walk(next);
    }
  };
  walk(entry);
  return [...files].sort().map((f) => `/${f}`);
}

/** The worker script: `PAD_SW` (version, precache list) followed by sw.ts without its types. */
export async function buildPadWorker(precache: string[], pageHtml: string, source = readFileSync(SOURCE, 'utf8')): Promise<string> {
  const { code } = await transformWithOxc(source, 'sw.ts', { lang: 'ts', sourcemap: false });
  const body = code.replace(/^export\s*\{\s*\};?\s*$/m, '');
  if (/^\s*(import|export)\b/m.test(body)) throw new Error('pad service worker: web/src/pad/sw.ts must not import or export anything');
  const version = createHash('sha256').update(JSON.stringify(precache)).update(pageHtml).update(body).digest('hex').slice(0, 12);
  return `const PAD_SW = ${JSON.stringify({ version, precache })};\n${body}`;
}

/** The Vite plugin: adds `pad-sw.js` to a build that has the pad page (and does nothing in the dev server). */
export function padServiceWorker(): Plugin {
  return {
    name: 'pad-service-worker',
    apply: 'build',
    enforce: 'post',
    async generateBundle(_options, bundle) {
      const b = bundle as unknown as BundleLike;
      if (!b['pad.html']) return;
      const precache = padFiles(b);
      const html = (b['pad.html'] as AssetLike).source;
      this.emitFile({ type: 'asset', fileName: PAD_SW_FILE, source: await buildPadWorker(precache, String(html)) });
    },
  };
}
