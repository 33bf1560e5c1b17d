import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { buildWebIfNeeded, DIST_DIR } from '../../functions/local/web-build.js';

/**
 * The rating page's first load (issue 10: ≤ 150 KB compressed JavaScript and CSS on a
 * low-end phone): builds web/dist when needed, then follows what rate.html loads before
 * any navigation — its entry script, module preloads and style sheets, and the chunks the
 * entry imports statically — and prints raw, gzip (level 9) and brotli (quality 11) sizes.
 * Lazily loaded pages are listed apart; the workbench, pad and disclosure pages' first loads in total.
 */
const LIMIT = 150 * 1024;

export function firstLoad(page: string) {
  const html = readFileSync(join(DIST_DIR, page), 'utf8');
  const refs = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="(?:stylesheet|modulepreload)"[^>]*\shref)="(\/assets\/[^"]+\.(?:js|css))"/g)].map(
    (m) => m[1]!,
  );
  const files = new Set<string>();
  const visit = (ref: string) => {
    if (files.has(ref)) return;
    files.add(ref);
    if (!ref.endsWith('.js')) return;
    // Static imports (`import … from "./x.js"` / `import "./x.js"`) are part of the first load; `import("./x.js")` is not.
    const code = readFileSync(join(DIST_DIR, ref), 'utf8');
    for (const m of code.matchAll(/(?:^|[;\s}])(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["'](\.\/[^"']+\.js)["']/g)) visit(`/assets/${m[1]!.slice(2)}`);
  };
  refs.forEach(visit);
  return [...files].map((f) => {
    const data = readFileSync(join(DIST_DIR, f));
    return {
      file: f,
      raw: data.length,
      gzip: gzipSync(data, { level: 9 }).length,
      brotli: brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
  });
}

export async function benchWeb() {
  await buildWebIfNeeded((l) => console.log(l));
  const kib = (n: number) => (n / 1024).toFixed(1).padStart(7);
  console.log('\nWeb app: what rate.html loads first (KiB)');
  console.log(`  ${'file'.padEnd(44)} ${'raw'.padStart(7)} ${'gzip'.padStart(7)} ${'brotli'.padStart(7)}`);
  const rows = firstLoad('rate.html');
  for (const r of rows) console.log(`  ${r.file.padEnd(44)} ${kib(r.raw)} ${kib(r.gzip)} ${kib(r.brotli)}`);
  const sum = (k: 'raw' | 'gzip' | 'brotli') => rows.reduce((s, r) => s + r[k], 0);
  console.log(
    `  ${'total'.padEnd(44)} ${kib(sum('raw'))} ${kib(sum('gzip'))} ${kib(sum('brotli'))}   (budget ${LIMIT / 1024} KiB compressed: ${sum('gzip') <= LIMIT ? 'within' : 'OVER'})`,
  );
  // The other pages' first loads, in total (the workbench's areas, the dashboard with ECharts among them, load lazily after).
  console.log('\nWeb app: first load of the other pages (KiB, JavaScript and CSS)');
  for (const page of ['index.html', 'pad.html', 'open.html']) {
    const all = firstLoad(page);
    const total = (k: 'raw' | 'gzip' | 'brotli') => all.reduce((s, r) => s + r[k], 0);
    console.log(`  ${page.padEnd(44)} ${kib(total('raw'))} ${kib(total('gzip'))} ${kib(total('brotli'))}   (${all.length} files)`);
  }
}

if (process.argv[1]?.endsWith('web.ts')) await benchWeb();
