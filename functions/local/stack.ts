import { createServer as netServer } from 'node:net';
import { join, resolve } from 'node:path';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { handlerDeps } from '../handlers/deps.js';
import { giveDefaultRatings } from '../usecases/ratings.js';
import { demoUsers } from './demo-users.js';
import { ensureTable, localClient, startDynamoDbLocal } from './dynamodb-local.js';
import { LocalIssuer } from './jwt.js';
import { seed, seedPlan } from './seed.js';
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
  const dynamo = await startDynamoDbLocal({ port: await freePort(), dataDir: opts.inMemory ? undefined : join(opts.dataDir, 'dynamodb') });
  const tableName = 'haochaping';
  Object.assign(process.env, {
    TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    PERSON_KEY_SALT: process.env.PERSON_KEY_SALT ?? 'local-demo-salt',
    PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL ?? `http://localhost:${opts.port}`,
    PUBLIC_API_URL: process.env.PUBLIC_API_URL ?? `http://localhost:${opts.port}`,
    AWS_REGION: process.env.AWS_REGION ?? 'local',
  });
  const client = localClient(dynamo.endpoint);
  await ensureTable(client, tableName);
  const deps = handlerDeps();

  // Seed once: a marker item says the demo data is there.
  const marker = { pk: 'SYSTEM', sk: 'SEEDED' };
  const seeded = (await client.send(new GetItemCommand({ TableName: tableName, Key: marshall(marker) }))).Item;
  if (opts.seed && !seeded) {
    await seed(deps, seedPlan(new Date()));
    await client.send(new PutItemCommand({ TableName: tableName, Item: marshall({ ...marker, at: new Date().toISOString() }) }));
  }

  const issuer = await LocalIssuer.open(opts.dataDir);
  const users = demoUsers(process.env.PERSON_KEY_SALT!);
  const demoRoutes: LocalRoute = async (req, url, body) => {
    if (req.method === 'GET' && url.pathname === '/auth/demo-users')
      return { status: 200, body: Object.entries(users).map(([id, u]) => ({ id, label: u.label, role: u.claims.role })) };
    if (req.method === 'GET' && url.pathname === '/.well-known/jwks.json') return { status: 200, body: { keys: [issuer.publicJwk] } };
    if (req.method === 'POST' && url.pathname === '/auth/demo-token') {
      let id: unknown;
      try {
        id = JSON.parse(body.toString('utf8') || '{}').user;
      } catch {
        return { status: 400, body: { error: { code: 'MALFORMED_JSON', message: '请求体不是合法的 JSON' } } };
      }
      const user = typeof id === 'string' ? users[id] : undefined;
      if (!user) return { status: 400, body: { error: { code: 'VALIDATION_FAILED', message: `user 应为 ${Object.keys(users).join(', ')} 之一` } } };
      return { status: 200, body: { token: await issuer.sign(user.claims), user: { id, label: user.label, ...user.claims } } };
    }
    // Runs a scheduled job now (what EventBridge Scheduler does in AWS); admins only.
    if (req.method === 'POST' && url.pathname === '/local/jobs/default-ratings') {
      const claims = await issuer.verify(/^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '');
      if (claims?.role !== 'admin') return { status: 403, body: { error: { code: 'FORBIDDEN', message: '仅管理员可手动运行定时任务' } } };
      return { status: 200, body: await giveDefaultRatings(deps) };
    }
    return undefined;
  };
  const server = createLocalServer({ issuer, webDir: resolve('web'), localRoutes: [demoRoutes] });
  await new Promise<void>((ok) => server.listen(opts.port, '127.0.0.1', ok));

  const jobs: NodeJS.Timeout[] = [];
  if (opts.jobIntervalMs) {
    const run = () => giveDefaultRatings(deps).catch(() => undefined);
    void run();
    jobs.push(setInterval(run, opts.jobIntervalMs));
  }

  return {
    url: `http://localhost:${opts.port}`,
    dynamoEndpoint: dynamo.endpoint,
    users,
    issuer,
    async stop() {
      jobs.forEach(clearInterval);
      await new Promise((ok) => server.close(ok));
      client.destroy();
      dynamo.stop();
    },
  };
}
