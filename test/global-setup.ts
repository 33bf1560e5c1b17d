import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort } from '../functions/local/stack.js';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

/** Every log line the suite produces ends up here: the stack's stdout/stderr and the tests' console. */
export const LOG_FILE = resolve('.local/test-logs.txt');
let stack: ChildProcess | undefined;
let dataDir: string | undefined;

/**
 * Starts the real local stack (DynamoDB Local in memory, demo data, HTTP server) once
 * for the integration tests, capturing its output in LOG_FILE; `test/check-logs.ts`
 * scans that file after the run for unmasked ID numbers and phones.
 */
export async function setup(project: TestProject) {
  mkdirSync(resolve('.local'), { recursive: true });
  writeFileSync(LOG_FILE, '');
  const port = await freePort();
  dataDir = mkdtempSync(join(tmpdir(), 'hcp-test-'));
  stack = spawn(resolve('node_modules/.bin/tsx'), ['functions/local/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      DYNAMODB_IN_MEMORY: '1',
      SEED: '1',
      JOB_INTERVAL_MS: '0',
      DEMO_WORKDAY_SECONDS: process.env.DEMO_WORKDAY_SECONDS ?? '3',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('local stack did not start in 120 s')), 120_000);
    let seen = '';
    const onData = (d: Buffer) => {
      appendFileSync(LOG_FILE, d);
      seen = seen.slice(-100) + d.toString();
      if (seen.includes('local stack is up')) {
        clearTimeout(timer);
        ok();
      }
    };
    stack!.stdout!.on('data', onData);
    stack!.stderr!.on('data', (d) => appendFileSync(LOG_FILE, d));
    stack!.on('exit', (code) => fail(new Error(`local stack exited with ${code}; see ${LOG_FILE}`)));
  });
  project.provide('baseUrl', `http://localhost:${port}`);
}

export async function teardown() {
  stack?.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 300));
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
