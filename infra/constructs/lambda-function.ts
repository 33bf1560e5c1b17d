import { isAbsolute, join } from 'node:path';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { Charset, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { PROJECT_ROOT } from '../paths.js';
import { acknowledgeResourceFinding } from './nag.js';

/** `read`: Get/Query/Scan only. `readWrite`: also Put/Update/Delete/BatchWrite. */
export type TableAccess = 'read' | 'readWrite';

export interface ProjectFunctionProps {
  /** Handler file (absolute, or relative to the project root); it exports `handler`. */
  readonly entry: string;
  /** Shown in the console; say what the function serves, e.g. `GET /cases/{caseNumber}`. */
  readonly description?: string;
  /** @default 512 */
  readonly memorySize?: number;
  /** @default 10 seconds */
  readonly timeout?: Duration;
  /** Added to the project defaults (Powertools settings, source maps). */
  readonly environment?: Readonly<Record<string, string>>;
  /** @default one month */
  readonly logRetention?: RetentionDays;
  /** @default DESTROY: logs are operational data, the table holds the records of value. */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/**
 * esbuild's ESM output has no `require`; CommonJS dependencies (qrcode, parts of the SDK)
 * call it for Node built-ins. The banner gives the bundle a real one.
 */
const ESM_REQUIRE_BANNER = "import { createRequire as __projectCreateRequire } from 'node:module'; const require = __projectCreateRequire(import.meta.url);";

/**
 * THE Lambda function of this project: every handler is deployed through it, so the
 * defaults are written once — Node.js 24 on arm64, X-Ray tracing, an ESM bundle built
 * with the local esbuild (minified but keeping class names, with source maps), a log
 * group of its own with a retention, and a role that may write only to that log group.
 * Table access is added with {@link bindTable}, which sets `TABLE_NAME` and the IAM
 * grant in one call.
 */
export class ProjectFunction extends NodejsFunction {
  private boundTable?: ITable;

  constructor(scope: Construct, id: string, props: ProjectFunctionProps) {
    // The log group and role must exist before `super`, so they are siblings of the function.
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
    });
    // Our own role instead of the default one: the default attaches the AWS managed
    // AWSLambdaBasicExecutionRole (logs to every log group); this one writes to its own only.
    const role = new Role(scope, `${id}Role`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);

    super(scope, id, {
      entry: isAbsolute(props.entry) ? props.entry : join(PROJECT_ROOT, props.entry),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      role,
      logGroup,
      environment: {
        POWERTOOLS_SERVICE_NAME: 'haochaping',
        POWERTOOLS_METRICS_NAMESPACE: 'Haochaping',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        minify: true,
        // Minified, but classes and functions keep their names: logs that name a class
        // (`constructor.name`, e.g. the notification channel that failed) stay true.
        keepNames: true,
        sourceMap: true,
        sourcesContent: false,
        charset: Charset.UTF8,
        // The AWS SDK is bundled too, so Lambda runs the SDK versions the tests and the
        // local stack ran, not whichever version the managed runtime ships.
        bundleAwsSDK: true,
      },
    });

    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray tracing (tracing: ACTIVE): xray:PutTraceSegments and xray:PutTelemetryRecords do not support resource-level permissions.',
    });
  }

  /**
   * Gives the function the project's single table: sets `TABLE_NAME` and grants the
   * matching DynamoDB (and KMS) actions on that table and its indexes only.
   */
  bindTable(table: ITable, access: TableAccess): void {
    if (this.boundTable) throw new Error(`${this.node.path}: bindTable was already called`);
    this.boundTable = table;
    this.addEnvironment('TABLE_NAME', table.tableName);
    if (access === 'read') table.grantReadData(this);
    else table.grantReadWriteData(this);

    // The grants name `<table arn>/index/*` (the table's GSIs) and, for writes, the KMS
    // action groups kms:ReEncrypt* / kms:GenerateDataKey* on the table's key only.
    const role = this.role!;
    acknowledgeResourceFinding(
      role,
      `${table.tableArn}/index/*`,
      'Granted by Table.grant*Data: covers the global secondary indexes (gsi1, gsi2) of this one table, which queries need.',
    );
    if (access === 'readWrite')
      for (const action of ['kms:ReEncrypt*', 'kms:GenerateDataKey*'])
        Validations.of(role).acknowledge({
          id: `AwsSolutions-IAM5[Action::${action}]`,
          reason: "Granted by Table.grantReadWriteData on the table's customer-managed key only: writes to an encrypted table need data keys.",
        });
  }
}
