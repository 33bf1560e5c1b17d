import { logger } from '../../observability.js';
import type { Notification, Notifier } from '../../ports/notifier.js';

export type NotifierFailureLog = (failure: { notifier: string; error: string; notificationId: string; kind: string }) => void;

const logFailure: NotifierFailureLog = (failure) => logger.error('A notification channel failed', failure);

/**
 * Sends each notification to every channel (inbox, SNS, SMS webhook, outbox) at the same
 * time. A failing channel does not stop the others and does not fail the caller: it is
 * logged with the error's name only (messages can carry endpoints or payload fragments),
 * the channel's class and the notification id. Channels that must not lose a
 * notification park it themselves (the SMS webhook's dead letter).
 */
export class CompositeNotifier implements Notifier {
  constructor(
    private readonly notifiers: readonly Notifier[],
    private readonly log: NotifierFailureLog = logFailure,
  ) {}

  async notify(n: Notification): Promise<void> {
    const results = await Promise.allSettled(this.notifiers.map((notifier) => notifier.notify(n)));
    results.forEach((result, i) => {
      if (result.status === 'rejected')
        this.log({ notifier: this.notifiers[i]?.constructor.name ?? 'unknown', error: errorName(result.reason), notificationId: n.id, kind: n.kind });
    });
  }
}

export const errorName = (err: unknown) => (err instanceof Error ? err.name : typeof err);
