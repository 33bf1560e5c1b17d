import type { Notification, NotificationKind, Notifier } from '../../ports/notifier.js';
import { errorName } from './composite.js';
import type { DeadLetter } from './dead-letter.js';

/** What is worth a text message: a task order, an escalation, a deadline reminder. */
export const SMS_KINDS: ReadonlySet<NotificationKind> = new Set(['taskOrder', 'escalation', 'reminder']);

/** The SMS platform's template per kind (its 短信模板编号); override per deployment. */
export const DEFAULT_SMS_TEMPLATES: Readonly<Partial<Record<NotificationKind, string>>> = {
  taskOrder: 'HCP_TASK_ORDER',
  escalation: 'HCP_ESCALATION',
  reminder: 'HCP_REMINDER',
};

/** The body POSTed to the platform. No phone number: the platform resolves the audience to its people. */
export interface SmsWebhookPayload {
  templateCode: string;
  audience: Notification['audience'];
  title: string;
  body: string;
  id: string;
}

export interface WebhookNotifierProps {
  /** The SMS platform's webhook (https). */
  readonly url: string;
  /** Where a notification goes after the last failed attempt. */
  readonly deadLetter: DeadLetter;
  /** @default 3 */
  readonly attempts?: number;
  /** Wait before the 2nd attempt; doubles each time. @default 250 ms */
  readonly baseDelayMs?: number;
  /** Per attempt. @default 2500 ms — 3 attempts and their waits stay under the 10 s of a function. */
  readonly timeoutMs?: number;
  readonly templates?: Readonly<Partial<Record<NotificationKind, string>>>;
  /** Extra request headers, e.g. the platform's access key. */
  readonly headers?: Readonly<Record<string, string>>;
  /** For tests. @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** For tests. @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** @default new Date() */
  readonly now?: () => Date;
}

/** Network failures, timeouts, 408, 429 and 5xx are worth another try; other answers are final. */
const retryableStatus = (status: number) => status === 408 || status === 429 || status >= 500;

/**
 * Sends SMS-worthy notifications (task order, escalation, reminder) to the external SMS
 * platform's webhook; other kinds are ignored. Up to `attempts` tries with exponential
 * backoff; the notification id goes as `Idempotency-Key` so the platform can drop a
 * retried duplicate. When the last attempt fails, or the platform refuses the request
 * (4xx), the notification is put in the dead letter and `notify` resolves; it rejects
 * only if the dead letter fails too.
 */
export class WebhookNotifier implements Notifier {
  private readonly attempts: number;
  private readonly baseDelayMs: number;
  private readonly timeoutMs: number;
  private readonly templates: Readonly<Partial<Record<NotificationKind, string>>>;
  private readonly fetch: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => Date;

  constructor(private readonly props: WebhookNotifierProps) {
    this.attempts = Math.max(1, props.attempts ?? 3);
    this.baseDelayMs = props.baseDelayMs ?? 250;
    this.timeoutMs = props.timeoutMs ?? 2500;
    this.templates = { ...DEFAULT_SMS_TEMPLATES, ...props.templates };
    this.fetch = props.fetch ?? globalThis.fetch;
    this.sleep = props.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.now = props.now ?? (() => new Date());
  }

  async notify(n: Notification): Promise<void> {
    const templateCode = SMS_KINDS.has(n.kind) ? this.templates[n.kind] : undefined;
    if (!templateCode) return;
    const payload: SmsWebhookPayload = { templateCode, audience: n.audience, title: n.title, body: n.body, id: n.id };

    let reason = 'NotSent';
    let attempt = 0;
    while (attempt < this.attempts) {
      if (attempt > 0) await this.sleep(this.baseDelayMs * 2 ** (attempt - 1));
      attempt++;
      const result = await this.send(payload);
      if (result.ok) return;
      reason = result.reason;
      if (!result.retryable) break;
    }
    await this.props.deadLetter.put({ channel: 'smsWebhook', notification: n, reason, attempts: attempt, failedAt: this.now().toISOString() });
  }

  private async send(payload: SmsWebhookPayload): Promise<{ ok: true } | { ok: false; retryable: boolean; reason: string }> {
    try {
      const res = await this.fetch(this.props.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', 'idempotency-key': payload.id, ...this.props.headers },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      // Free the connection; the platform's answer body is not used.
      await res.body?.cancel().catch(() => undefined);
      if (res.ok) return { ok: true };
      return { ok: false, retryable: retryableStatus(res.status), reason: `HTTP ${res.status}` };
    } catch (err) {
      // fetch rejects on network errors (TypeError) and timeouts (TimeoutError): try again.
      return { ok: false, retryable: true, reason: errorName(err) };
    }
  }
}
