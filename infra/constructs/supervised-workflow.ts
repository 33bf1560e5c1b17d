import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { ArnFormat, Aws, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { handlerEntry, PROJECT_ROOT } from '../paths.js';
import type { FunctionBinder } from './binding.js';
import { ProjectFunction } from './lambda-function.js';
import { acknowledgeResourceFinding, nagResource } from './nag.js';

/** What tells one deadline-bound workflow from another (bad reviews, complaints). */
export interface SupervisedWorkflowSpec {
  /** The state machine is `{stack}-{name}`, e.g. `BadReview`, `Complaint`. */
  readonly name: string;
  /** The ASL file, shared with the local engine (functions/adapters/local/local-workflow.ts). */
  readonly definitionFile: string;
  /** The task function's handler: `functions/handlers/${taskHandler}.handler.ts`. */
  readonly taskHandler: string;
  /** The definition's placeholder for the task function's ARN, e.g. `BadReviewTaskFunctionArn` (`${…}` in the file). */
  readonly taskFunctionPlaceholder: string;
  /** The env var the binders set to the state machine's ARN, the one the runtime's engine reads (e.g. `STATE_MACHINE_ARN`). */
  readonly arnVariable: string;
  /** For people: `en` as in `Bad-review`, `zh` as in `差评整改` (descriptions, comment, nag reasons). */
  readonly description: { readonly en: string; readonly zh: string };
}

export interface SupervisedWorkflowProps extends SupervisedWorkflowSpec {
  readonly table: ITable;
  /** Settings read by the handlers' composition root (functions/handlers/deps.ts). */
  readonly handlerEnvironment: Readonly<Record<string, string>>;
  /** What the task function needs besides the table and the workflow callback (notifications, status sync), bound in this order. */
  readonly taskCapabilities: readonly FunctionBinder[];
}

/**
 * A deadline-bound workflow (督办): a STANDARD state machine running an ASL file of
 * workflows/, and its one task function. The bad-review workflow (差评整改) and the
 * complaint workflow (咨询投诉) are two of these (bad-review-workflow.ts, complaint-workflow.ts).
 *
 * - The definition goes into the template as a string (`DefinitionString` with
 *   `DefinitionSubstitutions` `Partition` and the task function's placeholder), not as
 *   an S3 asset (`DefinitionBody.fromFile`): `cdk diff` then shows definition changes, the
 *   infra tests check the deployed text, and it is still the very file the local engine runs.
 * - Logs: every event (level ALL) to its own log group, without execution data — states
 *   carry only keys, but inputs, outputs and task tokens stay out of the logs anyway.
 *   X-Ray tracing on.
 * - Its role may invoke the task function (and its versions) only, besides the log
 *   delivery and X-Ray calls CDK adds for logging and tracing.
 * - The name is fixed (`{stack}-{name}`) so its ARN is known before it exists: the task
 *   function's own configuration needs it, and the state machine needs the function's —
 *   with a reference each way CloudFormation would see a cycle.
 *
 * Three capabilities, each setting {@link SupervisedWorkflowSpec.arnVariable} (the one
 * setting the runtime's workflow engine needs, whatever it is used for) and granting one
 * kind of call:
 * - {@link start}: `states:StartExecution` on this state machine;
 * - {@link callback}: `states:SendTaskSuccess` / `SendTaskFailure` — the answer to a
 *   waiting step (people's actions, decisions, the task function);
 * - {@link status}: `states:DescribeExecution` on its executions — whether a case's
 *   execution still runs (the reconciler).
 */
export class SupervisedWorkflow extends Construct {
  readonly stateMachine: StateMachine;
  readonly taskFunction: ProjectFunction;
  readonly logGroup: LogGroup;
  readonly stateMachineName: string;
  /** Built from the name (no reference to the resource), see above. */
  readonly stateMachineArn: string;
  /** The env var its binders set to {@link stateMachineArn}. */
  readonly arnVariable: string;
  /** Start executions; the function is deployed after the state machine. */
  readonly start: FunctionBinder;
  /** Answer waiting steps (task tokens). */
  readonly callback: FunctionBinder;
  /** Describe executions (is it still running?). */
  readonly status: FunctionBinder;
  private readonly executionsArn: string;
  private readonly subject: string;

  constructor(scope: Construct, id: string, props: SupervisedWorkflowProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const { en, zh } = props.description;
    this.subject = en.toLowerCase();
    this.arnVariable = props.arnVariable;
    this.stateMachineName = `${stack.stackName}-${props.name}`;
    this.stateMachineArn = stack.formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: this.stateMachineName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.executionsArn = stack.formatArn({
      service: 'states',
      resource: 'execution',
      resourceName: `${this.stateMachineName}:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.start = { bind: (fn) => this.bindStart(fn) };
    this.callback = { bind: (fn) => this.bindCallback(fn) };
    this.status = { bind: (fn) => this.bindStatus(fn) };

    this.taskFunction = new ProjectFunction(this, 'TaskFunction', {
      entry: handlerEntry(props.taskHandler),
      description: `${en} workflow (${zh}): the task function of every state`,
      timeout: Duration.seconds(30),
      environment: props.handlerEnvironment,
    });
    this.taskFunction.bindTable(props.table, 'readWrite');
    // It answers the step that hands it a token (an outcome already known); it starts and describes nothing.
    this.callback.bind(this.taskFunction);
    for (const capability of props.taskCapabilities) capability.bind(this.taskFunction);

    // /aws/vendedlogs/: Step Functions then needs no CloudWatch Logs resource-policy entry per log group.
    this.logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/vendedlogs/states/${this.stateMachineName}`,
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const definition = readFileSync(props.definitionFile, 'utf8');
    JSON.parse(definition); // a broken file fails synth here, not the deployment
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName: this.stateMachineName,
      stateMachineType: StateMachineType.STANDARD,
      comment: `${en} handling (${zh}), ${relative(PROJECT_ROOT, props.definitionFile).split('\\').join('/')}`,
      definitionBody: DefinitionBody.fromString(definition),
      definitionSubstitutions: { Partition: Aws.PARTITION, [props.taskFunctionPlaceholder]: this.taskFunction.functionArn },
      logs: { destination: this.logGroup, level: LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });
    this.taskFunction.grantInvoke(this.stateMachine);

    Validations.of(this.stateMachine.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagResource(this, this.taskFunction.functionArn)}:*]`,
      reason: `Granted by Function.grantInvoke: lambda:InvokeFunction on the ${this.subject} task function and its versions/aliases only.`,
    });
    Validations.of(this.stateMachine.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Added by CDK for logging and tracing: the CloudWatch Logs log-delivery actions and xray:PutTraceSegments/GetSampling* have no resource-level permissions.',
    });
  }

  private bindStart(fn: ProjectFunction): void {
    fn.addEnvironment(this.arnVariable, this.stateMachineArn);
    fn.addToRolePolicy(new PolicyStatement({ actions: ['states:StartExecution'], resources: [this.stateMachineArn] }));
    // The ARN is built, not referenced: deploy the state machine before functions that start it.
    fn.node.addDependency(this.stateMachine);
  }

  private bindCallback(fn: ProjectFunction): void {
    fn.addEnvironment(this.arnVariable, this.stateMachineArn);
    // Task tokens belong to the state machine (as in StateMachine.grantTaskResponse).
    fn.addToRolePolicy(new PolicyStatement({ actions: ['states:SendTaskSuccess', 'states:SendTaskFailure'], resources: [this.stateMachineArn] }));
  }

  private bindStatus(fn: ProjectFunction): void {
    fn.addEnvironment(this.arnVariable, this.stateMachineArn);
    fn.addToRolePolicy(new PolicyStatement({ actions: ['states:DescribeExecution'], resources: [this.executionsArn] }));
    acknowledgeResourceFinding(
      fn.role!,
      this.executionsArn,
      `Executions are named per case at run time: states:DescribeExecution on the executions of the ${this.subject} state machine only.`,
    );
  }
}
