import { type CfnElement, Duration, RemovalPolicy, SecretValue, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { parseExchangeSettings, parseReceivers } from '../../functions/core/exchange/receivers.js';
import { deadLetterQueue } from './dead-letter-queue.js';
import { handlerEntry } from '../paths.js';
import { bindCapabilities, type Capabilities, type Capability } from './binding.js';
import { ProjectFunction } from './lambda-function.js';

export interface JobsProps {
  readonly table: ITable;
  /** Settings read by `handlerDeps()` (functions/handlers/deps.ts). */
  readonly handlerEnvironment: Readonly<Record<string, string>>;
  /** The workflows and notification channels the bad-review and complaint jobs use. */
  readonly capabilities: Capabilities;
}

interface JobDef {
  /** Handler file name under functions/handlers, without `.handler.ts`. */
  readonly handler: string;
  readonly description: string;
  /** Minute/hour fields of the cron expression, Asia/Shanghai. */
  readonly cron: { minute: string; hour?: string };
  /** Older undelivered or unfinished runs are dropped into the dead-letter queue: the next run does the work. */
  readonly maxEventAge: Duration;
  readonly memorySize?: number;
  readonly timeout: Duration;
  readonly uses?: readonly Capability[];
  /** Settings of its own besides `handlerEnvironment`, from the construct's context. */
  readonly environment?: (scope: Construct) => Readonly<Record<string, string>>;
}

/**
 * The data exchange's settings from CDK context (functions/core/exchange/receivers.ts),
 * checked at synth: `exchangeReceivers` (JSON array: id, name, url, profile, personalData,
 * kinds, batchSize) → `EXCHANGE_RECEIVERS`, `exchangeConfig` (JSON) → `EXCHANGE_CONFIG`.
 * No receivers: nothing is exported. The receivers' bearer tokens are not context: they are
 * a secret ({@link exchangeTokens}), bound as `EXCHANGE_TOKENS`.
 */
export function exchangeEnvironment(scope: Construct): Record<string, string> {
  const asJson = (v: unknown) => (v === undefined ? undefined : typeof v === 'string' ? v : JSON.stringify(v));
  const receivers = asJson(scope.node.tryGetContext('exchangeReceivers'));
  const config = asJson(scope.node.tryGetContext('exchangeConfig'));
  parseReceivers(receivers);
  parseExchangeSettings(config);
  return {
    ...(receivers ? { EXCHANGE_RECEIVERS: receivers, EXCHANGE_TOKENS: exchangeTokens(scope).secretValue.unsafeUnwrap() } : {}),
    ...(config ? { EXCHANGE_CONFIG: config } : {}),
  };
}

/**
 * The receivers' bearer tokens (`EXCHANGE_TOKENS`: a JSON object, receiver id → token): one
 * secret in the top-level stack, `{}` until an operator puts the tokens the platforms issued
 * into it. The functions get it as a dynamic reference, like the person-key salt, so a changed
 * value needs a deployment that updates them.
 */
function exchangeTokens(scope: Construct): Secret {
  let stack = Stack.of(scope);
  while (stack.nestedStackParent) stack = stack.nestedStackParent;
  const existing = stack.node.tryFindChild('ExchangeTokens');
  if (existing) return existing as Secret;
  const secret = new Secret(stack, 'ExchangeTokens', {
    description: 'Bearer tokens of the data-exchange receivers: a JSON object, receiver id → token (EXCHANGE_TOKENS).',
    secretStringValue: SecretValue.unsafePlainText('{}'),
    removalPolicy: RemovalPolicy.RETAIN,
  });
  Validations.of(secret).acknowledge({
    id: 'AwsSolutions-SMG4',
    reason: 'Tokens issued by the receiving platforms: they change when a platform issues new ones, not on a schedule of ours.',
  });
  return secret;
}

/** Every scheduled job. Each is idempotent: a retry or a manual re-run from the console is safe. */
const JOBS = {
  defaultRatings: {
    handler: 'default-ratings',
    description: 'Daily job: default good ratings for cases unrated 7 working days after completion',
    cron: { minute: '0', hour: '1' },
    maxEventAge: Duration.hours(2),
    memorySize: 1024,
    timeout: Duration.minutes(5),
  },
  badReviewReconciler: {
    handler: 'bad-review-reconciler',
    description: 'Every 10 minutes: restarts open bad reviews whose workflow execution is gone, at their current step',
    cron: { minute: '0/10' },
    maxEventAge: Duration.minutes(10),
    timeout: Duration.minutes(5),
    // Is the execution still running? If not, start the next one at the review's step.
    uses: ['workflowStatus', 'workflowStart', 'notify'],
  },
  badReviewReminders: {
    handler: 'bad-review-reminders',
    description: 'Every 15 minutes: 50% / 80% deadline reminders of open bad-review steps to the units',
    // Offset from the reconciler's minutes so the two do not start together.
    cron: { minute: '5/15' },
    maxEventAge: Duration.minutes(15),
    timeout: Duration.minutes(5),
    uses: ['workflowStatus', 'workflowStart', 'notify'],
  },
  complaintReconciler: {
    handler: 'complaint-reconciler',
    description: 'Every 10 minutes: restarts open complaints whose workflow execution is gone, at their current step with the time left',
    // :02, :12, … — between the bad-review jobs' minutes.
    cron: { minute: '2/10' },
    maxEventAge: Duration.minutes(10),
    timeout: Duration.minutes(5),
    uses: ['complaintStatus', 'complaintStart', 'notify'],
  },
  complaintReminders: {
    handler: 'complaint-reminders',
    description: 'Every 15 minutes: 50% / 80% deadline reminders of open complaints to the units',
    // :08, :23, :38, :53 — apart from the other jobs' minutes.
    cron: { minute: '8/15' },
    maxEventAge: Duration.minutes(15),
    timeout: Duration.minutes(5),
    uses: ['notify'],
  },
  counterFold: {
    handler: 'counter-fold',
    description: 'Hourly: adds the stream batches the aggregator staged to the indicator counters, each counter written once per run',
    // :04 — apart from the other jobs' minutes. The interval trades write units (a counter is
    // written once per run, however many ratings moved it) for how fresh the dashboards are:
    // see README, "What the aggregation costs".
    cron: { minute: '4' },
    maxEventAge: Duration.minutes(30),
    timeout: Duration.minutes(5),
  },
  exchange: {
    handler: 'exchange-job',
    description: "Daily job: GB/T 39046 export of the ratings, cases, consultations and complaints changed on each day after each receiver's watermark",
    // After the default ratings (01:00), so the day's default ratings go out with it.
    cron: { minute: '30', hour: '2' },
    maxEventAge: Duration.hours(6),
    memorySize: 1024,
    timeout: Duration.minutes(15),
    environment: exchangeEnvironment,
  },
  reports: {
    handler: 'reports-job',
    description:
      'Daily job: the reports due today (bi-weekly notice every second Monday, progress report on the 15th and the last day of the month, city-year report on 1 January) for the city and each county',
    // After the default ratings (01:00): the day before is complete in the counters.
    cron: { minute: '30', hour: '6' },
    maxEventAge: Duration.hours(6),
    memorySize: 1024,
    timeout: Duration.minutes(15),
    uses: ['files', 'notify'],
  },
} as const satisfies Record<string, JobDef>;

export type JobId = keyof typeof JOBS;

/**
 * Scheduled work (EventBridge Scheduler, Asia/Shanghai):
 * - daily at 01:00 the default-rating job gives a default good rating (默认好评) to cases
 *   left unrated 7 working days after completion;
 * - every 10 minutes the bad-review reconciler restarts open cases whose execution is
 *   gone (failed, or older than a Standard execution may run);
 * - every 15 minutes the reminders job sends the 50% / 80% reminders;
 * - the same two for complaints (咨询投诉), at other minutes: the complaint reconciler
 *   every 10 minutes (:02, :12, …), its reminders every 15 minutes (:08, :23, …);
 * - hourly at :04 the counter fold adds what the aggregator staged to the indicator
 *   counters (functions/usecases/indicators.ts);
 * - daily at 02:30 the data exchange exports each receiver's changed records (GB/T 39046);
 * - daily at 06:30 the reports due that day (双周通报, 工作进展报告, 年度报告) are built and announced.
 *
 * Failure path: Scheduler invokes Lambda asynchronously, so two layers retry — the
 * schedule retries delivering the event, Lambda retries a failed run twice — and both
 * park what still fails in one encrypted dead-letter queue (alarmed on in the stack).
 */
export class Jobs extends Construct {
  readonly functions: ReadonlyMap<JobId, ProjectFunction>;
  readonly schedules: ReadonlyMap<JobId, Schedule>;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: JobsProps) {
    super(scope, id);

    this.deadLetterQueue = deadLetterQueue(
      this,
      'DeadLetters',
      'This queue is itself the dead-letter queue of the scheduled jobs (schedule delivery and Lambda async failures).',
    );

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

    const functions = new Map<JobId, ProjectFunction>();
    const schedules = new Map<JobId, Schedule>();
    for (const [jobId, job] of Object.entries(JOBS) as [JobId, JobDef][]) {
      const name = jobId.charAt(0).toUpperCase() + jobId.slice(1);
      const fn = new ProjectFunction(this, name, {
        entry: handlerEntry(job.handler),
        description: job.description,
        memorySize: job.memorySize,
        timeout: job.timeout,
        environment: { ...props.handlerEnvironment, ...job.environment?.(this) },
      });
      fn.bindTable(props.table, 'readWrite');
      bindCapabilities(fn, job.uses, props.capabilities, `Job ${jobId}`);
      fn.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: job.maxEventAge, onFailure: new SqsDestination(this.deadLetterQueue) });

      Validations.of(schedulerRole).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(fn.node.defaultChild as CfnElement)}.Arn>:*]`,
        reason: `Granted by Function.grantInvoke: lambda:InvokeFunction on the ${jobId} job function and its versions/aliases only.`,
      });
      schedules.set(
        jobId,
        new Schedule(this, `${name}Schedule`, {
          description: `${job.description} (Asia/Shanghai)`,
          schedule: ScheduleExpression.cron({ minute: job.cron.minute, hour: job.cron.hour, timeZone: TimeZone.ASIA_SHANGHAI }),
          target: new LambdaInvoke(fn, { role: schedulerRole, deadLetterQueue: this.deadLetterQueue, retryAttempts: 3, maxEventAge: job.maxEventAge }),
        }),
      );
      functions.set(jobId, fn);
    }
    this.functions = functions;
    this.schedules = schedules;
  }

  get defaultRatings(): ProjectFunction {
    return this.functions.get('defaultRatings')!;
  }
}
