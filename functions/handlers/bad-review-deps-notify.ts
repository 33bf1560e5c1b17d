import { CompositeNotifier } from '../adapters/notify/composite.js';
import { SnsNotifier } from '../adapters/notify/sns-notifier.js';
import { SqsDeadLetter } from '../adapters/notify/sqs-dead-letter.js';
import { WebhookNotifier } from '../adapters/notify/webhook-notifier.js';
import type { Notifier } from '../ports/notifier.js';
import type { BadReviewDeps } from '../usecases/deps.js';
import { type Capability, composeBadReviewDeps } from './bad-review-deps.js';

/** Besides the in-app inbox, the SNS alert topic and the SMS webhook (with its SQS dead letter), as the environment names them. */
export function notifierFromEnv(inbox: Notifier, env: NodeJS.ProcessEnv): Notifier {
  const channels: Notifier[] = [inbox];
  if (env.ALERT_TOPIC_ARN) channels.push(new SnsNotifier({ topicArn: env.ALERT_TOPIC_ARN }));
  if (env.SMS_WEBHOOK_URL && env.SMS_DLQ_URL)
    channels.push(new WebhookNotifier({ url: env.SMS_WEBHOOK_URL, deadLetter: new SqsDeadLetter({ queueUrl: env.SMS_DLQ_URL }) }));
  return new CompositeNotifier(channels);
}

/** `uses: ['notify']`: every notification channel of the environment. */
export const notify: Capability = (base, env) => ({ notifier: notifierFromEnv(base.inbox, env) });

/** Composition root for handlers whose route uses the notification channels (see bad-review-deps.ts). */
export const badReviewHandlerDeps = (env = process.env): BadReviewDeps => composeBadReviewDeps(env, notify);
