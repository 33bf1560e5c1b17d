/**
 * Reports part of `npm run bench` (run.ts): the time to build the city-year report (年度报告
 * of 410400 for 2025: content, XLSX and printable page) from the counters on DynamoDB Local,
 * and the items it reads.
 *
 * The demo catalog (seedPlan: its regions, units, venues, windows and items) goes into a
 * table of its own, then a year of counters as if from BENCH_REPORT_RATINGS ratings (default
 * 1,000,000) spread over its items and the twelve months — written straight through the
 * counter store, per item and month, to the item, its unit and every region above it (what
 * the aggregator would have written). No rating is stored: the report cannot read any. The
 * report is built `runs` times; the figure is the median, with the counter items and other
 * items DynamoDB returned to it (a middleware on the client counts them).
 */

process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
const RATINGS = Number(process.env.BENCH_REPORT_RATINGS ?? 1_000_000);
const YEAR = '2025';
const RUNS = 5;

const { DynamoBadReviewStore } = await import('../../functions/adapters/dynamo/bad-review-store.js');
const { DynamoCatalogStore } = await import('../../functions/adapters/dynamo/catalog-store.js');
const { DynamoComplaintStore } = await import('../../functions/adapters/dynamo/complaint-store.js');
const { DynamoCounterStore } = await import('../../functions/adapters/dynamo/counter-store.js');
const { DynamoReportStore } = await import('../../functions/adapters/dynamo/report-store.js');
const { ExcelReportWriter } = await import('../../functions/adapters/reports/xlsx-writer.js');
const { ensureTable, localClient, startDynamoDbLocal } = await import('../../functions/local/dynamodb-local.js');
const { seedCatalog, seedPlan } = await import('../../functions/local/seed.js');
const { itemDim, unitDim, regionDim } = await import('../../functions/core/indicators/counters.js');
const { regionAncestors } = await import('../../functions/core/access.js');
const { renderHtml } = await import('../../functions/core/reports/html.js');
const { reportLayout } = await import('../../functions/core/reports/layout.js');
const { buildReportContent, generateReport } = await import('../../functions/usecases/reports.js');
type CounterDelta = import('../../functions/ports/counters.js').CounterDelta;

const { freePort } = await import('../../functions/local/stack.js');
const { itemsRead, rng } = await import('./support.js');

const plan = seedPlan(new Date(`${YEAR}-12-31T12:00:00+08:00`), 0);
const unitRegion = new Map(plan.units.map((u) => [u.unitId, u.regionCode]));
const db = await startDynamoDbLocal({ port: await freePort() });
process.once('exit', db.stop);
const client = localClient(db.endpoint);
const meter = itemsRead(client);

try {
  const table = { tableName: 'bench-reports', client };
  await ensureTable(client, table.tableName);
  const catalog = new DynamoCatalogStore(table);
  await seedCatalog(catalog, plan);

  // A year of counters: per item and month, what its ratings, cases and bad reviews add, to the item, its unit and its regions.
  const counters = new DynamoCounterStore(table);
  const rand = rng(2025);
  const perGroup = RATINGS / (12 * plan.items.length);
  const sums = new Map<string, CounterDelta>();
  const add = (dim: string, period: string, values: Record<string, number>) => {
    const id = `${dim}|${period}`;
    const into = sums.get(id) ?? { key: { dim, period }, values: {} };
    for (const [f, v] of Object.entries(values)) (into.values as Record<string, number>)[f] = ((into.values as Record<string, number>)[f] ?? 0) + v;
    sums.set(id, into);
  };
  for (let m = 1; m <= 12; m++)
    for (const item of plan.items) {
      const ratings = Math.round(perGroup * (0.5 + rand()));
      const bad = Math.round(ratings * 0.07);
      const values = {
        cases: ratings + Math.round(ratings * 0.05),
        completed: ratings + Math.round(ratings * 0.03),
        ratings,
        active: Math.round(ratings * 0.8),
        defaults: ratings - Math.round(ratings * 0.8),
        level1: Math.round(ratings * 0.55),
        level2: ratings - Math.round(ratings * 0.55) - Math.round(ratings * 0.11) - bad,
        level3: Math.round(ratings * 0.11),
        level4: Math.round(bad * 0.6),
        level5: bad - Math.round(bad * 0.6),
        badReviews: bad,
        badClosed: bad,
        rectified: bad,
        rectifiedOnTime: Math.round(bad * 0.9),
        ch_pad: Math.round(ratings * 0.5),
        ch_qr: Math.round(ratings * 0.3),
      };
      const period = `M#${YEAR}-${String(m).padStart(2, '0')}`;
      const region = unitRegion.get(item.unitId)!;
      for (const dim of [itemDim(item.itemCode), unitDim(item.unitId), ...regionAncestors(region).map(regionDim)]) add(dim, period, values);
    }
  await counters.stage('bench', undefined, '1', [...sums.values()]);
  await counters.fold();

  const files = new Map<string, Buffer>();
  const deps = {
    catalog,
    clock: { now: () => new Date(`${Number(YEAR) + 1}-01-01T06:30:00+08:00`) },
    counters,
    badReviews: new DynamoBadReviewStore(table),
    complaints: new DynamoComplaintStore(table),
    reports: new DynamoReportStore(table),
    files: { put: async (k: string, d: Buffer) => void files.set(k, d), get: async () => undefined },
    notifier: { notify: async () => undefined },
    spreadsheet: new ExcelReportWriter(),
  };
  const spec = { kind: 'year' as const, regionCode: '410400', from: `${YEAR}-01-01`, to: `${YEAR}-12-31` };

  const times: { content: number; html: number; xlsx: number; total: number }[] = [];
  let reads: Record<string, number> = {};
  let seen = { counters: 0, other: 0 };
  let sizes = { xlsx: 0, html: 0 };
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const { value: built, ...read } = await meter.during(() => buildReportContent(deps, spec));
    const t1 = performance.now();
    const layout = reportLayout(built.content);
    const html = renderHtml(layout);
    const t2 = performance.now();
    const xlsx = await deps.spreadsheet.xlsx(layout);
    const t3 = performance.now();
    times.push({ content: t1 - t0, html: t2 - t1, xlsx: t3 - t2, total: t3 - t0 });
    reads = built.reads;
    seen = read;
    sizes = { xlsx: xlsx.length, html: Buffer.byteLength(html) };
  }
  const stored = await generateReport(deps, spec, 'demand');
  const median = (k: keyof (typeof times)[number]) => times.map((t) => t[k]).sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
  console.log(
    `\nCity-year report (410400, ${YEAR}, demo catalog: ${plan.items.length} items, ${plan.units.length} units; counters as if from ${RATINGS.toLocaleString('en')} ratings, ${sums.size} counter items, no rating stored):`,
  );
  console.log(
    `  build ${median('total').toFixed(0)} ms (median of ${RUNS}): content ${median('content').toFixed(0)} ms, printable page ${median('html').toFixed(1)} ms, XLSX ${median('xlsx').toFixed(0)} ms` +
      ` (${(sizes.xlsx / 1024).toFixed(0)} KiB XLSX, ${(sizes.html / 1024).toFixed(0)} KiB HTML; ${Object.entries(stored.report.counts)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')})`,
  );
  console.log(
    `  items read: ${reads.counters} counter items asked (${seen.counters} exist), ${seen.other} other items (catalog, open cases, 通报 lists, complaints);` +
      ` use case's count ${JSON.stringify(reads)}`,
  );
} finally {
  client.destroy();
  db.stop();
  process.off('exit', db.stop);
}
