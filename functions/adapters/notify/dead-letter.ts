import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Notification } from '../../ports/notifier.js';

/** A notification an external channel did not accept after its retries. */
export interface DeadLetterEntry {
  /** The channel that gave up, e.g. `smsWebhook`. */
  channel: string;
  notification: Notification;
  /** Why, without internals: `HTTP 503`, or an error name such as `TimeoutError`. */
  reason: string;
  attempts: number;
  /** ISO 8601. */
  failedAt: string;
}

/**
 * Where undeliverable notifications are parked for a look and a re-send: an SQS queue on
 * AWS (alarmed on), a local NDJSON file in the local stack. Entries carry no personal
 * data: notifications address audiences, and their texts are personal-data-free by contract.
 */
export interface DeadLetter {
  put(entry: DeadLetterEntry): Promise<void>;
}

/** Local stack: one JSON line per entry in `{dataDir}/dead-letters.ndjson`. */
export class FileDeadLetter implements DeadLetter {
  readonly file: string;

  constructor(dataDir: string, fileName = 'dead-letters.ndjson') {
    this.file = join(dataDir, fileName);
  }

  async put(entry: DeadLetterEntry): Promise<void> {
    await appendLine(this.file, entry);
  }
}

/** Appends one NDJSON line (a single `O_APPEND` write, so concurrent writers do not interleave lines). */
export async function appendLine(file: string, value: unknown): Promise<void> {
  await mkdir(join(file, '..'), { recursive: true });
  await appendFile(file, `${JSON.stringify(value)}\n`, 'utf8');
}
