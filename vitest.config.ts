import { appendFileSync, mkdirSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // The tests' own console output joins the stack's log, which global teardown scans for personal data.
    onConsoleLog(log) {
      mkdirSync('.local', { recursive: true });
      appendFileSync('.local/test-logs.txt', `${log}\n`);
    },
  },
});
