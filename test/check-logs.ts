/**
 * Runs after the whole suite (`npm test`): every log line the suite produced — the local
 * stack's stdout/stderr and the tests' console — must be free of unmasked ID numbers and
 * phone numbers. Exits non-zero when it finds one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { LOG_FILE } from './global-setup.js';
import { findPersonalData } from './pii.js';

const logs = existsSync(LOG_FILE) ? readFileSync(LOG_FILE, 'utf8') : '';
const lines = logs.split('\n').filter(Boolean);
if (lines.length === 0) {
  console.error(`log scan: ${LOG_FILE} is empty — the suite's logs were not captured`);
  process.exit(1);
}
const leaks = lines.filter((l) => findPersonalData(l).length > 0);
if (leaks.length) {
  console.error(`log scan: ${leaks.length} of ${lines.length} log lines carry unmasked personal data (see ${LOG_FILE})`);
  process.exit(1);
}
console.log(`log scan: ${lines.length} log lines, no unmasked ID or phone numbers`);
