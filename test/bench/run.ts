/**
 * `npm run bench`: speed and size figures for the README.
 * - throughput.ts: ratings/s through the local HTTP API vs the raw DynamoDB Local write
 *   rate, and the bad-review workflow's state transitions per case;
 * - bundles.ts: every Lambda function's bundle size and import time as ratios to a bare
 *   DynamoDB handler, built with the CDK construct's esbuild settings.
 * `npm run bench -- --bundles` runs only the second part (no DynamoDB Local, no Java).
 * Bounded loops on loopback only; stops by itself.
 */
const bundlesOnly = process.argv.includes('--bundles');

if (!bundlesOnly) await import('./throughput.js');
const { benchBundles } = await import('./bundles.js');
await benchBundles();
process.exit(0);
