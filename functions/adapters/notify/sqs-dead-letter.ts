import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { DeadLetter, DeadLetterEntry } from './dead-letter.js';

/** AWS: undeliverable notifications go to an SQS queue (encrypted, alarmed on) for a look and a re-send. */
export class SqsDeadLetter implements DeadLetter {
  private readonly client: SQSClient;

  constructor(private readonly props: { queueUrl: string; client?: SQSClient }) {
    this.client = props.client ?? new SQSClient({});
  }

  async put(entry: DeadLetterEntry): Promise<void> {
    await this.client.send(new SendMessageCommand({ QueueUrl: this.props.queueUrl, MessageBody: JSON.stringify(entry) }));
  }
}
