import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { FunctionBinder } from './binding.js';
import type { ProjectFunction } from './lambda-function.js';

export interface StatusSyncProps {
  /** The national platform's status endpoint (https); without it no function is told one and every delivery waits in the dead letter. */
  readonly url?: string;
}

/**
 * Status sync of transferred complaints back to the national platform (状态回传): plain
 * HTTPS POSTs signed with HMAC-SHA256 (functions/adapters/sync/http-status-sink.ts), so
 * no IAM grant — only where to send and the signing secret.
 *
 * - The **signing secret** (Secrets Manager): generated once, retained; the platform holds
 *   a copy to check `x-signature`. Give it the value from the console, or put the one the
 *   platform issues into the secret. It reaches the functions as a CloudFormation dynamic
 *   reference, like the person-key salt: not in the template or the cloud assembly, only in
 *   the functions' configuration. CloudFormation resolves it when it updates a function, so
 *   a changed value needs a deployment that updates the functions using it.
 *
 * {@link bind} sets `STATUS_SYNC_URL` (when configured) and `STATUS_SYNC_SECRET`.
 */
export class StatusSync extends Construct implements FunctionBinder {
  readonly secret: Secret;
  private readonly url?: string;

  constructor(scope: Construct, id: string, props: StatusSyncProps = {}) {
    super(scope, id);
    this.url = props.url;
    this.secret = new Secret(this, 'Secret', {
      description: 'HMAC-SHA256 key signing status updates to the national platform (x-signature); the platform holds the same value.',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'A key shared with the national platform, which checks our signatures with its copy: an automatic rotation would break status sync until the platform is given the new value, so it is changed by hand, together with the platform.',
    });
  }

  bind(fn: ProjectFunction): void {
    if (this.url) fn.addEnvironment('STATUS_SYNC_URL', this.url);
    fn.addEnvironment('STATUS_SYNC_SECRET', this.secret.secretValue.unsafeUnwrap());
  }
}
