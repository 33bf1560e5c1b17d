import { AwsClient, type AwsClientOptions } from '../aws/signed-fetch.js';
import type { DeadLetter, DeadLetterEntry } from './dead-letter.js';

/** AWS: undeliverable notifications go to an SQS queue (encrypted, alarmed on) for a look and a re-send. */
export class SqsDeadLetter implements DeadLetter {
  private readonly client: AwsClient;

  /** `aws`: region, credentials, endpoint…; the defaults are right in Lambda. */
  constructor(private readonly props: { queueUrl: string; aws?: AwsClientOptions }) {
    this.client = new AwsClient('sqs', props.aws);
  }

  async put(entry: DeadLetterEntry): Promise<void> {
    // SQS's AWS JSON 1.0 protocol.
    await this.client.json('AmazonSQS.SendMessage', { QueueUrl: this.props.queueUrl, MessageBody: JSON.stringify(entry) });
  }
}
