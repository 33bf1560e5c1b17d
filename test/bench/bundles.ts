/**
 * Bundle part of `npm run bench` (`npm run bench -- --bundles` runs only this): every Lambda
 * function built the way the CDK construct builds it, next to a bare handler (one DynamoDB
 * client, one `GetItem`) built the same way. Per function: bundle size and the time to
 * import the bundle (module-scope code included), each as a ratio to the bare handler —
 * the goal is ≤ 1.5× for both. Then what dominates the largest bundles (esbuild metafile).
 *
 * Import time: each bundle is imported in a fresh `node` child process with the
 * environment the stack gives that function (table, salt, region, the capabilities its
 * route `uses`, `NODE_OPTIONS=--enable-source-maps` and the source map next to it, as in
 * Lambda), timed inside the child from just before `import()` to just after; the median of
 * `BENCH_IMPORT_RUNS` (default 7; 0 = sizes only) rounds, functions interleaved in each
 * round so load on the machine hits all of them alike.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { routeList } from '../../functions/http/routes.js';

const ROOT = resolve(import.meta.dirname, '../..');
const HANDLERS = join(ROOT, 'functions/handlers');
const CONSTRUCT = join(ROOT, 'infra/constructs/lambda-function.ts');
const LIMIT = 1.5;

/** The bare handler the functions are compared with. */
const BARE = `import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
const client = new DynamoDBClient({});
export const handler = async (event: { id?: string }) =>
  client.send(new GetItemCommand({ TableName: process.env.TABLE_NAME, Key: { pk: { S: event.id ?? 'x' }, sk: { S: 'A' } } }));
`;

/**
 * The construct's esbuild settings (infra/constructs/lambda-function.ts → aws-lambda-nodejs):
 * target from the runtime, the `require` banner and `keepNames` read from the construct
 * itself so the two cannot drift; ESM, minify, platform node, main fields module/main,
 * UTF-8, source map without sources content, AWS SDK bundled (no externals).
 */
function constructSettings(): BuildOptions {
  const text = readFileSync(CONSTRUCT, 'utf8');
  const runtime = /Runtime\.NODEJS_(\d+)_X/.exec(text);
  const banner = /const ESM_REQUIRE_BANNER = (".*");/.exec(text);
  if (!runtime || !banner) throw new Error(`bench: cannot read the runtime or the banner from ${CONSTRUCT}; update test/bench/bundles.ts`);
  if (!/format: OutputFormat\.ESM/.test(text) || !/minify: true/.test(text))
    throw new Error('bench: the construct no longer builds minified ESM; update test/bench/bundles.ts');
  return {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${runtime[1]}`,
    minify: true,
    mainFields: ['module', 'main'],
    banner: { js: JSON.parse(banner[1] ?? '') as string },
    charset: 'utf8',
    sourcemap: true,
    sourcesContent: false,
    keepNames: /keepNames: true/.test(text),
    metafile: true,
    write: true,
    logLevel: 'silent',
    absWorkingDir: ROOT,
  };
}

/** Jobs and the workflow's task function (infra/constructs/jobs.ts, bad-review-workflow.ts): what they are bound to besides the table. */
const NON_ROUTE_USES: Record<string, readonly string[]> = {
  'default-ratings': [],
  'bad-review-reconciler': ['workflowStatus', 'workflowStart', 'notify'],
  'bad-review-reminders': ['workflowStatus', 'workflowStart', 'notify'],
  'bad-review-task': ['workflowCallback', 'notify'],
  'complaint-reconciler': ['complaintStatus', 'complaintStart', 'notify'],
  'complaint-reminders': ['notify'],
  'complaint-task': ['complaintCallback', 'notify', 'statusSync'],
  'exchange-job': [],
  'reports-job': ['files', 'notify'],
};

/**
 * The runtime ports behind `uses`: every `workflow…` (`complaint…`) capability is the one
 * engine of its state machine; `statusSync` is only settings (its sink is plain `fetch`).
 */
const portsOf = (uses: readonly string[]) =>
  [...new Set(uses.filter((u) => u !== 'statusSync').map((u) => (u.startsWith('workflow') || u.startsWith('complaint') ? 'workflow' : u)))].sort();

/** Environment as the stack sets it for a function (values are placeholders; nothing is called). */
function lambdaEnv(name: string, uses: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    AWS_REGION: 'cn-north-1',
    AWS_DEFAULT_REGION: 'cn-north-1',
    AWS_LAMBDA_FUNCTION_NAME: `bench-${name}`,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
    POWERTOOLS_SERVICE_NAME: 'haochaping',
    POWERTOOLS_METRICS_NAMESPACE: 'Haochaping',
    POWERTOOLS_LOG_LEVEL: 'INFO',
    NODE_OPTIONS: '--enable-source-maps',
    TABLE_NAME: 'bench-table',
    PERSON_KEY_SALT: 'bench-salt',
    PUBLIC_BASE_URL: 'https://bench.example',
    PUBLIC_API_URL: 'https://api.bench.example',
  };
  const ports = portsOf(uses);
  if (uses.some((u) => u.startsWith('workflow'))) env.STATE_MACHINE_ARN = 'arn:aws-cn:states:cn-north-1:000000000000:stateMachine:bench';
  if (uses.some((u) => u.startsWith('complaint'))) env.COMPLAINT_STATE_MACHINE_ARN = 'arn:aws-cn:states:cn-north-1:000000000000:stateMachine:bench-complaint';
  if (uses.includes('statusSync')) Object.assign(env, { STATUS_SYNC_URL: 'https://platform.bench.example/status', STATUS_SYNC_SECRET: 'bench-secret' });
  if (ports.includes('files')) env.EVIDENCE_BUCKET = 'bench-evidence';
  if (ports.includes('notify')) {
    env.ALERT_TOPIC_ARN = 'arn:aws-cn:sns:cn-north-1:000000000000:bench-alerts';
    env.SMS_DLQ_URL = 'https://sqs.cn-north-1.amazonaws.com.cn/000000000000/bench-sms-dlq';
    env.SMS_WEBHOOK_URL = 'https://sms.bench.example/send';
  }
  return env;
}

interface Fn {
  name: string;
  group: string;
  file: string;
  env: Record<string, string>;
  bytes: number;
  meta: Metafile;
  /** Per run: wall-clock and CPU (user + system) milliseconds of the import. */
  imports: { wall: number; cpu: number }[];
}

/** Which composition root a handler uses (`bad-review+workflow+notify` …): the groups of the README table. */
function groupOf(source: string): string {
  const ports = rootPorts(source);
  const kind = /from '\.\/(bad-review|complaint|calendar|report)-deps/.exec(source)?.[1];
  if (ports && kind) return [kind, ...ports].join('+');
  if (/from '\.\/indicator-deps\.js'/.test(source)) return 'indicators';
  if (/from '\.\/exchange-deps\.js'/.test(source)) return 'exchange';
  if (/from '\.\/pad-deps\.js'/.test(source)) return 'pad';
  if (/from '\.\/citizen-deps\.js'/.test(source)) return 'citizen';
  if (/from '\.\/deps\.js'/.test(source)) return 'foundation';
  return 'no table';
}

/**
 * The ports a bad-review or complaint handler's composition root builds, from its name
 * (`bad-review-deps-workflow-notify.js` → workflow, notify); `undefined` for other handlers.
 */
function rootPorts(source: string): string[] | undefined {
  // The calendar writes' root builds both workflow engines (calendar-deps.ts).
  if (/from '\.\/calendar-deps\.js'/.test(source)) return ['workflow'];
  const root = /from '\.\/(?:bad-review|complaint|report)-deps((?:-[a-z]+)*)\.js'/.exec(source);
  return root ? (root[1] ?? '').split('-').filter(Boolean).sort() : undefined;
}

/** `node_modules/@smithy/core/dist-es/x.js` → `@smithy/core`; `functions/core/x.ts` → `functions/core`. */
function packageOf(input: string): string {
  const at = input.lastIndexOf('node_modules/');
  if (at < 0) return input.split('/').slice(0, 2).join('/');
  const [first = '', second = ''] = input.slice(at + 'node_modules/'.length).split('/');
  return first.startsWith('@') ? `${first}/${second}` : first;
}

function byPackage(meta: Metafile): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const output of Object.values(meta.outputs))
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) sizes.set(packageOf(input), (sizes.get(packageOf(input)) ?? 0) + bytesInOutput);
  return sizes;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  if (s.length === 0) return Number.NaN;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const kib = (bytes: number) => (bytes / 1024).toFixed(0);

/**
 * Imports a built bundle in a fresh Node process: the wall-clock time of the import (the
 * figure) and the CPU time the process spent meanwhile (steadier when the machine is busy).
 */
function timeImport(fn: Fn): { wall: number; cpu: number } {
  const url = pathToFileURL(fn.file).href;
  const code = `const c = process.cpuUsage(); const t = performance.now(); await import(${JSON.stringify(url)}); const w = performance.now() - t; const u = process.cpuUsage(c); process.stdout.write(JSON.stringify({ wall: w, cpu: (u.user + u.system) / 1000 }));`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', code], { env: fn.env, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`bench: importing ${fn.name} failed:\n${child.stderr}`);
  return JSON.parse(child.stdout);
}

export async function benchBundles(): Promise<void> {
  const runs = Number(process.env.BENCH_IMPORT_RUNS ?? 7);
  const settings = constructSettings();
  const outDir = mkdtempSync(join(tmpdir(), 'hcp-bundles-'));
  try {
    const uses = new Map<string, readonly string[]>(Object.entries(NON_ROUTE_USES));
    for (const route of routeList()) uses.set(route.handler, route.uses ?? []);
    const entries = [
      { name: 'bare', group: 'bare', source: BARE, stdin: true },
      ...readdirSync(HANDLERS)
        .filter((f) => f.endsWith('.handler.ts'))
        .sort()
        .map((f) => {
          const source = readFileSync(join(HANDLERS, f), 'utf8');
          return { name: f.replace('.handler.ts', ''), group: groupOf(source), source, stdin: false };
        }),
    ];

    // A handler's composition root must build exactly the ports its route uses: one short
    // of them fails at run time in AWS only ("not configured"), one more bundles a client for nothing.
    for (const e of entries.slice(1)) {
      const built = rootPorts(e.source);
      const wanted = portsOf(uses.get(e.name) ?? []);
      if (built ? built.join() !== wanted.join() : wanted.length > 0)
        console.log(`  MISMATCH ${e.name}: its route uses [${wanted.join(', ')}], its composition root builds [${built?.join(', ') ?? 'none'}]`);
    }

    // A handler that does not build (the tree mid-edit) is reported and left out, not fatal.
    const built = await Promise.all(
      entries.map(async (e): Promise<Fn | undefined> => {
        const dir = join(outDir, e.name);
        mkdirSync(dir);
        const file = join(dir, 'index.mjs');
        const result = await build({
          ...settings,
          outfile: file,
          ...(e.stdin
            ? { stdin: { contents: e.source, loader: 'ts', resolveDir: import.meta.dirname, sourcefile: 'bare.handler.ts' } }
            : { entryPoints: [join(HANDLERS, `${e.name}.handler.ts`)] }),
        }).catch((error: { errors?: { text: string; location?: { file: string; line: number } }[] }) => {
          if (e.stdin) throw error;
          const first = error.errors?.[0];
          console.log(
            `  ${e.name}: does not build, left out (${first?.location ? `${first.location.file}:${first.location.line}: ` : ''}${first?.text ?? error})`,
          );
          return undefined;
        });
        if (!result) return undefined;
        return {
          name: e.name,
          group: e.group,
          file,
          env: lambdaEnv(e.name, uses.get(e.name) ?? []),
          bytes: statSync(file).size,
          meta: result.metafile!,
          imports: [],
        };
      }),
    );
    const fns = built.filter((fn): fn is Fn => fn !== undefined);

    // One warm-up import each (file cache), then the measured rounds (none: sizes only).
    if (runs > 0) for (const fn of fns) timeImport(fn);
    for (let round = 0; round < runs; round++) for (const fn of fns) fn.imports.push(timeImport(fn));

    const bare = fns[0];
    if (bare?.name !== 'bare') throw new Error('bench: the bare handler did not build');
    const bareWall = median(bare.imports.map((i) => i.wall));
    const bareCpu = median(bare.imports.map((i) => i.cpu));
    const rows = fns.map((fn) => {
      const wall = median(fn.imports.map((i) => i.wall));
      const cpu = median(fn.imports.map((i) => i.cpu));
      return { fn, sizeRatio: fn.bytes / bare.bytes, wall, importRatio: wall / bareWall, cpu, cpuRatio: cpu / bareCpu };
    });

    const [load1 = Number.NaN] = loadavg();
    console.log(
      `\nBundles and imports vs a bare handler (one DynamoDB client, one GetItem); esbuild ${settings.target as string}, ESM, minified${settings.keepNames ? ', keepNames' : ''}, AWS SDK bundled.`,
    );
    console.log(
      runs > 0
        ? `Import: median of ${runs} fresh \`node\` processes (${process.version}, --enable-source-maps, each function's stack environment); wall clock, and CPU time. Load average ${load1.toFixed(1)} on ${availableParallelism()} CPUs at the end.`
        : 'Import times not measured (BENCH_IMPORT_RUNS=0).',
    );
    console.log(
      `  ${'function'.padEnd(28)} ${'group'.padEnd(26)} ${'KiB'.padStart(5)} ${'×bare'.padStart(6)} ${'import ms'.padStart(10)} ${'×bare'.padStart(6)} ${'CPU ms'.padStart(7)} ${'×bare'.padStart(6)}`,
    );
    const flag = (x: number) => (x > LIMIT ? '!' : ' ');
    const num = (x: number, digits: number, width: number) => (Number.isNaN(x) ? '-' : x.toFixed(digits)).padStart(width);
    for (const r of rows)
      console.log(
        `  ${r.fn.name.padEnd(28)} ${r.fn.group.padEnd(26)} ${kib(r.fn.bytes).padStart(5)} ${num(r.sizeRatio, 2, 5)}${flag(r.sizeRatio)} ${num(r.wall, 1, 10)} ${num(r.importRatio, 2, 5)}${flag(r.importRatio)} ${num(r.cpu, 1, 7)} ${num(r.cpuRatio, 2, 5)}${flag(r.cpuRatio)}`,
      );

    console.log(`\nPer group, min / median / max:`);
    const fmt = (xs: number[], digits: number) =>
      xs.some(Number.isNaN) ? '-' : `${Math.min(...xs).toFixed(digits)} / ${median(xs).toFixed(digits)} / ${Math.max(...xs).toFixed(digits)}`;
    for (const group of ['bare', ...[...new Set(rows.slice(1).map((r) => r.fn.group))].sort()]) {
      const g = rows.filter((r) => r.fn.group === group);
      console.log(
        `  ${`${group} (${g.length})`.padEnd(31)} KiB ${fmt(
          g.map((r) => r.fn.bytes / 1024),
          0,
        ).padEnd(17)} ×bare ${fmt(
          g.map((r) => r.sizeRatio),
          2,
        ).padEnd(18)}  import ×bare ${fmt(
          g.map((r) => r.importRatio),
          2,
        ).padEnd(18)}  CPU ×bare ${fmt(
          g.map((r) => r.cpuRatio),
          2,
        )}`,
      );
    }

    const fnRows = rows.slice(1);
    const worst = (key: 'sizeRatio' | 'importRatio' | 'cpuRatio') => {
      const w = fnRows.reduce((a, b) => (b[key] > a[key] ? b : a));
      return `${w[key].toFixed(2)}× (${w.fn.name})`;
    };
    const over = fnRows.filter((r) => r.sizeRatio > LIMIT || r.importRatio > LIMIT).length;
    const imports = runs > 0 ? `, import ${bareWall.toFixed(1)} ms (CPU ${bareCpu.toFixed(1)} ms)` : '';
    const worstImports = runs > 0 ? `, worst import ${worst('importRatio')}, worst import CPU ${worst('cpuRatio')}` : '';
    console.log(
      `\nSummary: bare ${kib(bare.bytes)} KiB${imports}; worst bundle ${worst('sizeRatio')}${worstImports}; ${over} of ${fnRows.length} functions over ${LIMIT}× in bundle or import.`,
    );

    // What the largest bundles carry, by package, next to what the bare handler carries of it.
    const bareSizes = byPackage(bare.meta);
    for (const r of [...fnRows].sort((a, b) => b.fn.bytes - a.fn.bytes).slice(0, 3)) {
      const sizes = [...byPackage(r.fn.meta)].sort((a, b) => b[1] - a[1]).slice(0, 10);
      console.log(`\n  ${r.fn.name} (${kib(r.fn.bytes)} KiB), largest inputs by package, KiB (bare handler's in brackets):`);
      for (const [pkg, bytes] of sizes) console.log(`    ${pkg.padEnd(40)} ${kib(bytes).padStart(5)}  (${kib(bareSizes.get(pkg) ?? 0)})`);
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
