import { Duration, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/**
 * A dead-letter queue: SQS-managed encryption, TLS only, kept 14 days. cdk-nag's "has no
 * dead-letter queue of its own" (SQS3) is acknowledged with `reason`: it is one.
 */
export function deadLetterQueue(scope: Construct, id: string, reason: string): Queue {
  const queue = new Queue(scope, id, { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
  Validations.of(queue).acknowledge({ id: 'AwsSolutions-SQS3', reason });
  return queue;
}
