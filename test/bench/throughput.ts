/**
 * Throughput part of `npm run bench` (run.ts), side by side in one run: ratings/s through the
 * local HTTP API vs raw DynamoDB Local PutItem/s (the ratio is the figure), write and read
 * units per rating from DynamoDB's consumed capacity (table, indexes and the aggregation,
 * after the stream is drained), the units per case in the background (the case's write, the
 * default-rating sweep that takes it off the due list), the bad-review workflow's state
 * transitions and units per case, and the list-price cost per 1M ratings and per 1,000
 * bad-review cases.
 * Bounded loops on loopback only.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AttributeValue, ConsumedCapacity, DynamoDBClient } from '@aws-sdk/client-dynamodb';

process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
// Demo clock for the workflow figures: one working day lasts one second.
process.env.DEMO_WORKDAY_SECONDS = '1';
const N = Number(process.env.BENCH_RATINGS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
/**
 * Ratings of the warm-up: before anything is timed, DynamoDB Local (a JVM) and this process
 * serve raw writes, raw reads and ratings until their compilers are done; a cold JVM serves
 * its first few thousand requests at half speed or less, which would flatter whichever side
 * went second.
 */
const WARM = Number(process.env.BENCH_WARM ?? 2000);

/**
 * List prices, AWS us-east-1 (N. Virginia), USD, as published on aws.amazon.com/{dynamodb,
 * lambda,api-gateway,step-functions}/pricing (DynamoDB on-demand since the 2024-11-01 cut);
 * noted 2026-11-30. China regions are priced in CNY on amazonaws.cn and differ.
 */
const PRICE = {
  /** DynamoDB on-demand, per write request unit (1 KB standard write; transactional writes count 2). */
  writeUnit: 0.625 / 1e6,
  /** DynamoDB on-demand, per read request unit (4 KB strongly consistent read). */
  readUnit: 0.125 / 1e6,
  /** Lambda, per request. */
  lambdaRequest: 0.2 / 1e6,
  /** Lambda Arm64 (infra/constructs/lambda-function.ts), per GB-second. */
  lambdaGbSecond: 0.0000133334,
  /** API Gateway HTTP API, per request (first 300 million a month). */
  httpApiRequest: 1.0 / 1e6,
  /** Step Functions Standard, per state transition. */
  transition: 0.025 / 1000,
} as const;
/** Memory of every API function (infra/constructs/lambda-function.ts default) and of the aggregator, GB. */
const LAMBDA_GB = 0.5;
/** The aggregator's batch (infra/constructs/aggregator.ts STREAM_MAPPING.batchSize). */
const AGGREGATOR_BATCH = 1000;

const { GetItemCommand, PutItemCommand, TransactWriteItemsCommand } = await import('@aws-sdk/client-dynamodb');
const { marshall, unmarshall } = await import('@aws-sdk/util-dynamodb');
const { startLocalStack, freePort } = await import('../../functions/local/stack.js');
const { TABLE_KEYS } = await import('../../functions/adapters/dynamo/schema.js');
const { itemBytes } = await import('./support.js');
const { localClient } = await import('../../functions/local/dynamodb-local.js');
const { seed, seedPlan } = await import('../../functions/local/seed.js');
const { chineseIdCheckChar } = await import('../../functions/core/identity.js');
const { submitRating, giveDefaultRatings } = await import('../../functions/usecases/ratings.js');
const { recordVerification, recordRectification, replyToRater, answerVisit } = await import('../../functions/usecases/bad-reviews.js');
const { countTransitions, readBadReviewDefinition } = await import('../../functions/adapters/local/local-workflow.js');

/**
 * POSTs a good anonymous pad rating for each case (with its rating ticket when given) at CONCURRENCY from a worker thread (its own
 * event loop and core), so that the load generator does not share the server's thread; on
 * kept-alive connections of `node:http` (cheaper than fetch), and it reports its own CPU time.
 */
function postRatingsFromWorker(
  url: string,
  token: string,
  caseNumbers: string[],
  tickets: Record<string, string> = {},
): Promise<{ ms: number; failures: number; cpuMs: number }> {
  const code = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { url, token, caseNumbers, tickets, concurrency } = workerData;
const { hostname, port } = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const post = (body) =>
  new Promise((ok, fail) => {
    const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: 'Bearer ' + token };
    const req = http.request({ hostname, port, path: '/ratings', method: 'POST', agent, headers }, (res) => {
      res.resume();
      res.on('end', () => ok(res.statusCode));
    });
    req.on('error', fail);
    req.end(body);
  });
(async () => {
  let next = 0;
  let failures = 0;
  const cpu0 = process.threadCpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < caseNumbers.length) {
      const caseNumber = caseNumbers[next++];
      const ticket = tickets[caseNumber];
      if ((await post(JSON.stringify({ caseNumber, level: 1, channel: 'pad', anonymous: true, ...(ticket ? { ticket } : {}) }))) !== 201) failures++;
    }
  }));
  const ms = performance.now() - t0;
  const cpu = process.threadCpuUsage(cpu0);
  agent.destroy();
  parentPort.postMessage({ ms, failures, cpuMs: (cpu.user + cpu.system) / 1000 });
})();`;
  return new Promise((ok, fail) => {
    const worker = new Worker(code, { eval: true, workerData: { url, token, caseNumbers, tickets, concurrency: CONCURRENCY } });
    worker.once('message', (m: { ms: number; failures: number; cpuMs: number }) => {
      ok(m);
      void worker.terminate();
    });
    worker.once('error', fail);
  });
}

/** CPU time (ms) of this thread and of DynamoDB Local's process (Linux /proc; clock ticks of 10 ms), undefined elsewhere. */
function cpuClock(javaPid: number | undefined) {
  const java = () => {
    try {
      const fields = readFileSync(`/proc/${javaPid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      return undefined;
    }
  };
  const thread = () => {
    const t = process.threadCpuUsage();
    return (t.user + t.system) / 1000;
  };
  return () => {
    const start = { java: java(), thread: thread() };
    return () => {
      const j = java();
      return { java: j === undefined || start.java === undefined ? undefined : j - start.java, thread: thread() - start.thread };
    };
  };
}

async function pool<T>(items: T[], run: (t: T) => Promise<void>, concurrency = CONCURRENCY) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await run(items[next++]!);
    }),
  );
}

// ── Consumed capacity ─────────────────────────────────────────────────────────

type Part = 'rating' | 'badReview' | 'case' | 'aggregation' | 'other';
interface Units {
  table: number;
  indexes: number;
  /** Conditional writes refused: AWS bills each as a write of the item (1 unit, 2 in a transaction); DynamoDB Local reports nothing for them. */
  refused: number;
}
const emptyUnits = (): Units => ({ table: 0, indexes: 0, refused: 0 });

/** What a write is for, from the keys it writes (table.ts key patterns). */
function partOf(keys: { pk?: string; sk?: string }[]): Part {
  // The stream position with the staged counts, the fold's counters and its plan.
  if (keys.some((k) => k.pk?.startsWith('STREAMPOS#') || k.pk?.startsWith('CNT'))) return 'aggregation';
  if (keys.some((k) => k.pk?.startsWith('REVIEW#'))) return 'badReview';
  if (keys.some((k) => k.sk?.startsWith('RATING#'))) return 'rating';
  if (keys.some((k) => k.pk?.startsWith('CASE#') && k.sk === 'A')) return 'case';
  return 'other';
}
const keysOf = (input: any): { pk?: string; sk?: string }[] => {
  const one = (i: any) => ((i?.Item ?? i?.Key) ? [unmarshall(i.Item ?? i.Key)] : []);
  if (input.TransactItems) return input.TransactItems.flatMap((t: any) => one(t.Put ?? t.Update ?? t.Delete ?? t.ConditionCheck));
  if (input.RequestItems) return (Object.values(input.RequestItems).flat() as any[]).flatMap((r) => one(r.PutRequest ?? r.DeleteRequest));
  return one(input);
};

const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'TransactWriteItemsCommand', 'BatchWriteItemCommand']);
const READS = new Set(['GetItemCommand', 'QueryCommand', 'BatchGetItemCommand', 'TransactGetItemsCommand', 'ScanCommand']);

/**
 * A middleware on the stack's one DynamoDB client (handlers, jobs and aggregator all
 * write through it): every item request asks for ReturnConsumedCapacity INDEXES, and what
 * DynamoDB Local reports is summed per part (writes) and per read kind. Transactions are
 * the exception: DynamoDB Local reports 2 units for any TransactWriteItems, whatever its
 * items, so their units are worked out as AWS bills them from the items before and after
 * (read through `images`, a client of its own that is not metered): 2 per KB of each item,
 * and 1 per KB in each index the item is in before or after (2 when it moves in it).
 */
function meterCapacity(client: DynamoDBClient, images: DynamoDBClient) {
  const imageOf = async (tableName: string, key: Record<string, AttributeValue>) =>
    (await images.send(new GetItemCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;
  const transactionUnits = async (items: any[], run: () => Promise<unknown>) => {
    const ops = items.map((t) => {
      const [kind, op] = Object.entries(t)[0] as [string, any];
      return { kind, op, key: kind === 'Put' ? { pk: op.Item.pk, sk: op.Item.sk } : op.Key };
    });
    const before = await Promise.all(ops.map((o) => imageOf(o.op.TableName, o.key)));
    await run();
    const after = await Promise.all(
      ops.map((o, i) => (o.kind === 'Put' ? o.op.Item : o.kind === 'Update' ? imageOf(o.op.TableName, o.key) : o.kind === 'Delete' ? undefined : before[i])),
    );
    const units = { table: 0, indexes: new Map<string, number>() };
    ops.forEach((o, i) => {
      const [was, is] = [before[i], after[i]];
      const kb = Math.max(1, Math.ceil(Math.max(itemBytes(was ?? {}), itemBytes(is ?? {})) / 1024));
      units.table += 2 * kb;
      if (o.kind === 'ConditionCheck') return;
      for (const index of TABLE_KEYS.indexes) {
        const at = (img?: Record<string, AttributeValue>) =>
          img?.[index.partitionKey] ? `${img[index.partitionKey]!.S}\n${img[index.sortKey]?.S}` : undefined;
        const [from, to] = [at(was), at(is)];
        if (from || to) units.indexes.set(index.indexName, (units.indexes.get(index.indexName) ?? 0) + (from && to && from !== to ? 2 : 1) * kb);
      }
    });
    return units;
  };
  let writes = new Map<Part, Units>();
  let reads = new Map<string, number>();
  /** Write units per part and index, e.g. `case gsi2`. */
  let byIndex = new Map<string, number>();
  const add = (part: Part, cc: ConsumedCapacity | ConsumedCapacity[] | undefined) => {
    const u = writes.get(part) ?? emptyUnits();
    for (const c of [cc ?? []].flat()) {
      u.table += c.Table?.CapacityUnits ?? c.CapacityUnits ?? 0;
      for (const [name, i] of Object.entries(c.GlobalSecondaryIndexes ?? {})) {
        u.indexes += i.CapacityUnits ?? 0;
        byIndex.set(`${part} ${name}`, (byIndex.get(`${part} ${name}`) ?? 0) + (i.CapacityUnits ?? 0));
      }
    }
    writes.set(part, u);
  };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? '';
      if (paused || (!WRITES.has(name) && !READS.has(name))) return next(args);
      const input = args.input as any;
      input.ReturnConsumedCapacity = 'INDEXES';
      if (READS.has(name)) {
        const out = await next(args);
        const keys = name === 'GetItemCommand' ? keysOf(input) : [];
        const kind =
          name === 'GetItemCommand'
            ? (keys[0]?.pk?.split('#')[0] ?? '?') + (keys[0]?.sk === 'A' ? '' : `/${keys[0]?.sk?.split('#')[0]}`)
            : name.replace('Command', '');
        let units = 0;
        for (const c of [(out.output as any).ConsumedCapacity ?? []].flat()) units += c.CapacityUnits ?? 0;
        reads.set(kind, (reads.get(kind) ?? 0) + units);
        return out;
      }
      const part = partOf(keysOf(input));
      try {
        if (name === 'TransactWriteItemsCommand') {
          let out: Awaited<ReturnType<typeof next>> | undefined;
          const units = await transactionUnits(input.TransactItems, async () => {
            out = await next(args);
          });
          add(part, {
            Table: { CapacityUnits: units.table },
            GlobalSecondaryIndexes: Object.fromEntries([...units.indexes].map(([k, v]) => [k, { CapacityUnits: v }])),
          });
          return out!;
        }
        const out = await next(args);
        add(part, (out.output as any).ConsumedCapacity);
        return out;
      } catch (e: any) {
        if (e?.name === 'ConditionalCheckFailedException' || e?.name === 'TransactionCanceledException') {
          const u = writes.get(part) ?? emptyUnits();
          u.refused += name === 'TransactWriteItemsCommand' ? 2 * (input.TransactItems?.length ?? 1) : 1;
          writes.set(part, u);
        }
        throw e;
      }
    },
    { step: 'initialize', name: 'benchConsumedCapacity' },
  );
  let paused = false;
  return {
    /** While a run is timed: the raw runs are not metered either, and asking DynamoDB Local for consumed capacity costs it ≈ 0.1 ms a write. */
    pause() {
      paused = true;
    },
    resume() {
      paused = false;
    },
    reset() {
      writes = new Map();
      reads = new Map();
      byIndex = new Map();
    },
    /** What was counted since the last reset, and a reset. */
    take() {
      const out = { writes, reads, byIndex };
      writes = new Map();
      reads = new Map();
      byIndex = new Map();
      return out;
    },
  };
}
const total = (u: Units) => u.table + u.indexes + u.refused;

const dataDir = mkdtempSync(join(tmpdir(), 'hcp-bench-'));
// The stream is read between the timed runs (drainStream), not during them: in AWS the Lambda service reads it, not
// the table's request path, while here every GetRecords is DynamoDB Local's work on the same two cores.
const stack = await startLocalStack({ port: await freePort(), dataDir, inMemory: true, seed: false, streamWindowMs: 3_600_000 });
try {
  const deps = stack.deps;
  const TABLE = stack.table.tableName;
  const plan = seedPlan(new Date(), 0);
  await seed(deps, plan);
  // Completed cases to rate (in the default-rating list, as most rated cases are), written straight through the store.
  const id17 = '41040219900101123';
  const numbers = Array.from({ length: N }, (_, i) => `BENCH${String(i).padStart(6, '0')}`);
  const now = new Date().toISOString();
  const saveCase = (caseNumber: string) =>
    deps.cases.save(
      {
        caseNumber,
        itemCode: '4104-01-001',
        unitId: 'U-SCJG',
        venueId: 'V-CITY',
        windowId: 'W01',
        applicantKind: 'person',
        applicant: { name: '测试', idType: 'resident_id', idNumber: id17 + chineseIdCheckChar(id17) },
        acceptedAt: now,
        completedAt: now,
        status: 'completed',
        regionCode: '410400',
        itemName: '企业设立登记',
        personKey: 'bench',
        ratingCount: 0,
        defaultRatingDueAt: new Date(Date.now() + 10 * 86400_000).toISOString(),
        createdAt: now,
        updatedAt: now,
        version: 1,
      },
      0,
    );
  // Cases of the warm-up (below) and of the ratings sent with a ticket, saved before anything is metered.
  const warmCases = Array.from({ length: WARM }, (_, i) => `WARM${String(i).padStart(6, '0')}`);
  const ticketCases = Array.from({ length: N - 200 }, (_, i) => `TICKET${String(i).padStart(6, '0')}`);
  // …and of the metered (untimed) runs, without and with tickets.
  const unitCases = Array.from({ length: 400 }, (_, i) => `UNITS${String(i).padStart(6, '0')}`);
  const unitTicketCases = Array.from({ length: 400 }, (_, i) => `UNITT${String(i).padStart(6, '0')}`);
  await pool([...warmCases, ...ticketCases, ...unitCases, ...unitTicketCases], saveCase);
  await stack.drainStream();
  const imageClient = localClient(stack.dynamoEndpoint);
  const meter = meterCapacity(stack.table.client, imageClient);
  // 0. The cases, one write each (in the background of a rating: pushed by the business system).
  await pool([...numbers, 'BENCH-BR-1', 'BENCH-BR-2'], saveCase);
  await stack.drainStream();
  const caseUnits = meter.take();

  // 1. Raw DynamoDB Local: one PutItem of a rating-sized item per rating; then the same database doing
  // the storage work of a rating without the API (a consistent GetItem of a case, a conditional PutItem).
  const client = localClient(stack.dynamoEndpoint);
  const sample = JSON.stringify({
    caseNumber: 'x',
    level: 2,
    channel: 'pad',
    tags: [],
    anonymous: true,
    itemCode: '4104-01-001',
    unitId: 'U-SCJG',
    regionCode: '410400',
  });
  const rawPut = async (pk: string) => {
    await client.send(new PutItemCommand({ TableName: TABLE, Item: marshall({ pk, sk: 'A', data: sample }) }));
  };
  const pair = async (caseNumber: string, pk: string) => {
    await client.send(new GetItemCommand({ TableName: TABLE, Key: marshall({ pk: `CASE#${caseNumber}`, sk: 'A' }), ConsistentRead: true }));
    await client.send(new PutItemCommand({ TableName: TABLE, Item: marshall({ pk, sk: 'A', data: sample }), ConditionExpression: 'attribute_not_exists(pk)' }));
  };
  const demoToken = async (user: string) =>
    (
      (await (
        await fetch(`${stack.url}/auth/demo-token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user }) })
      ).json()) as { token: string }
    ).token;
  const token = await demoToken('pad');
  // The warm-up: raw writes, raw pairs and ratings through the API, none of them timed or metered.
  await pool(
    Array.from({ length: 2 * WARM }, (_, i) => `RAWWARM#${i}`),
    rawPut,
  );
  await pool(warmCases, (n) => pair(n, `RAWPAIRWARM#${n}`));
  const warmLoad = await postRatingsFromWorker(stack.url, token, warmCases);
  await stack.drainStream();
  meter.reset();

  const cpu = cpuClock(stack.dynamoPid);
  let took = cpu();
  let t0 = performance.now();
  await pool(numbers, (n) => rawPut(`RAW#${n}`));
  const rawBeforePerSec = N / ((performance.now() - t0) / 1000);
  const rawBeforeCpu = took();
  // The same database doing one two-item transaction (what a bad rating costs at the storage level).
  t0 = performance.now();
  await pool(numbers, async (n) => {
    await client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: TABLE, Item: marshall({ pk: `RAWTX#${n}`, sk: 'A', data: sample }), ConditionExpression: 'attribute_not_exists(pk)' } },
          { Put: { TableName: TABLE, Item: marshall({ pk: `RAWTX#${n}`, sk: 'B', data: sample }) } },
        ],
      }),
    );
  });
  const rawTxPerSec = N / ((performance.now() - t0) / 1000);
  took = cpu();
  t0 = performance.now();
  await pool(numbers, (n) => pair(n, `RAWPAIR#${n}`));
  const rawPairPerSec = N / ((performance.now() - t0) / 1000);
  const rawPairCpu = took();
  t0 = performance.now();
  await pool(numbers.slice(0, 200), (n) => pair(n, `RAWPAIRSEQ#${n}`), 1);
  const rawPairMs = (performance.now() - t0) / 200;

  // 2. Ratings through the HTTP API (JWT check, validation, the case read for ownership, one conditional write).
  let failures = warmLoad.failures;
  const rateOne = async (caseNumber: string) => {
    const res = await fetch(`${stack.url}/ratings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ caseNumber, level: 1, channel: 'pad', anonymous: true }),
    });
    await res.arrayBuffer();
    if (res.status !== 201) failures++;
  };
  const measured = numbers.slice(0, N - 200);
  // The pad's tickets: the business system puts each case on window W01's board, the pad reads the board (not timed).
  const clientToken = await demoToken('client');
  const tickets: Record<string, string> = {};
  await pool(
    [...ticketCases, ...unitTicketCases],
    async (caseNumber) => {
      const board = `${stack.url}/windows/V-CITY/W01/current-case`;
      const auth = (t: string) => ({ 'content-type': 'application/json', authorization: `Bearer ${t}` });
      await (await fetch(board, { method: 'PUT', headers: auth(clientToken), body: JSON.stringify({ caseNumber }) })).arrayBuffer();
      const shown = (await (await fetch(board, { headers: auth(token) })).json()) as { current?: { caseNumber: string; ticket?: string } };
      if (shown.current?.caseNumber === caseNumber && shown.current.ticket) tickets[caseNumber] = shown.current.ticket;
    },
    1,
  );
  // The raw writes and the boards above are in the stream too: the aggregator's work on them is not the ratings'.
  await stack.drainStream();
  // The clients run in a worker thread: the stack's one Node thread (in AWS, many functions) serves, it does not also drive the load.
  // Timed like the raw runs: not metered.
  meter.pause();
  took = cpu();
  const load = await postRatingsFromWorker(stack.url, token, measured);
  const apiCpu = took();
  failures += load.failures;
  const apiPerSec = measured.length / (load.ms / 1000);
  await stack.drainStream();
  // The same with the board's tickets: the pad's ratings need no case read (one conditional write each).
  took = cpu();
  const ticketLoad = await postRatingsFromWorker(stack.url, token, ticketCases, tickets);
  const ticketCpu = took();
  failures += ticketLoad.failures;
  const ticketPerSec = ticketCases.length / (ticketLoad.ms / 1000);
  await stack.drainStream();
  // Raw writes again, right after the ratings, on the table as it now is: the ratios use the mean of both raw runs.
  took = cpu();
  t0 = performance.now();
  await pool(numbers, (n) => rawPut(`RAWAFTER#${n}`));
  const rawAfterPerSec = N / ((performance.now() - t0) / 1000);
  const rawAfterCpu = took();
  client.destroy();
  const rawPerSec = (rawBeforePerSec + rawAfterPerSec) / 2;
  const rawCpu = {
    java: rawBeforeCpu.java === undefined || rawAfterCpu.java === undefined ? undefined : (rawBeforeCpu.java + rawAfterCpu.java) / 2,
    thread: (rawBeforeCpu.thread + rawAfterCpu.thread) / 2,
  };
  await stack.drainStream();
  meter.resume();
  // Units per rating from metered runs of their own (not timed), each with everything that follows (the counters).
  meter.reset();
  const unitLoad = await postRatingsFromWorker(stack.url, token, unitCases);
  await stack.drainStream();
  const ratingUnits = meter.take();
  const unitTicketLoad = await postRatingsFromWorker(stack.url, token, unitTicketCases, tickets);
  await stack.drainStream();
  const ticketUnits = meter.take();
  failures += unitLoad.failures + unitTicketLoad.failures;
  // One at a time: the time of one request (an upper bound of the function's billed duration, which excludes the JWT check and HTTP).
  const sequential = numbers.slice(N - 200);
  t0 = performance.now();
  await pool(sequential, rateOne, 1);
  const msPerRequest = (performance.now() - t0) / sequential.length;
  await stack.drainStream();

  // 3. Bad-review workflow: state transitions per case (execution history) and its units.
  const staff = { sub: 'bench-staff', role: 'staff' as const, unitId: 'U-SCJG' };
  const citizen = { sub: 'bench-citizen', role: 'citizen' as const, personKey: 'bench' };
  const until = async (what: () => Promise<boolean>) => {
    for (let i = 0; i < 600 && !(await what()); i++) await new Promise((r) => setTimeout(r, 50));
  };
  const definition = JSON.parse(readBadReviewDefinition());
  const taskStates = new Set<string>();
  const collect = (states: Record<string, any>) => {
    for (const [name, s] of Object.entries(states)) {
      if (s.Type === 'Task') taskStates.add(name);
      for (const b of s.Branches ?? []) collect(b.States);
      if (s.Iterator?.States) collect(s.Iterator.States);
      if (s.ItemProcessor?.States) collect(s.ItemProcessor.States);
    }
  };
  collect(definition.States);
  async function badReviewCase(caseNumber: string, neglect: boolean) {
    meter.reset();
    await submitRating(
      deps,
      { sub: 'bench', role: 'citizen', personKey: 'bench' },
      { caseNumber, assessNumber: 1, level: 4, channel: 'mobile', tags: ['服务态度'], anonymous: false },
    );
    const id = `${caseNumber}-1`;
    const at = async (step: string) => (await deps.badReviews.get(id))?.step === step;
    await until(() => at(neglect ? 'escalated' : 'verify'));
    await recordVerification(deps, staff, id, { contacted: true, facts: '已核实' });
    await until(() => at('rectify'));
    await recordRectification(deps, staff, id, { measures: '已整改', evidence: [] });
    await replyToRater(deps, staff, id, { text: '已答复' });
    await until(() => at('visit'));
    await answerVisit(deps, citizen, id, { answer: 'satisfied' });
    await until(async () => (await deps.badReviews.get(id))?.status === 'closed');
    await stack.drainStream();
    const review = (await deps.badReviews.get(id))!;
    const history = await deps.workflow.history(review.executionId!);
    const { writes, reads } = meter.take();
    return {
      transitions: countTransitions(history),
      tasks: history.filter((e) => e.stateName && taskStates.has(e.stateName) && /StateEntered$/.test(e.type)).length,
      writeUnits: [...writes.values()].reduce((s, u) => s + total(u), 0),
      readUnits: [...reads.values()].reduce((s, u) => s + u, 0),
      /** rating, verification, rectification, reply, visit answer */
      apiCalls: 5,
    };
  }
  const happy = await badReviewCase('BENCH-BR-1', false);
  // The size of a named rating with a reason tag (the bad one above) and of the pad's anonymous one: ≤ 1 KB is one write unit.
  const sizeOf = async (sk: string, caseNumber: string) =>
    itemBytes((await stack.table.client.send(new GetItemCommand({ TableName: TABLE, Key: marshall({ pk: `CASE#${caseNumber}`, sk }) }))).Item ?? {});
  const ratingBytes = { named: await sizeOf('RATING#1', 'BENCH-BR-1'), anonymous: await sizeOf('RATING#1', numbers[0]!) };
  const escalated = await badReviewCase('BENCH-BR-2', true);

  // 4. The default-rating sweep when the cases fall due (the bad-review ones too): each is visited once, found rated (its default rating refused) and taken off the list.
  meter.reset();
  const later = new Date(Date.now() + 11 * 86400_000);
  const sweep = await giveDefaultRatings({ ...deps, clock: { now: () => later } }, N + WARM + 10);
  const swept = sweep.rated + sweep.alreadyRated;
  await stack.drainStream();
  const sweepUnits = meter.take();

  // ── Figures ──
  const per = (x: number) => x / unitCases.length;
  const parts = ['rating', 'case', 'aggregation', 'other'] as const;
  const u = Object.fromEntries(parts.map((p) => [p, ratingUnits.writes.get(p) ?? emptyUnits()])) as Record<(typeof parts)[number], Units>;
  const writePerRating = per(parts.reduce((s, p) => s + total(u[p]), 0));
  const readPerRating = per([...ratingUnits.reads.values()].reduce((s, x) => s + x, 0));
  // Per case in the background (the bench's cases: N pushed, N swept).
  const sumWrites = (m: Map<Part, Units>) => [...m.values()].reduce((s, x) => s + total(x), 0);
  const sumReads = (m: Map<string, number>) => [...m.values()].reduce((s, x) => s + x, 0);
  const perCase = {
    submitWrites: sumWrites(caseUnits.writes) / (N + 2),
    sweepWrites: sumWrites(sweepUnits.writes) / swept,
    sweepReads: sumReads(sweepUnits.reads) / swept,
  };
  const lambdaPerRating = PRICE.lambdaRequest + (Math.ceil(msPerRequest) / 1000) * LAMBDA_GB * PRICE.lambdaGbSecond;
  // The aggregator: one stream record per rating (its insert), full batches, ~1 s each.
  const aggregatorPerRating = (1 / AGGREGATOR_BATCH) * (PRICE.lambdaRequest + 1 * LAMBDA_GB * PRICE.lambdaGbSecond);
  const perMillion = {
    writes: writePerRating * PRICE.writeUnit * 1e6,
    reads: readPerRating * PRICE.readUnit * 1e6,
    lambda: (lambdaPerRating + aggregatorPerRating) * 1e6,
    httpApi: PRICE.httpApiRequest * 1e6,
  };
  // Assumption: one case per rating. Its push is a request of the business system (HTTP API, Lambda); the sweep runs in one job.
  const casePerMillion = {
    writes: (perCase.submitWrites + perCase.sweepWrites) * PRICE.writeUnit * 1e6,
    reads: perCase.sweepReads * PRICE.readUnit * 1e6,
    requests: (PRICE.httpApiRequest + lambdaPerRating) * 1e6,
  };
  const badCost = (c: typeof happy) =>
    1000 *
    (c.transitions * PRICE.transition +
      c.writeUnits * PRICE.writeUnit +
      c.readUnits * PRICE.readUnit +
      (c.tasks + c.apiCalls) * (PRICE.lambdaRequest + 0.1 * LAMBDA_GB * PRICE.lambdaGbSecond) +
      c.apiCalls * PRICE.httpApiRequest);
  const f = (x: number, d = 2) => x.toFixed(d).padStart(8);
  const usd = (x: number) => `$${x.toFixed(3)}`;

  console.log(
    `\nRatings: ${measured.length} timed without and ${ticketCases.length} with a ticket, concurrency ${CONCURRENCY}, ${failures} failures (good, anonymous pad ratings of completed cases; units from ${unitCases.length} + ${unitTicketCases.length} more, metered, not timed)`,
  );
  console.log(
    `  raw DynamoDB Local PutItem                 ${f(rawPerSec, 0)} writes/s   (mean of ${rawBeforePerSec.toFixed(0)} before the ratings and ${rawAfterPerSec.toFixed(0)} after them)`,
  );
  console.log(`  raw DynamoDB Local 2-item transaction      ${f(rawTxPerSec, 0)} transactions/s`);
  console.log(`  POST /ratings with the board's ticket      ${f(ticketPerSec, 0)} ratings/s   (the pad's ratings: one conditional write, no case read)`);
  console.log(`  ratio API with ticket / raw PutItem        ${f(ticketPerSec / rawPerSec)}   (target ≥ 0.5)`);
  console.log(`  POST /ratings without a ticket             ${f(apiPerSec, 0)} ratings/s   (the case read and the conditional write)`);
  console.log(`  ratio API without ticket / raw PutItem     ${f(apiPerSec / rawPerSec)}`);
  console.log(`  ratio API / raw 2-item transaction         ${f(apiPerSec / rawTxPerSec)}`);
  console.log(`  raw GetItem + conditional PutItem          ${f(rawPairPerSec, 0)} pairs/s   (a rating's storage work without the API)`);
  console.log(`  ratio API / raw GetItem + PutItem          ${f(apiPerSec / rawPairPerSec)}`);
  console.log(`  one request at a time                      ${f(msPerRequest, 1)} ms   (raw GetItem + PutItem one at a time ${rawPairMs.toFixed(1)} ms)`);
  if (rawCpu.java !== undefined && rawPairCpu.java !== undefined && apiCpu.java !== undefined) {
    // Per operation: DynamoDB Local's process, the client thread (the raw loops run on this thread; the ratings' load runs on its worker), the stack's thread.
    const row = (name: string, java: number, client: number, stack: number | undefined, n: number) => {
      const all = (java + client + (stack ?? 0)) / n;
      console.log(
        `  ${name.padEnd(28)}${f(java / n)}${f(client / n, 2).padStart(12)}${stack === undefined ? '           -' : f(stack / n, 2).padStart(12)}${f(all, 2).padStart(10)}`,
      );
      return all;
    };
    console.log(`\nCPU time per operation, ms (${availableParallelism()} cores; DynamoDB Local's process from /proc, Node threads from their own clocks):`);
    console.log(`                              DynamoDB Local   load client   stack thread    total`);
    const put = row('raw PutItem', rawCpu.java, rawCpu.thread, undefined, N);
    row('raw GetItem + PutItem', rawPairCpu.java, rawPairCpu.thread, undefined, N);
    const withTicket = row('POST /ratings, ticket', ticketCpu.java ?? 0, ticketLoad.cpuMs, ticketCpu.thread, ticketCases.length);
    const rating = row('POST /ratings, no ticket', apiCpu.java, load.cpuMs, apiCpu.thread, measured.length);
    console.log(
      `  with every core busy in both runs, the rates go as the inverse of these totals: ${(put / withTicket).toFixed(2)} with a ticket, ${(put / rating).toFixed(2)} without` +
        ` (measured ${(ticketPerSec / rawPerSec).toFixed(2)} and ${(apiPerSec / rawPerSec).toFixed(2)})`,
    );
  }
  console.log(`\nWrite units per rating (ReturnConsumedCapacity INDEXES, after draining the stream; refused = conditional writes that failed, billed in AWS):`);
  console.log(`                                  table   indexes   refused     total`);
  for (const p of parts) console.log(`  ${p.padEnd(26)}${f(per(u[p].table))}  ${f(per(u[p].indexes))}  ${f(per(u[p].refused))}  ${f(per(total(u[p])))}`);
  console.log(`  ${'total per rating'.padEnd(26)}${' '.repeat(30)}${f(writePerRating)}   (target ≤ 2)`);
  console.log(`  rating item size: named with a tag ${ratingBytes.named} B, anonymous ${ratingBytes.anonymous} B (≤ 1,024 B = 1 write unit)`);
  console.log(`  of the indexes: ${[...ratingUnits.byIndex].map(([k, v]) => `${k} ${per(v).toFixed(2)}`).join(', ') || 'none'}`);
  console.log(`Read units per rating: ${f(readPerRating)}  (${[...ratingUnits.reads].map(([k, v]) => `${k} ${per(v).toFixed(2)}`).join(', ')})`);
  const perTicket = (x: number) => x / unitTicketCases.length;
  console.log(
    `With the board's ticket: write units per rating ${f(perTicket(sumWrites(ticketUnits.writes)))}, read units ${f(perTicket(sumReads(ticketUnits.reads)))}` +
      `  (${[...ticketUnits.reads].map(([k, v]) => `${k} ${perTicket(v).toFixed(2)}`).join(', ')})`,
  );
  const partsOf = (m: Map<Part, Units>, n: number) =>
    [...m]
      .map(([k, x]) => `${k} ${(x.table / n).toFixed(2)} + indexes ${(x.indexes / n).toFixed(2)}${x.refused ? ` + refused ${(x.refused / n).toFixed(2)}` : ''}`)
      .join('; ');
  console.log(`\nPer case, in the background (not per rating):`);
  console.log(`  the case's write (push)                    ${f(perCase.submitWrites)} write units   (${partsOf(caseUnits.writes, N + 2)})`);
  console.log(
    `  default-rating sweep when due              ${f(perCase.sweepWrites)} write units, ${perCase.sweepReads.toFixed(2)} read units   (${sweep.alreadyRated} found rated, ${sweep.rated} default-rated; ${partsOf(sweepUnits.writes, swept)})`,
  );
  console.log(`\nBad-review workflow per case (execution history; units of the rating, the steps, the counters):`);
  console.log(`                                          transitions  task runs  write units  read units`);
  for (const [name, c] of [
    ['happy path (verify → rectify+reply → visit)', happy],
    ['with one task order and one escalation', escalated],
  ] as const)
    console.log(
      `  ${name.padEnd(44)}${String(c.transitions).padStart(5)}${String(c.tasks).padStart(11)}${f(c.writeUnits, 0).padStart(13)}${f(c.readUnits, 1).padStart(12)}`,
    );
  console.log(`\nList price (AWS us-east-1, USD; DynamoDB on-demand, Lambda Arm64 ${LAMBDA_GB * 1024} MB, HTTP API, Step Functions Standard):`);
  console.log(
    `  per 1M ratings: DynamoDB writes ${usd(perMillion.writes)} + reads ${usd(perMillion.reads)} + Lambda ${usd(perMillion.lambda)} + HTTP API ${usd(perMillion.httpApi)}`,
  );
  console.log(`                  = ${usd(Object.values(perMillion).reduce((s, x) => s + x, 0))}`);
  console.log(
    `  their cases (one per rating): DynamoDB writes ${usd(casePerMillion.writes)} + reads ${usd(casePerMillion.reads)} + push request ${usd(casePerMillion.requests)} = ${usd(Object.values(casePerMillion).reduce((s, x) => s + x, 0))}`,
  );
  console.log(`  per 1M ratings with their cases: ${usd([...Object.values(perMillion), ...Object.values(casePerMillion)].reduce((s, x) => s + x, 0))}`);
  console.log(`  per 1,000 bad-review cases: happy path ${usd(badCost(happy))}, with task order and escalation ${usd(badCost(escalated))}`);
  console.log(`    (transitions ${usd(happy.transitions * PRICE.transition * 1000)} / ${usd(escalated.transitions * PRICE.transition * 1000)} of it)`);
} finally {
  await stack.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
