import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { AppConfig } from './config.js';
import { Alarms } from './constructs/alarms.js';
import { Api } from './constructs/api.js';
import { Data } from './constructs/data.js';
import { Jobs } from './constructs/jobs.js';

export interface HaochapingStackProps extends StackProps {
  readonly config: AppConfig;
}

/**
 * 政务服务"好差评": the one stack. It only composes — one construct per capability
 * (infra/constructs/*), each with its own readonly props. No partition or region is
 * written anywhere, so it deploys to the AWS China regions as well.
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

    const api = new Api(this, 'Api', {
      table: data.table,
      jwtIssuer: config.oidcIssuer,
      jwtAudience: config.oidcAudience,
      webOrigin: new URL(config.publicBaseUrl).origin,
      handlerEnvironment,
    });

    const jobs = new Jobs(this, 'Jobs', { table: data.table, handlerEnvironment });

    // Workflows go here. The bad-review workflow (差评整改, workflows/bad-review.asl.json)
    // arrives with its task handler as `new Workflows(this, 'Workflows', { table: data.table, handlerEnvironment })`
    // in infra/constructs/workflows.ts: a ProjectFunction for the task handler (bindTable 'readWrite'),
    // a STANDARD StateMachine from DefinitionBody.fromFile(...) with definitionSubstitutions
    // { Partition: Aws.PARTITION, BadReviewTaskFunctionArn: fn.functionArn }, tracing, logs at level ALL,
    // an alarm on failed executions, and the state machine ARN handed to the API functions that start it.

    const alarms = new Alarms(this, 'Alarms', { email: config.alarmEmail });
    for (const [routeId, fn] of api.functions) alarms.onFunctionErrors(`Api-${routeId}`, fn);
    alarms.onFunctionErrors('Jobs-DefaultRatings', jobs.defaultRatings);
    alarms.onServerErrors('Api', api.httpApi);
    alarms.onQueueMessages('Jobs-DeadLetters', jobs.deadLetterQueue);

    new CfnOutput(this, 'ApiUrl', { value: api.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'TableName', { value: data.table.tableName });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarms.topic.topicArn });
  }
}
