import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { AppConfig } from './config.js';
import { Aggregator } from './constructs/aggregator.js';
import { Alarms } from './constructs/alarms.js';
import { Api } from './constructs/api.js';
import { BadReviewWorkflow } from './constructs/bad-review-workflow.js';
import type { Capabilities } from './constructs/binding.js';
import { ComplaintWorkflow } from './constructs/complaint-workflow.js';
import { Data } from './constructs/data.js';
import { Evidence } from './constructs/evidence.js';
import { Jobs } from './constructs/jobs.js';
import { Notifications } from './constructs/notifications.js';
import { StatusSync } from './constructs/status-sync.js';
import { originOf, WebHosting } from './constructs/web-hosting.js';

export interface HaochapingStackProps extends StackProps {
  readonly config: AppConfig;
}

/**
 * 政务服务"好差评" · 咨询投诉: the one stack to deploy. It only composes — one construct per capability
 * (infra/constructs/*), each with its own readonly props. The API's routes are in nested
 * stacks of it (Api), so no stack nears CloudFormation's 500 resources (infra/README.md).
 * No partition or region is written anywhere, so it deploys to the AWS China regions as well.
 */
export class HaochapingStack extends Stack {
  constructor(scope: Construct, id: string, props: HaochapingStackProps) {
    super(scope, id, props);
    const { config } = props;

    const data = new Data(this, 'Data');

    // What functions/handlers/deps.ts reads. The salt comes in as a CloudFormation dynamic
    // reference: it is not in the template or the cloud assembly, only in the functions'
    // configuration (encrypted at rest). The alternative — reading the secret at cold start —
    // costs a Secrets Manager call and SDK code in every handler for no gain in who can see
    // it: whoever can read a function's configuration can also change its code.
    const handlerEnvironment = {
      PERSON_KEY_SALT: data.personKeySalt.secretValue.unsafeUnwrap(),
      PUBLIC_BASE_URL: config.publicBaseUrl,
    };

    const notifications = new Notifications(this, 'Notifications', { smsWebhookUrl: config.smsWebhookUrl, operatorEmail: config.alarmEmail });
    const evidence = new Evidence(this, 'Evidence');
    // The id stays `BadReviewWorkflow`: the deployed state machine's logical ids derive from it.
    const badReview = new BadReviewWorkflow(this, 'BadReviewWorkflow', { table: data.table, handlerEnvironment, notifications });
    const statusSync = new StatusSync(this, 'StatusSync', { url: config.statusSyncUrl });
    const complaint = new ComplaintWorkflow(this, 'ComplaintWorkflow', { table: data.table, handlerEnvironment, notifications, statusSync });
    // What a route or job may `use` (functions/http/routes.ts): env vars and grants in one call each.
    const capabilities: Capabilities = {
      workflowStart: badReview.start,
      workflowCallback: badReview.callback,
      workflowStatus: badReview.status,
      complaintStart: complaint.start,
      complaintCallback: complaint.callback,
      complaintStatus: complaint.status,
      statusSync,
      files: evidence,
      notify: notifications,
    };

    const api = new Api(this, 'Api', {
      table: data.table,
      jwtIssuer: config.oidcIssuer,
      jwtAudience: config.oidcAudience,
      webOrigin: new URL(config.publicBaseUrl).origin,
      handlerEnvironment,
      capabilities,
    });

    const jobs = new Jobs(this, 'Jobs', { table: data.table, handlerEnvironment, capabilities });
    // The table's stream → the indicator counters.
    const aggregator = new Aggregator(this, 'Aggregator', { table: data.table });

    // The web app next to the API: S3 + CloudFront, config.json written from these values (infra/README.md, "Web hosting").
    const apiBaseUrl = config.apiBaseUrl ?? api.url;
    const web = new WebHosting(this, 'Web', {
      config: { apiBaseUrl, oidc: { authority: config.oidcIssuer, clientId: config.oidcClientId, scope: config.oidcScope } },
      apiOrigin: originOf(apiBaseUrl),
      domainName: new URL(config.publicBaseUrl).hostname,
      certificateArn: config.webCertificateArn,
      iamCertificateId: config.webIamCertificateId,
    });

    const alarms = new Alarms(this, 'Alarms', { email: config.alarmEmail });
    for (const [routeId, fn] of api.functions) alarms.onFunctionErrors(`Api-${routeId}`, fn);
    for (const [jobId, fn] of jobs.functions) alarms.onFunctionErrors(`Jobs-${jobId}`, fn);
    alarms.onFunctionErrors('BadReview-Task', badReview.taskFunction);
    alarms.onWorkflowFailures('BadReview', badReview.stateMachine);
    alarms.onFunctionErrors('Complaint-Task', complaint.taskFunction);
    alarms.onWorkflowFailures('Complaint', complaint.stateMachine);
    alarms.onServerErrors('Api', api.httpApi);
    alarms.onQueueMessages('Jobs-DeadLetters', jobs.deadLetterQueue);
    alarms.onQueueMessages('Sms-DeadLetters', notifications.smsDeadLetterQueue, 'the SMS platform did not accept a notification after three attempts');
    alarms.onFunctionErrors('Aggregator', aggregator.function);
    // CDK's handler that copies the web app into its bucket during deployments.
    alarms.onFunctionErrors('Web-Deploy', web.deployHandler);
    alarms.onStreamLag('Aggregator', aggregator.function);
    alarms.onQueueMessages(
      'Aggregator-DeadLetters',
      aggregator.deadLetterQueue,
      'the aggregator gave up a batch of stream records after its retries, so the indicator counters miss those changes',
    );

    new CfnOutput(this, 'ApiUrl', { value: api.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'TableName', { value: data.table.tableName });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarms.topic.topicArn });
    new CfnOutput(this, 'AlertTopicArn', {
      value: notifications.alertTopic.topicArn,
      description: 'Escalations, task orders (supervisors) and workflow failures (operators); filter on the message attributes',
    });
    new CfnOutput(this, 'BadReviewStateMachineArn', { value: badReview.stateMachine.stateMachineArn });
    new CfnOutput(this, 'ComplaintStateMachineArn', { value: complaint.stateMachine.stateMachineArn });
    new CfnOutput(this, 'StatusSyncSecretArn', {
      value: statusSync.secret.secretArn,
      description: 'Key signing status updates to the national platform (x-signature); give the platform its value',
    });
    new CfnOutput(this, 'EvidenceBucketName', { value: evidence.bucket.bucketName });
    new CfnOutput(this, 'SmsDeadLetterQueueUrl', { value: notifications.smsDeadLetterQueue.queueUrl });
    new CfnOutput(this, 'WebDistributionDomainName', {
      value: web.distributionDomainName,
      description: "Point publicBaseUrl's host here (CNAME); without a certificate the app is served on this name",
    });
    new CfnOutput(this, 'WebBucketName', { value: web.bucket.bucketName });
    new CfnOutput(this, 'OidcRedirectUri', {
      value: `${config.publicBaseUrl}/callback.html`,
      description: 'Register at the identity service for client oidcClientId (post-logout: publicBaseUrl/)',
    });
  }
}
