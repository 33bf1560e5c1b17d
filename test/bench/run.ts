/**
 * `npm run bench`: speed and size figures for the README.
 * - throughput.ts: ratings/s through the local HTTP API vs the raw DynamoDB Local write
 *   rate, and the bad-review workflow's state transitions per case;
 * - indicators.ts: items read per dashboard view at 10,000 and 1,000,000 ratings
 *   aggregated into counters on DynamoDB Local, and what the coverage view reads;
 * - reports.ts: the time to build a city-year report (content, XLSX, printable page) from
 *   a year of counters on DynamoDB Local, and the items it reads;
 * - bundles.ts: every Lambda function's bundle size and import time as ratios to a bare
 *   DynamoDB handler, built with the CDK construct's esbuild settings.
 * `npm run bench -- --bundles` runs only the second part (no DynamoDB Local, no Java).
 * Bounded loops on loopback only; stops by itself.
 */
const bundlesOnly = process.argv.includes('--bundles');

if (!bundlesOnly) await import('./throughput.js');
if (!bundlesOnly) await import('./indicators.js');
if (!bundlesOnly) await import('./reports.js');
const { benchBundles } = await import('./bundles.js');
await benchBundles();
await (await import('./web.js')).benchWeb();
process.exit(0);
