/**
 * Dashboard-reads part of `npm run bench` (run.ts): items read per dashboard view at
 * 10,000 and at 1,000,000 ratings (equal and ≤ 50 is the figure), the time of one view, and
 * what the coverage view reads.
 *
 * Synthetic stream records — a completed case, its rating and, for a bad one, its bad
 * review — spread over the demo catalog's items (so its units and regions), its channels and
 * the 30 days of one month, go through `aggregate` into the DynamoDB counter store on a
 * DynamoDB Local of its own (one table per volume, its stream off: nothing reads it here). The
 * stream is generated day by day and, within a day, item by item, in batches of 100,000
 * records, each staged and folded at once: records next to each other share counters, so a
 * fold writes each counter once for a run of them and the million ratings load in minutes. The counters are the same
 * in any order and any batching; only the load time would differ. Then the city supervisor's dashboard
 * (`getIndicators`) and the coverage view (`coverageOf`) run against each table, and every
 * item DynamoDB returns to them is counted (a middleware on the client), beside what the use
 * cases report themselves. The dashboard names its region's children and units from the
 * region's directory (one Query of two items), not from catalog lists.
 */

import type { AttributeValue } from '@aws-sdk/client-dynamodb';

process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
// Counters of two volumes in one in-memory DynamoDB Local: more heap than the local stack's default.
process.env.DYNAMODB_LOCAL_HEAP ||= '1g';
const VOLUMES = (process.env.BENCH_DASHBOARD_RATINGS ?? '10000,1000000').split(',').map(Number);
const MONTH = '2026-11';
const DAYS = 30;
/** Stream records per `aggregate` call: bigger than a Lambda batch (10,000) only to load faster; the counters are the same. */
const BATCH = 100_000;

const { ScanCommand, UpdateTableCommand } = await import('@aws-sdk/client-dynamodb');
const { DynamoCatalogStore } = await import('../../functions/adapters/dynamo/catalog-store.js');
const { DynamoCounterStore } = await import('../../functions/adapters/dynamo/counter-store.js');
const { ensureTable, localClient, startDynamoDbLocal } = await import('../../functions/local/dynamodb-local.js');
const { seedCatalog, seedPlan } = await import('../../functions/local/seed.js');
const { aggregate, foldCounters, getIndicators } = await import('../../functions/usecases/indicators.js');
const { coverageOf } = await import('../../functions/usecases/coverage.js');

const { freePort } = await import('../../functions/local/stack.js');
const { itemBytes, itemsRead, rng } = await import('./support.js');

const plan = seedPlan(new Date(`${MONTH}-30T12:00:00+08:00`), 0);
const unitRegion = new Map(plan.units.map((u) => [u.unitId, u.regionCode]));
const CHANNELS = ['pad', 'pad', 'qr', 'mobile', 'pc', 'terminal', 'sms', 'phone'] as const;

/** The stream of `ratings` ratings (with their cases and bad reviews), batch by batch. */
function* streamOf(ratings: number): Generator<Record<string, unknown>[]> {
  const rand = rng(ratings);
  const groups = DAYS * plan.items.length;
  let batch: Record<string, unknown>[] = [];
  let n = 0;
  for (let g = 0; g < groups; g++) {
    const day = `${MONTH}-${String(Math.floor(g / plan.items.length) + 1).padStart(2, '0')}`;
    const item = plan.items[g % plan.items.length]!;
    const regionCode = unitRegion.get(item.unitId)!;
    const count = Math.floor(ratings / groups) + (g < ratings % groups ? 1 : 0);
    for (let k = 0; k < count; k++, n++) {
      const caseNumber = `B${n}`;
      const at = `${day}T10:00:00+08:00`;
      const roll = rand();
      const level = roll < 0.55 ? 1 : roll < 0.82 ? 2 : roll < 0.93 ? 3 : roll < 0.97 ? 4 : 5;
      const byDefault = level === 2 && rand() < 0.3;
      const anonymous = rand() < 0.3;
      const where = { unitId: item.unitId, itemCode: item.itemCode };
      batch.push({
        entity: 'case',
        caseNumber,
        status: 'completed',
        regionCode,
        ...where,
        acceptedAt: `${day}T09:00:00+08:00`,
        completedAt: at,
      });
      batch.push({
        entity: 'rating',
        ratingId: `${caseNumber}-1`,
        caseNumber,
        assessNumber: 1,
        level,
        channel: byDefault ? 'default' : CHANNELS[Math.floor(rand() * CHANNELS.length)],
        active: !byDefault,
        anonymous: byDefault || anonymous,
        caseRegionCode: regionCode,
        ...where,
        ratedAt: at,
      });
      if (level >= 4)
        batch.push({
          entity: 'badReview',
          status: 'closed',
          anonymous,
          regionCode,
          ...where,
          createdAt: at,
          closedAt: `${day}T18:00:00+08:00`,
          deadlines: { rectify: `${day}T23:59:59+08:00` },
          rectifications: [{ round: 1, at: `${day}T16:00:00+08:00` }],
          visits: anonymous ? [] : [{ round: 1 }],
          taskOrders: [],
          escalations: [],
        });
      if (batch.length >= BATCH) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length) yield batch;
}

const db = await startDynamoDbLocal({ port: await freePort() });
process.once('exit', db.stop);
const client = localClient(db.endpoint);
/** Items DynamoDB returns during a measured call: BatchGetItem (the counters), Query and GetItem (the catalog). */
const meter = itemsRead(client);
const supervisor = { sub: 'bench-supervisor', role: 'supervisor' as const, regionCode: '410400' };
const clock = { now: () => new Date(`${MONTH}-30T12:00:00+08:00`) };

try {
  const rows: { ratings: number; load: number; records: number; writes: number; view: Awaited<ReturnType<typeof measureViews>> }[] = [];
  for (const ratings of VOLUMES) {
    const tableName = `bench-indicators-${ratings}`;
    await ensureTable(client, tableName);
    await client.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification: { StreamEnabled: false } }));
    const table = { tableName, client };
    const catalog = new DynamoCatalogStore(table);
    await seedCatalog(catalog, plan);
    const counters = new DynamoCounterStore(table);
    const started = performance.now();
    let seq = 0;
    let records = 0;
    let writes = 0;
    for (const batch of streamOf(ratings)) {
      const result = await aggregate({ counters }, { shardId: 'bench', records: batch.map((image) => ({ seq: String(++seq), new: image })) });
      records += result.applied;
      writes += (await counters.fold()).counters;
    }
    const load = (performance.now() - started) / 1000;
    rows.push({ ratings, load, records, writes, view: await measureViews({ catalog, counters, clock }) });
  }

  console.log(
    `\nDashboard reads (city 410400, month ${MONTH}, demo catalog: ${plan.items.length} items, ${plan.units.length} units, ${plan.regions.length} regions):`,
  );
  for (const r of rows) {
    const v = r.view;
    console.log(
      `  ${String(r.ratings).padStart(9)} ratings: ${r.records} stream records aggregated in ${r.load.toFixed(0)} s (${r.writes} counter writes)\n` +
        `      dashboard view  ${v.asked} counter items asked (${v.returned.counters} exist), ${v.returned.catalog} catalog items, ${v.ms.toFixed(1)} ms (median of ${v.runs})\n` +
        `      coverage view   ${v.coverage.counters} counter items asked (${v.coverageReturned.counters} exist), ${v.coverageReturned.catalog} catalog items, ${v.coverageMs.toFixed(1)} ms`,
    );
  }
  // Every counter item asked counts as read (those that do not exist yet too), plus the catalog items returned.
  const itemsPerView = (r: (typeof rows)[number]) => r.view.asked + r.view.returned.catalog;
  const [a, b] = rows;
  if (a && b)
    console.log(
      `  items read per dashboard view at ${a.ratings} and ${b.ratings} ratings: ${itemsPerView(a)} and ${itemsPerView(b)}` +
        ` (${a.view.asked} and ${b.view.asked} counter items, ${a.view.returned.catalog} and ${b.view.returned.catalog} catalog items;` +
        ` ${itemsPerView(a) === itemsPerView(b) && itemsPerView(b) <= 50 ? 'equal, ≤ 50' : 'NOT equal or over 50'})`,
    );
  await aggregationCost();
} finally {
  client.destroy();
  db.stop();
  process.off('exit', db.stop);
}

/** One dashboard view (and one coverage view) several times: counter keys asked, items DynamoDB returned, the median time. */
async function measureViews(deps: Parameters<typeof getIndicators>[0]) {
  const runs = 5;
  const times: number[] = [];
  let asked = 0;
  let seen = { counters: 0, catalog: 0 };
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const { value: view, counters, other } = await meter.during(() => getIndicators(deps, supervisor, { month: MONTH }));
    times.push(performance.now() - t);
    asked = view.read;
    seen = { counters, catalog: other };
  }
  const t = performance.now();
  const { value: coverage, counters, other } = await meter.during(() => coverageOf(deps, supervisor, { month: MONTH }));
  const coverageMs = performance.now() - t;
  times.sort((x, y) => x - y);
  return { asked, returned: seen, ms: times[Math.floor(runs / 2)]!, runs, coverage: coverage.read, coverageReturned: { counters, catalog: other }, coverageMs };
}

/**
 * The aggregation's write units per rating: ratings one after the other as they come in
 * (items, and so units and regions, at random over the catalog; channels at random; 5 % bad),
 * at three city-wide rates (0.2, 2 and 20 ratings/s). The mapping hands them over in batches of
 * what its 300 s window gathers (60, 600, 1,000 records: the batch size caps it) and each
 * batch is staged (one transaction: 2 units per KB of each staged part, 2 for the shard
 * position); the fold job runs every hour (as deployed) or, for comparison, every 10 minutes,
 * and writes each counter touched once (1 unit: counter items are under 1 KB), deletes the
 * staged parts (1 unit per KB) and puts and closes its plan (the keys of the staged parts it
 * folds: 1 unit per KB each time).
 * Units are counted from the requests as AWS bills them, not from DynamoDB Local's report.
 */
async function aggregationCost() {
  const units = { stage: 0, fold: 0 };
  const stagedBytes = new Map<string, number>();
  let planUnits = 0;
  const kb = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as any;
      switch (context.commandName) {
        case 'TransactWriteItemsCommand':
          for (const t of input.TransactItems) {
            if (t.Put) stagedBytes.set(t.Put.Item.sk.S, itemBytes(t.Put.Item));
            units.stage += t.Put ? 2 * kb(itemBytes(t.Put.Item)) : 2;
          }
          break;
        case 'BatchWriteItemCommand':
          for (const r of Object.values(input.RequestItems).flat() as any[]) units.stage += kb(stagedBytes.get(r.DeleteRequest.Key.sk.S) ?? 0);
          break;
        case 'PutItemCommand':
          planUnits = kb(itemBytes(input.Item));
          units.fold += planUnits;
          break;
        case 'UpdateItemCommand':
          // Closing the plan is billed at the plan's size before; a counter is under 1 KB.
          units.fold += input.Key.pk.S === 'CNTFOLD' ? planUnits : 1;
      }
      return next(args);
    },
    { step: 'initialize', name: 'aggregationUnits' },
  );
  console.log(
    '\nAggregation write units per rating (ratings at random over the demo catalog; staged per stream batch of a 300 s window, folded every hour or 10 minutes):',
  );
  console.log(
    '  items  ratings/s  batch   fold every  per fold   ratings   stage   fold   total   (counters per fold, largest staged part, largest counter item)',
  );
  // The last rows: a city-sized catalog, each demo item standing for 15 (3,000 items).
  const rows: [rate: number, batchSize: number, minutes: number, folds: number, items: number][] = [
    [0.2, 60, 60, 2, 1],
    [0.2, 60, 10, 4, 1],
    [2, 600, 60, 2, 1],
    [2, 600, 10, 3, 1],
    [20, 1000, 60, 1, 1],
    [20, 1000, 10, 2, 1],
    [2, 600, 60, 2, 15],
    [20, 1000, 60, 1, 15],
  ];
  for (const [rate, batchSize, minutes, folds, itemsPer] of rows) {
    const perFold = Math.round(rate * minutes * 60);
    const tableName = `bench-aggregation-${String(rate).replace('.', '_')}-${minutes}-${itemsPer}`;
    await ensureTable(client, tableName);
    await client.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification: { StreamEnabled: false } }));
    const counters = new DynamoCounterStore({ tableName, client });
    const rand = rng(rate);
    const ratings = perFold * folds;
    units.stage = units.fold = 0;
    let counterWrites = 0;
    let seq = 0;
    for (let done = 0; done < ratings; done += batchSize) {
      const records = Array.from({ length: batchSize }, () => {
        const item = plan.items[Math.floor(rand() * plan.items.length)]!;
        const image = {
          entity: 'rating',
          ratingId: `A${seq}-1`,
          caseNumber: `A${seq}`,
          assessNumber: 1,
          level: rand() < 0.95 ? 1 : 5,
          channel: CHANNELS[Math.floor(rand() * CHANNELS.length)],
          active: true,
          anonymous: true,
          caseRegionCode: unitRegion.get(item.unitId)!,
          unitId: item.unitId,
          itemCode: itemsPer > 1 ? `${item.itemCode}-${Math.floor(rand() * itemsPer)}` : item.itemCode,
          ratedAt: `${MONTH}-30T10:00:00+08:00`,
        };
        return { seq: String(++seq), new: image };
      });
      await aggregate({ counters }, { shardId: 'bench', records });
      if ((done + batchSize) % perFold === 0) counterWrites += (await foldCounters({ counters })).counters;
    }
    // The largest counter item, as DynamoDB sizes it (names and values): ≤ 1 KB is 1 unit.
    let largest = 0;
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
      for (const item of page.Items ?? []) if (item.pk?.S?.startsWith('CNT#')) largest = Math.max(largest, itemBytes(item));
      start = page.LastEvaluatedKey;
    } while (start);
    const f = (x: number) => (x / ratings).toFixed(2).padStart(6);
    console.log(
      `  ${String(plan.items.length * itemsPer).padStart(5)}  ${String(rate).padStart(9)}  ${String(batchSize).padStart(5)}  ${`${minutes} min`.padStart(11)}  ${String(perFold).padStart(8)}  ${String(ratings).padStart(8)}  ${f(units.stage)} ${f(units.fold)} ${f(units.stage + units.fold)}` +
        `   (${Math.round(counterWrites / folds)}, ${Math.max(...stagedBytes.values())} B, ${largest} B)`,
    );
    stagedBytes.clear();
  }
}
