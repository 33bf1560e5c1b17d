import { RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { SubscriptionFilter, Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deadLetterQueue } from './dead-letter-queue.js';
import type { FunctionBinder } from './binding.js';
import type { ProjectFunction } from './lambda-function.js';

export interface NotificationsProps {
  /** The SMS platform's webhook (https); without it no text messages are sent. */
  readonly smsWebhookUrl?: string;
  /** Subscribed to the operators' alerts (filter `audience = operators`) when given. */
  readonly operatorEmail?: string;
}

/**
 * The outbound notification channels besides the in-app inbox (which lives in the table):
 *
 * - the **alert topic** (SNS, KMS, TLS only): escalations and task orders for supervisors,
 *   workflow failures for operators. Its messages carry the attributes `kind`,
 *   `audience`, `audienceKey` and `regionCode`, so each subscription filters what it gets
 *   (a city's supervisors: `regionCode` of their city). It is not the CloudWatch alarm
 *   topic: the people differ (supervisors vs. operations) and alarms are not business events.
 * - the **SMS dead-letter queue**: what the SMS platform's webhook did not accept after
 *   its retries (alarmed on in the stack; re-send from the console after a look).
 *
 * {@link bind} gives a function `ALERT_TOPIC_ARN`, `SMS_DLQ_URL` and, when configured,
 * `SMS_WEBHOOK_URL`, with publish/send grants on exactly these two resources.
 */
export class Notifications extends Construct implements FunctionBinder {
  readonly alertTopic: Topic;
  readonly alertKey: Key;
  readonly smsDeadLetterQueue: Queue;
  private readonly smsWebhookUrl?: string;

  constructor(scope: Construct, id: string, props: NotificationsProps = {}) {
    super(scope, id);
    this.smsWebhookUrl = props.smsWebhookUrl;

    this.alertKey = new Key(this, 'AlertKey', {
      description: 'Encrypts the haochaping alert topic (escalations, task orders, workflow failures)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.alertTopic = new Topic(this, 'AlertTopic', { displayName: '好差评 督办与告警', masterKey: this.alertKey, enforceSSL: true });
    if (props.operatorEmail)
      this.alertTopic.addSubscription(
        new EmailSubscription(props.operatorEmail, { filterPolicy: { audience: SubscriptionFilter.stringFilter({ allowlist: ['operators'] }) } }),
      );

    this.smsDeadLetterQueue = deadLetterQueue(
      this,
      'SmsDeadLetters',
      'This queue is itself a dead-letter queue: SMS notifications the platform did not accept after three attempts, kept for a look and a re-send.',
    );
  }

  bind(fn: ProjectFunction): void {
    fn.addEnvironment('ALERT_TOPIC_ARN', this.alertTopic.topicArn);
    fn.addEnvironment('SMS_DLQ_URL', this.smsDeadLetterQueue.queueUrl);
    if (this.smsWebhookUrl) fn.addEnvironment('SMS_WEBHOOK_URL', this.smsWebhookUrl);
    fn.addToRolePolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: [this.alertTopic.topicArn] }));
    // Publishing to an SSE-KMS topic: SNS asks KMS for a data key on the publisher's behalf.
    fn.addToRolePolicy(new PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [this.alertKey.keyArn] }));
    fn.addToRolePolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.smsDeadLetterQueue.queueArn] }));
  }
}
