import { resolve } from 'node:path';
import { PrerequisiteError } from './dynamodb-local.js';
import { startLocalStack } from './stack.js';
import { buildWebIfNeeded } from './web-build.js';

/** `npm start`: the local stack with demo data, on PORT (default 3000). */
const port = Number(process.env.PORT ?? 3000);
const dataDir = resolve(process.env.DATA_DIR ?? '.local');
// The web app (web/dist) is built first when missing or older than its sources; the server serves it (and web/favicon.svg).
await buildWebIfNeeded((line) => process.stdout.write(`${line}\n`));
const stack = await startLocalStack({
  port,
  dataDir,
  inMemory: process.env.DYNAMODB_IN_MEMORY === '1',
  seed: process.env.SEED !== '0',
  jobIntervalMs: Number(process.env.JOB_INTERVAL_MS ?? 60_000),
}).catch((e: unknown) => {
  // Something this machine lacks (Java): say what and how to get it, in one line.
  if (!(e instanceof PrerequisiteError)) throw e;
  process.stderr.write(`npm start: ${e.message}\n`);
  process.exit(1);
});

const lines = [
  '',
  `好差评 local stack is up (data in ${dataDir})`,
  `  Workbench       ${stack.url}/   (units, supervisors, admins: sign in as one of the demo users below)`,
  `  Citizen app     ${stack.url}/rate.html?venue=V-CITY&window=W01`,
  `  Hall pad        ${stack.url}/pad.html`,
  `  Disclosure      ${stack.url}/open.html?region=410400   (public, no sign-in)`,
  `  API             ${stack.url}   (health: ${stack.url}/health)`,
  `  OpenAPI 3.1     ${stack.url}/openapi.json`,
  `  DynamoDB Local  ${stack.dynamoEndpoint}`,
  '',
  'Demo users (the web pages sign in through the local OIDC provider; for API calls POST /auth/demo-token {"user": "<id>"} returns a bearer token):',
  ...Object.entries(stack.users).map(([id, u]) => `  ${id.padEnd(17)} ${u.label}`),
  '',
  `  e.g. curl -s -X POST ${stack.url}/auth/demo-token -H 'content-type: application/json' -d '{"user":"admin"}'`,
  '',
];
process.stdout.write(`${lines.join('\n')}\n`);

const shutdown = async () => {
  await stack.stop();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
