import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoBadReviewStore } from '../adapters/dynamo/bad-review-store.js';
import { tableFromEnv } from '../adapters/dynamo/table.js';
import { S3FileStore } from '../adapters/files/s3-files.js';
import { CompositeNotifier } from '../adapters/notify/composite.js';
import { DynamoNotificationInbox } from '../adapters/notify/dynamo-inbox.js';
import { SnsNotifier } from '../adapters/notify/sns-notifier.js';
import { SqsDeadLetter } from '../adapters/notify/sqs-dead-letter.js';
import { WebhookNotifier } from '../adapters/notify/webhook-notifier.js';
import { SfnWorkflowEngine } from '../adapters/sfn/sfn-workflow.js';
import { DEFAULT_BAD_REVIEW_CONFIG } from '../core/bad-review.js';
import type { FileStore, Notifier } from '../ports/notifier.js';
import type { WorkflowEngine } from '../ports/workflow.js';
import { startBadReview } from '../usecases/bad-review-workflow.js';
import type { BadReviewDeps } from '../usecases/deps.js';
import { handlerDeps } from './deps.js';

let deps: BadReviewDeps | undefined;

/** A port this function was not given (its route does not `use` it): calling it is a deployment bug. */
function missing<T extends object>(what: string): T {
  return new Proxy({} as T, { get: () => () => Promise.reject(new Error(`${what} is not configured for this function`)) });
}

/**
 * The composition root for handlers of the bad-review workflow (and rating submission,
 * which starts it): the foundation's adapters plus the workflow engine, notification
 * channels and evidence files, from the environment. It extends the `handlerDeps()`
 * object in place; the local stack swaps in its own engine, files and notifiers.
 */
export function badReviewHandlerDeps(env = process.env): BadReviewDeps {
  if (deps) return deps;
  const table = tableFromEnv(env);
  const inbox = new DynamoNotificationInbox(table);
  const channels: Notifier[] = [inbox];
  if (env.ALERT_TOPIC_ARN) channels.push(new SnsNotifier({ client: new SNSClient({}), topicArn: env.ALERT_TOPIC_ARN }));
  if (env.SMS_WEBHOOK_URL && env.SMS_DLQ_URL) channels.push(new WebhookNotifier({ url: env.SMS_WEBHOOK_URL, deadLetter: new SqsDeadLetter({ queueUrl: env.SMS_DLQ_URL }) }));
  const d: BadReviewDeps = Object.assign(handlerDeps(env), {
    badReviews: new DynamoBadReviewStore(table),
    workflow: env.STATE_MACHINE_ARN
      ? new SfnWorkflowEngine({ client: new SFNClient({}), stateMachineArn: env.STATE_MACHINE_ARN })
      : missing<WorkflowEngine>('The workflow engine (STATE_MACHINE_ARN)'),
    notifier: new CompositeNotifier(channels),
    inbox,
    files: env.EVIDENCE_BUCKET ? new S3FileStore({ client: new S3Client({}), bucket: env.EVIDENCE_BUCKET }) : missing<FileStore>('The evidence bucket (EVIDENCE_BUCKET)'),
    badReviewConfig: { ...DEFAULT_BAD_REVIEW_CONFIG, ...(env.BAD_REVIEW_CONFIG ? JSON.parse(env.BAD_REVIEW_CONFIG) : {}) },
    demoWorkdaySeconds: env.DEMO_WORKDAY_SECONDS ? Number(env.DEMO_WORKDAY_SECONDS) : undefined,
  });
  d.onBadReview = (review) => startBadReview(d, review);
  deps = d;
  return d;
}
