import { SNSClient } from '@aws-sdk/client-sns';
import { CompositeNotifier } from '../adapters/notify/composite.js';
import { SnsNotifier } from '../adapters/notify/sns-notifier.js';
import { SqsDeadLetter } from '../adapters/notify/sqs-dead-letter.js';
import { WebhookNotifier } from '../adapters/notify/webhook-notifier.js';
import type { Notifier } from '../ports/notifier.js';
import type { BadReviewDeps } from '../usecases/deps.js';
import { type Capability, composeBadReviewDeps } from './bad-review-deps.js';

/** `uses: ['notify']`: besides the in-app inbox, the SNS alert topic and the SMS webhook (with its SQS dead letter). */
export const notify: Capability = (base, env) => {
  const channels: Notifier[] = [base.inbox];
  if (env.ALERT_TOPIC_ARN) channels.push(new SnsNotifier({ client: new SNSClient({}), topicArn: env.ALERT_TOPIC_ARN }));
  if (env.SMS_WEBHOOK_URL && env.SMS_DLQ_URL)
    channels.push(new WebhookNotifier({ url: env.SMS_WEBHOOK_URL, deadLetter: new SqsDeadLetter({ queueUrl: env.SMS_DLQ_URL }) }));
  return { notifier: new CompositeNotifier(channels) };
};

/** Composition root for handlers whose route uses the notification channels (see bad-review-deps.ts). */
export const badReviewHandlerDeps = (env = process.env): BadReviewDeps => composeBadReviewDeps(env, notify);
