import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, MathExpression, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface AlarmsProps {
  /** Subscribed to the alarm topic when given (the address must confirm the subscription). */
  readonly email?: string;
}

/**
 * Alarms and the encrypted SNS topic they notify. What to watch is wired by the stack
 * with {@link onFunctionErrors}, {@link onServerErrors}, {@link onQueueMessages} and
 * {@link onWorkflowFailures}.
 */
export class Alarms extends Construct {
  readonly topic: Topic;
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: AlarmsProps = {}) {
    super(scope, id);
    const key = new Key(this, 'Key', {
      description: 'Encrypts the haochaping alarm topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // CloudWatch publishes to an encrypted topic only if the key lets it.
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new Topic(this, 'Topic', { displayName: 'haochaping alarms', masterKey: key, enforceSSL: true });
    if (props.email) this.topic.addSubscription(new EmailSubscription(props.email));
    this.action = new SnsAction(this.topic);
  }

  /**
   * Unhandled failures of a function: timeouts, out-of-memory, crashes at start (HTTP
   * handlers map errors to responses). The alarm is made in the function's own stack
   * (a nested stack's functions count against that stack's resources, not the parent's).
   */
  onFunctionErrors(id: string, fn: IFunction): Alarm {
    return this.add(
      new Alarm(this.scopeIn(Stack.of(fn)), `${id}Errors`, {
        alarmDescription: `${id}: the function failed (timeout, out of memory or crash). See its log group.`,
        metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  }

  /** 5xx answers of the API (a handler's 500 is a response, not a Lambda error). */
  onServerErrors(id: string, api: IHttpApi, threshold = 5): Alarm {
    return this.add(
      new Alarm(this, `${id}ServerErrors`, {
        alarmDescription: `${id}: at least ${threshold} 5xx responses in 5 minutes. See the API access logs and the handlers' logs.`,
        metric: api.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  }

  /** Any message in a dead-letter queue means something was lost and needs a look. */
  onQueueMessages(id: string, queue: IQueue, what = 'a scheduled job failed after its retries'): Alarm {
    return this.add(
      new Alarm(this, `${id}Messages`, {
        alarmDescription: `${id}: messages in the dead-letter queue; ${what}.`,
        metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  }

  /**
   * Executions that failed or timed out. Each one is a case the reconciler has to restart
   * (it does, within 10 minutes); repeated failures mean the task function or the
   * definition is broken. See the state machine's log group and the execution history.
   */
  onWorkflowFailures(id: string, stateMachine: IStateMachine): Alarm {
    return this.add(
      new Alarm(this, `${id}ExecutionFailures`, {
        alarmDescription: `${id}: a workflow execution failed or timed out. The reconciler restarts the case; look at the execution history for the cause.`,
        metric: new MathExpression({
          expression: 'FILL(failed, 0) + FILL(timedOut, 0)',
          usingMetrics: {
            failed: stateMachine.metricFailed({ statistic: 'Sum' }),
            timedOut: stateMachine.metricTimedOut({ statistic: 'Sum' }),
          },
          period: Duration.minutes(5),
          label: 'Failed or timed-out executions',
        }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  }

  /**
   * A stream consumer falling behind: the age of the newest record it was handed. The
   * stream keeps records 24 hours; a consumer that stays behind (failing batches retried,
   * throttled writes) loses them when they expire, so this fires long before that.
   */
  onStreamLag(id: string, fn: IFunction, maxAge = Duration.minutes(15)): Alarm {
    return this.add(
      new Alarm(this.scopeIn(Stack.of(fn)), `${id}IteratorAge`, {
        alarmDescription: `${id}: stream records wait more than ${maxAge.toMinutes()} minutes to be applied. Look at its errors and throttling; records older than 24 hours are lost from the stream.`,
        metric: fn.metric('IteratorAge', { period: Duration.minutes(5), statistic: 'Maximum' }),
        threshold: maxAge.toMilliseconds(),
        evaluationPeriods: 3,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  }

  /** This construct in its own stack; an `Alarms` construct of the other stack's own otherwise. */
  private scopeIn(stack: Stack): Construct {
    if (stack === Stack.of(this)) return this;
    return (stack.node.tryFindChild(this.node.id) as Construct | undefined) ?? new Construct(stack, this.node.id);
  }

  private add(alarm: Alarm): Alarm {
    alarm.addAlarmAction(this.action);
    return alarm;
  }
}
