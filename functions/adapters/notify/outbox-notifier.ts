import { join } from 'node:path';
import type { Notification, Notifier } from '../../ports/notifier.js';
import { appendLine } from './dead-letter.js';

/**
 * Local stack: every notification, of every kind, appended as one JSON line to
 * `{dataDir}/outbox.ndjson` — what SNS and the SMS platform would have received.
 * `tail -f .local/outbox.ndjson` shows reminders, task orders and escalations as the
 * demo clock runs.
 */
export class OutboxNotifier implements Notifier {
  readonly file: string;

  constructor(dataDir: string, fileName = 'outbox.ndjson') {
    this.file = join(dataDir, fileName);
  }

  async notify(n: Notification): Promise<void> {
    await appendLine(this.file, n);
  }
}
