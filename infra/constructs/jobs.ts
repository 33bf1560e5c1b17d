import { type CfnElement, Duration, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { handlerEntry } from '../paths.js';
import { ProjectFunction } from './lambda-function.js';

export interface JobsProps {
  readonly table: ITable;
  /** Settings read by `handlerDeps()` (functions/handlers/deps.ts). */
  readonly handlerEnvironment: Readonly<Record<string, string>>;
}

/**
 * Scheduled work. Daily at 01:00 Beijing time the default-rating job gives a default
 * good rating (默认好评) to cases left unrated 7 working days after completion.
 *
 * Failure path: Scheduler invokes Lambda asynchronously, so two layers retry — the
 * schedule retries delivering the event, Lambda retries a failed run twice — and both
 * park what still fails in one encrypted dead-letter queue (alarmed on in the stack).
 * The job is idempotent (it only rates cases still due), so a retry or a manual re-run
 * from the console is safe.
 */
export class Jobs extends Construct {
  readonly defaultRatings: ProjectFunction;
  readonly deadLetterQueue: Queue;
  readonly defaultRatingsSchedule: Schedule;

  constructor(scope: Construct, id: string, props: JobsProps) {
    super(scope, id);

    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the scheduled jobs (schedule delivery and Lambda async failures).',
    });

    this.defaultRatings = new ProjectFunction(this, 'DefaultRatings', {
      entry: handlerEntry('default-ratings'),
      description: 'Daily job: default good ratings for cases unrated 7 working days after completion',
      memorySize: 1024,
      timeout: Duration.minutes(5),
      environment: props.handlerEnvironment,
    });
    this.defaultRatings.bindTable(props.table, 'readWrite');
    this.defaultRatings.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(2),
      onFailure: new SqsDestination(this.deadLetterQueue),
    });

    // Our own role (the target would otherwise make a stack-level one) so the grant's
    // finding is acknowledged here, next to its reason. Trust as the target would set it.
    const stack = Stack.of(this);
    const schedulerRole = new Role(this, 'SchedulerRole', {
      description: 'EventBridge Scheduler: invokes the scheduled jobs, sends failed deliveries to the dead-letter queue',
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: {
            'aws:SourceAccount': stack.account,
            'aws:SourceArn': stack.formatArn({ service: 'scheduler', resource: 'schedule-group', resourceName: 'default' }),
          },
        },
      }),
    });
    Validations.of(schedulerRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(this.defaultRatings.node.defaultChild as CfnElement)}.Arn>:*]`,
      reason: 'Granted by Function.grantInvoke: lambda:InvokeFunction on the default-ratings function and its versions/aliases only.',
    });

    this.defaultRatingsSchedule = new Schedule(this, 'DefaultRatingsDaily', {
      description: 'Default good ratings for cases left unrated, daily at 01:00 Asia/Shanghai',
      schedule: ScheduleExpression.cron({ minute: '0', hour: '1', timeZone: TimeZone.ASIA_SHANGHAI }),
      target: new LambdaInvoke(this.defaultRatings, {
        role: schedulerRole,
        deadLetterQueue: this.deadLetterQueue,
        retryAttempts: 3,
        maxEventAge: Duration.hours(2),
      }),
    });
  }
}
