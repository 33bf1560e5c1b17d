import { appendFileSync, mkdirSync } from 'node:fs';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

// The tests' own console output joins the stack's log, which `test/check-logs.ts` scans for personal data.
const onConsoleLog = (log: string) => {
  mkdirSync('.local', { recursive: true });
  appendFileSync('.local/test-logs.txt', `${log}\n`);
};

/**
 * Four projects: `unit` (fakes, aws-sdk-client-mock, CDK templates) never waits for the
 * local stack; `contract` runs each fake and its DynamoDB adapter through the same cases
 * on a DynamoDB Local of its own; `stack` (integration over HTTP, browser) starts the
 * local stack once in global setup; `web` runs the app's own tests (web/src) in happy-dom. Run one with `npx vitest run --project unit`.
 */
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    onConsoleLog,
    projects: [
      {
        extends: true,
        test: { name: 'unit', env: { POWERTOOLS_DEV: 'true' }, include: ['test/unit/**/*.test.ts', 'test/adapters/**/*.test.ts', 'test/infra/**/*.test.ts'] },
      },
      {
        extends: true,
        // One file at a time on the one shared stack: some files change shared state for a moment (the admin's calendar test loads next year, then removes it).
        test: {
          name: 'stack',
          include: ['test/integration/**/*.test.ts', 'test/browser/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          maxWorkers: 1,
        },
      },
      // Each in-memory fake and its DynamoDB adapter through the same cases; a DynamoDB Local per file (needs Java, like `stack`).
      { extends: true, test: { name: 'contract', include: ['test/contract/**/*.test.ts'] } },
      // The web app's own unit tests (components, API client, storage) in happy-dom, beside the code in web/src.
      { extends: true, plugins: [vue()], test: { name: 'web', environment: 'happy-dom', include: ['web/src/**/*.test.ts'] } },
    ],
  },
});
