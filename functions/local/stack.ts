import { createServer as netServer } from 'node:net';
import { join, resolve } from 'node:path';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { cursorKeyFrom } from '../adapters/dynamo/table.js';
import { DynamoCounterStore } from '../adapters/dynamo/counter-store.js';
import { DynamoReportStore } from '../adapters/dynamo/report-store.js';
import { ExcelReportWriter } from '../adapters/reports/xlsx-writer.js';
import { runReportsJob } from '../usecases/reports.js';
import { DynamoCurrentCaseStore } from '../adapters/dynamo/current-case-store.js';
import { DynamoCitizenCases } from '../adapters/dynamo/citizen-cases.js';
import { StreamPoller } from '../adapters/local/stream-poller.js';
import { aggregate, foldCounters } from '../usecases/indicators.js';
import { badReviewDeps, badReviewSettingsFromEnv } from '../handlers/bad-review-deps.js';
import { foundationDeps } from '../handlers/deps.js';
import { errorBody } from '../http/http-handler.js';
import { logger, runInvocationsConcurrently, withLogContext } from '../observability.js';
import { LocalFileStore } from '../adapters/files/local-files.js';
import { LocalWorkflowEngine, readBadReviewDefinition, readDefinition } from '../adapters/local/local-workflow.js';
import { HttpStatusSink } from '../adapters/sync/http-status-sink.js';
import { complaintDeps, complaintSettingsFromEnv } from '../handlers/complaint-deps.js';
import { exchangeDeps, exchangeSettingsFromEnv } from '../handlers/exchange-deps.js';
import { runDailyExport } from '../usecases/exchange.js';
import { localExchangeReceiver, localExchangeReceivers } from './exchange-receiver.js';
import { reconcileComplaints, runComplaintTask, sendComplaintReminders } from '../usecases/complaint-workflow.js';
import { CompositeNotifier } from '../adapters/notify/composite.js';
import { OutboxNotifier } from '../adapters/notify/outbox-notifier.js';
import { reconcileBadReviews, runBadReviewTask, sendReminders } from '../usecases/bad-review-workflow.js';
import { warnMissingCalendarYears } from '../usecases/calendar-changes.js';
import { giveDefaultRatings } from '../usecases/ratings.js';
import { rewriteRegionsAndUnits } from '../usecases/catalog.js';
import { demoUsers } from './demo-users.js';
import { ensureTable, localClient, localStreamsClient, startDynamoDbLocal } from './dynamodb-local.js';
import { LOCAL_AUDIENCE, LocalIssuer } from './jwt.js';
import { createLocalOidc, WEB_CLIENT_ID, WEB_SCOPE } from './oidc.js';
import { seed, seedPlan } from './seed.js';
import { seedComplaints } from './seed-complaints.js';
import { createLocalServer, type LocalRoute } from './server.js';

export interface LocalStackOptions {
  port: number;
  /** Data folder: DynamoDB files and the issuer key. */
  dataDir: string;
  /** Keep DynamoDB in memory (tests); the folder then only holds the issuer key. */
  inMemory?: boolean;
  seed?: boolean;
  /** How often the scheduled jobs run locally (ms); 0 turns them off. */
  jobIntervalMs?: number;
  /**
   * The pause between two reads of the table's stream (ms), the local counterpart of the
   * event source mapping's batching window (infra/constructs/aggregator.ts, 5 s): longer
   * pauses hand the aggregator larger batches, whose records share counters. Default 1 s;
   * `drainStream()` reads at once whatever the pause.
   */
  streamWindowMs?: number;
}

export const freePort = () =>
  new Promise<number>((ok, fail) => {
    const s = netServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
    s.on('error', fail);
  });

/**
 * Starts the embedded local stack: DynamoDB Local, the table, demo data on first start,
 * the local issuer, the HTTP server with the same handlers Lambda runs, and the jobs.
 */
export async function startLocalStack(opts: LocalStackOptions) {
  // Every function runs in this one process, interleaved: each invocation gets log keys of its own.
  runInvocationsConcurrently();
  const dynamo = await startDynamoDbLocal({ port: await freePort(), dataDir: opts.inMemory ? undefined : join(opts.dataDir, 'dynamodb') });
  try {
    return await startOn(dynamo, opts);
  } catch (e) {
    dynamo.stop(); // a failed start leaves no Java process behind
    throw e;
  }
}

async function startOn(dynamo: Awaited<ReturnType<typeof startDynamoDbLocal>>, opts: LocalStackOptions) {
  const tableName = 'haochaping';
  const client = localClient(dynamo.endpoint);
  await ensureTable(client, tableName);
  // The settings are read here and passed in: nothing is written to process.env, and the
  // handlers get these ports through their `bind` instead of composing from the environment.
  const env = process.env;
  const config = {
    personKeySalt: env.PERSON_KEY_SALT ?? 'local-demo-salt',
    publicBaseUrl: env.PUBLIC_BASE_URL ?? `http://localhost:${opts.port}`,
    publicApiUrl: env.PUBLIC_API_URL ?? `http://localhost:${opts.port}`,
  };
  const table = { tableName, client, cursorKey: cursorKeyFrom(config.personKeySalt) };
  // The local stack's own adapters behind the same ports, built once: the in-process workflow
  // engine running workflows/bad-review.asl.json, a files folder, and an outbox log beside the inbox.
  const workflow = new LocalWorkflowEngine({
    definition: readBadReviewDefinition(),
    taskHandler: (payload) => withLogContext('bad-review-task', () => runBadReviewTask(deps, payload)),
  });
  const foundation = foundationDeps(table, config);
  const badReviews = badReviewDeps(foundation, table, badReviewSettingsFromEnv(env), (base) => ({
    workflow,
    files: new LocalFileStore(join(opts.dataDir, 'files')),
    notifier: new CompositeNotifier([base.inbox, new OutboxNotifier(opts.dataDir)]),
  }));
  // Complaints: their own engine running workflows/complaint.asl.json, and status changes of
  // transfers sent to a simulated national platform on this server (or STATUS_SYNC_URL).
  const complaintWorkflow = new LocalWorkflowEngine({
    definition: readDefinition('complaint'),
    stateMachineName: 'complaint',
    taskHandler: (payload) => withLogContext('complaint-task', () => runComplaintTask(deps, payload)),
  });
  const statusSink = new HttpStatusSink({
    url: env.STATUS_SYNC_URL ?? `http://127.0.0.1:${opts.port}/local/national-platform/status`,
    secret: env.STATUS_SYNC_SECRET ?? 'local-status-sync-secret',
    timeoutMs: 3000,
  });
  const complaints = complaintDeps(foundation, table, { ...complaintSettingsFromEnv(env), statusSink }, () => ({
    complaintWorkflow,
    notifier: badReviews.notifier,
    files: badReviews.files,
  }));
  // Data exchange: GB/T 39046 exports to the simulated platforms on this server (or EXCHANGE_RECEIVERS).
  const localReceivers = localExchangeReceivers(opts.port);
  const exchangeSettings = exchangeSettingsFromEnv({
    EXCHANGE_RECEIVERS: env.EXCHANGE_RECEIVERS ?? localReceivers.receivers,
    EXCHANGE_TOKENS: env.EXCHANGE_TOKENS ?? (env.EXCHANGE_RECEIVERS ? undefined : localReceivers.tokens),
    EXCHANGE_CONFIG: env.EXCHANGE_CONFIG,
  });
  const { exchange, exchangeSource, exchangeSink, exchangeReceivers, exchangeSettings: exchangeOptions } = exchangeDeps(foundation, table, exchangeSettings);
  const exchangePorts = { exchange, exchangeSource, exchangeSink, exchangeReceivers, exchangeSettings: exchangeOptions };
  const deps = Object.freeze({
    ...badReviews,
    ...complaints,
    notifier: badReviews.notifier,
    counters: new DynamoCounterStore(table),
    // Reports: records in the table, files in the same folder as the evidence files (under reports/).
    reports: new DynamoReportStore(table),
    spreadsheet: new ExcelReportWriter(),
    currentCases: new DynamoCurrentCaseStore(table),
    citizenCases: new DynamoCitizenCases(table),
    ...exchangePorts,
  });
  /** What the simulated national platform received (GET /local/national-platform/status lists the last 200; local only). */
  const platformInbox: unknown[] = [];

  // Seed once: a marker item says the demo data is there.
  const marker = { pk: 'SYSTEM', sk: 'SEEDED' };
  /** Set once the catalog's regions and units are in their region directories (from the seed on, or rewritten once). */
  const DIRECTORIES = { pk: 'SYSTEM', sk: 'DIRECTORIES' };
  const seeded = (await client.send(new GetItemCommand({ TableName: tableName, Key: marshall(marker) }))).Item;
  if (opts.seed && !seeded) {
    logger.setLogLevel('WARN'); // hundreds of seed writes would drown the start-up message
    await withLogContext('seed', async () => {
      await seed(deps, seedPlan(new Date()));
      await seedComplaints(deps);
    });
    logger.setLogLevel((process.env.POWERTOOLS_LOG_LEVEL as 'INFO') ?? 'INFO');
    for (const m of [marker, DIRECTORIES])
      await client.send(new PutItemCommand({ TableName: tableName, Item: marshall({ ...m, at: new Date().toISOString() }) }));
  } else if (seeded && !(await client.send(new GetItemCommand({ TableName: tableName, Key: marshall(DIRECTORIES) }))).Item) {
    // A data folder from before the region directories: its regions and units are put again, once.
    await rewriteRegionsAndUnits(deps);
    await client.send(new PutItemCommand({ TableName: tableName, Item: marshall({ ...DIRECTORIES, at: new Date().toISOString() }) }));
  }

  const issuer = await LocalIssuer.open(opts.dataDir);
  const users = demoUsers(config.personKeySalt);
  // The real OIDC provider with the same demo users at /oidc; the API accepts its access tokens too.
  const oidc = await createLocalOidc({ baseUrl: config.publicBaseUrl, dataDir: opts.dataDir, users });
  issuer.trust(oidc.issuer, LOCAL_AUDIENCE, oidc.jwks);
  /** What the web app reads at start (in AWS the same file is deployed next to the app). */
  const webConfig = { apiBaseUrl: config.publicApiUrl, oidc: { authority: oidc.issuer, clientId: WEB_CLIENT_ID, scope: WEB_SCOPE } };
  const demoRoutes: LocalRoute = async (req, url, body) => {
    if (req.method === 'GET' && url.pathname === '/config.json') return { status: 200, body: webConfig };
    if (req.method === 'GET' && url.pathname === '/auth/demo-users')
      return { status: 200, body: Object.entries(users).map(([id, u]) => ({ id, label: u.label, role: u.claims.role })) };
    if (req.method === 'GET' && url.pathname === '/.well-known/jwks.json') return { status: 200, body: { keys: [issuer.publicJwk] } };
    if (req.method === 'POST' && url.pathname === '/auth/demo-token') {
      let id: unknown;
      try {
        id = JSON.parse(body.toString('utf8') || '{}').user;
      } catch {
        return { status: 400, body: errorBody('MALFORMED_JSON', '请求体不是合法的 JSON', [{ field: '', rule: 'json', message: '不是合法的 JSON' }]) };
      }
      const user = typeof id === 'string' ? users[id] : undefined;
      if (!user)
        return {
          status: 400,
          body: errorBody('VALIDATION_FAILED', `user 应为 ${Object.keys(users).join(', ')} 之一`, [
            { field: 'user', rule: 'enum', message: `应为 ${Object.keys(users).join(', ')} 之一` },
          ]),
        };
      return { status: 200, body: { token: await issuer.sign(user.claims), user: { id, label: user.label, ...user.claims } } };
    }
    // The simulated national platform: accepts status events (as the real one would, signed) and lists them.
    if (url.pathname === '/local/national-platform/status') {
      if (req.method === 'POST') {
        platformInbox.push({ ...JSON.parse(body.toString('utf8') || '{}'), receivedAt: new Date().toISOString() });
        return { status: 200, body: { accepted: true } };
      }
      if (req.method === 'GET') return { status: 200, body: { items: platformInbox.slice(-200) } };
    }
    // Runs a scheduled job now (what EventBridge Scheduler does in AWS); admins only.
    const job = /^\/local\/jobs\/([a-z-]+)$/.exec(url.pathname)?.[1];
    if (req.method === 'POST' && job) {
      const claims = await issuer.verify(/^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '');
      if (claims?.role !== 'admin')
        return {
          status: claims ? 403 : 401,
          body: claims ? errorBody('FORBIDDEN', '仅管理员可手动运行定时任务') : errorBody('UNAUTHENTICATED', '未登录或令牌无效'),
        };
      const run = job in jobs ? jobs[job as keyof typeof jobs] : undefined;
      if (!run) return { status: 404, body: errorBody('NOT_FOUND', `没有名为 ${job} 的定时任务`) };
      return { status: 200, body: await run() };
    }
    return undefined;
  };
  const jobs = {
    // Each run is one invocation of its Lambda function, as EventBridge Scheduler makes it.
    'default-ratings': () => withLogContext('default-ratings', () => giveDefaultRatings(deps)),
    reconciler: () => withLogContext('reconciler', async () => ({ badReviews: await reconcileBadReviews(deps), complaints: await reconcileComplaints(deps) })),
    reminders: () =>
      withLogContext('reminders', async () => ({
        ...(await sendReminders(deps)),
        complaints: await sendComplaintReminders(deps),
        ...(await warnMissingCalendarYears(deps)),
      })),
    // The daily GB/T 39046 export (02:30 in AWS): each receiver's whole days after its watermark.
    exchange: () => withLogContext('exchange', () => runDailyExport(deps)),
    // The reports due today (06:30 in AWS): 双周通报, 工作进展报告, 年度报告 for the city and each county.
    reports: () => withLogContext('reports', () => runReportsJob(deps)),
  };
  const server = createLocalServer({
    issuer,
    webDir: resolve('web'),
    deps,
    localRoutes: [demoRoutes, localExchangeReceiver(exchangeSettings.tokens, (t) => issuer.verify(t))],
    webOrigin: new URL(config.publicBaseUrl).origin,
    mounts: [oidc.handle],
  });
  await new Promise<void>((ok) => server.listen(opts.port, '127.0.0.1', ok));

  // The table's stream feeds the indicator counters, as the aggregator function's event source mapping does in AWS.
  const streams = localStreamsClient(dynamo.endpoint);
  const streamPoller = await new StreamPoller({
    table,
    streams,
    intervalMs: opts.streamWindowMs ?? 1000,
    // Staged and folded at once: locally the counters are as fresh as the stream (in AWS the fold job runs hourly).
    onBatch: (batch) =>
      withLogContext('aggregator', async () => {
        await aggregate(deps, batch);
        await foldCounters(deps);
      }),
  }).start();

  const timers: NodeJS.Timeout[] = [];
  // A restart lost every execution held in memory: resume open bad reviews at once.
  await jobs.reconciler();
  if (opts.jobIntervalMs) {
    const every = (ms: number, run: () => Promise<unknown>) => timers.push(setInterval(() => void run().catch(() => undefined), ms));
    void jobs['default-ratings']().catch(() => undefined);
    every(opts.jobIntervalMs, jobs['default-ratings']);
    every(opts.jobIntervalMs, jobs.reconciler);
    // A daily job in AWS: locally the first run of each Shanghai day that succeeds is the day's.
    let reportsDone = '';
    every(opts.jobIntervalMs, async () => {
      const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
      if (reportsDone !== day) reportsDone = (await jobs.reports()).date;
    });
    every(opts.jobIntervalMs, jobs.exchange);
    // Reminders are due at 50% / 80% of a step: check often enough for the demo clock too.
    every(deps.demoWorkdaySeconds ? Math.max(1000, deps.demoWorkdaySeconds * 100) : opts.jobIntervalMs, jobs.reminders);
  }

  return {
    url: `http://localhost:${opts.port}`,
    dynamoEndpoint: dynamo.endpoint,
    /** DynamoDB Local's process (the bench reads its CPU time). */
    dynamoPid: dynamo.pid,
    /** The ports the handlers run on, and the table with its one DynamoDB client (the bench reads consumed capacity on it). */
    deps,
    table,
    users,
    issuer,
    /** The local OIDC provider's issuer URL (`<url>/oidc`). */
    oidcIssuer: oidc.issuer,
    /** Resolves once every change written before the call has reached the aggregator (tests, bench). */
    drainStream: () => streamPoller.drain(),
    async stop() {
      await streamPoller.stop();
      streams.destroy();
      timers.forEach(clearInterval);
      workflow.stopAll();
      complaintWorkflow.stopAll();
      await new Promise((ok) => server.close(ok));
      client.destroy();
      dynamo.stop();
    },
  };
}
