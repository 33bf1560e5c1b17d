import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE_KEYS } from '../../functions/adapters/dynamo/schema.js';
import { ROUTES, routeList } from '../../functions/http/routes.js';
import { configFromContext } from '../../infra/config.js';
import { HANDLERS_WITHOUT_TABLE, ROUTE_STACKS, tableAccessFor } from '../../infra/constructs/api.js';
import { exchangeEnvironment } from '../../infra/constructs/jobs.js';
import { BAD_REVIEW_DEFINITION_FILE } from '../../infra/constructs/bad-review-workflow.js';
import type { Capability } from '../../infra/constructs/binding.js';
import { COMPLAINT_DEFINITION_FILE } from '../../infra/constructs/complaint-workflow.js';
import { PROJECT_ROOT } from '../../infra/paths.js';
import { HaochapingStack } from '../../infra/stack.js';
import { flattenedTemplate, stackTemplates } from './templates.js';

type Json = Record<string, any>;
type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

const CDK_JSON = JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
// Deploy-time overrides (`-c oidcIssuer=...`), so the test proves they reach the API.
const ISSUER = 'https://sso.test.gov.cn/realms/haochaping';
const AUDIENCE = ['haochaping-web', 'haochaping-pads'];
const PUBLIC_ROUTE_KEYS = [
  'GET /health',
  'GET /openapi.json',
  'GET /meta',
  'GET /places/{venueId}',
  'GET /places/{venueId}/qr',
  'POST /public/complaints',
  'GET /public/complaints/{code}',
  'POST /public/complaints/{code}/attachments',
  'GET /public/disclosure',
  'POST /public/rating-invitations/open',
  'POST /public/invited-ratings',
  'GET /public/regions',
];
const WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
const SMS_WEBHOOK = 'https://sms.test.gov.cn/hooks/haochaping';
const STATUS_SYNC_URL = 'https://zwfw.test.gov.cn/api/complaints/status';
/** Data exchange receivers as cdk.json context would give them (no tokens: those are secrets). */
const EXCHANGE_RECEIVERS = JSON.stringify([
  { id: 'province', name: '省平台', url: 'https://exchange.test.gov.cn/batches', profile: 'zhejiang', personalData: true, kinds: ['ratings', 'cases'] },
]);
const JOB_COUNT = 8;
/** No stack, parent or nested, may pass 60% of CloudFormation's 500 resources: room for what is still to come. */
const RESOURCE_BUDGET = 300;
const START = ['states:StartExecution'];
const CALLBACK = ['states:SendTaskSuccess', 'states:SendTaskFailure'];
const STATUS = ['states:DescribeExecution'];
/**
 * The two deadline-bound workflows (infra/constructs/supervised-workflow.ts): the state
 * machine's name, the env var its binders set, the IAM actions each capability a route
 * may `use` grants on it, where its task function is, and its definition.
 */
const WORKFLOWS = {
  BadReview: {
    name: 'Haochaping-BadReview',
    variable: 'STATE_MACHINE_ARN',
    actions: { workflowStart: START, workflowCallback: CALLBACK, workflowStatus: STATUS },
    construct: 'BadReviewWorkflow',
    definitionFile: BAD_REVIEW_DEFINITION_FILE,
    placeholder: 'BadReviewTaskFunctionArn',
  },
  Complaint: {
    name: 'Haochaping-Complaint',
    variable: 'COMPLAINT_STATE_MACHINE_ARN',
    actions: { complaintStart: START, complaintCallback: CALLBACK, complaintStatus: STATUS },
    construct: 'ComplaintWorkflow',
    definitionFile: COMPLAINT_DEFINITION_FILE,
    placeholder: 'ComplaintTaskFunctionArn',
  },
} as const satisfies Record<
  string,
  {
    name: string;
    variable: string;
    actions: Partial<Record<Capability, readonly string[]>>;
    construct: string;
    definitionFile: string;
    placeholder: string;
  }
>;
type WorkflowId = keyof typeof WORKFLOWS;
const WORKFLOW_IDS = Object.keys(WORKFLOWS) as WorkflowId[];
/** The built ARNs of a workflow's state machine and of its executions, as in cn-north-1. */
const arnsOf = (w: WorkflowId) => ({
  stateMachine: `arn:aws-cn:states:cn-north-1:123456789012:stateMachine:${WORKFLOWS[w].name}`,
  executions: `arn:aws-cn:states:cn-north-1:123456789012:execution:${WORKFLOWS[w].name}:*`,
});
/** The `states:` grants (`action resource`) that `uses` gives on a workflow. */
const expectedStateGrants = (w: WorkflowId, uses: readonly Capability[] = []) =>
  uses.flatMap((use) =>
    ((WORKFLOWS[w].actions as Partial<Record<Capability, readonly string[]>>)[use] ?? []).map(
      (action) => `${action} ${action === 'states:DescribeExecution' ? arnsOf(w).executions : arnsOf(w).stateMachine}`,
    ),
  );
const LAMBDA_TRANSIENT_ERRORS = ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'];
/** Pseudo parameters as CloudFormation would fill them in cn-north-1, to evaluate built ARNs. */
const CN = { 'AWS::Partition': 'aws-cn', 'AWS::Region': 'cn-north-1', 'AWS::AccountId': '123456789012', 'AWS::URLSuffix': 'amazonaws.com.cn' } as Record<
  string,
  string
>;

/**
 * The app as `cdk synth` builds it: cdk.json's context (feature flags included), the
 * metadata the CLI asks for (construct paths, asset paths), and the overrides.
 * `template` reads the parent and its nested stacks as one (test/infra/templates.ts);
 * `stacks` has each stack's own template.
 */
function synth(context: Record<string, unknown>, env?: { account: string; region: string }) {
  const cliContext = { 'aws:cdk:enable-path-metadata': true, 'aws:cdk:enable-asset-metadata': true };
  const app = new App({ context: { ...CDK_JSON.context, ...cliContext, ...context } });
  const stack = new HaochapingStack(app, 'Haochaping', { env, config: configFromContext(app.node) });
  return { app, stack, template: Template.fromJSON(flattenedTemplate(stack)), stacks: stackTemplates(stack) };
}

const toArray = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);

/** Evaluates `Fn::Join` / pseudo-parameter `Ref`s to a string; other references stay as `<Id>`. */
function evaluate(value: unknown, pseudo: Record<string, string> = CN): string {
  if (typeof value === 'string') return value;
  const o = value as Json;
  if (o['Fn::Join']) return (o['Fn::Join'][1] as unknown[]).map((v) => evaluate(v, pseudo)).join(o['Fn::Join'][0]);
  if (o.Ref) return pseudo[o.Ref] ?? `<${o.Ref}>`;
  if (o['Fn::GetAtt']) return `<${o['Fn::GetAtt'].join('.')}>`;
  return JSON.stringify(value);
}

type AslState = {
  Type: string;
  Resource?: string;
  Retry?: { ErrorEquals: string[] }[];
  Catch?: { ErrorEquals: string[]; Next: string }[];
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
  Parameters?: Json;
  Branches?: { States: Record<string, AslState> }[];
  ItemProcessor?: { States: Record<string, AslState> };
  Iterator?: { States: Record<string, AslState> };
};
/** Every state, nested Parallel/Map states included. */
function allStates(states: Record<string, AslState>): [string, AslState][] {
  return Object.entries(states).flatMap(([name, state]) => [
    [name, state] as [string, AslState],
    ...(state.Branches ?? []).flatMap((b) => allStates(b.States)),
    ...(state.ItemProcessor ? allStates(state.ItemProcessor.States) : []),
    ...(state.Iterator ? allStates(state.Iterator.States) : []),
  ]);
}

describe('HaochapingStack', () => {
  let built: ReturnType<typeof synth>;
  let resources: Record<string, Json>;
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  const functionFor = (description: string) => {
    const found = ofType('AWS::Lambda::Function').find(([, r]) => r.Properties.Description === description);
    if (!found) throw new Error(`no function "${description}"`);
    return { id: found[0], props: found[1].Properties as Json, metadata: found[1].Metadata as Json };
  };
  /** Every statement of every inline policy attached to the function's role. */
  const statementsOf = (fnProps: Json): Statement[] => {
    const roleId = fnProps.Role['Fn::GetAtt'][0] as string;
    return ofType('AWS::IAM::Policy')
      .filter(([, p]) => (p.Properties.Roles as Json[]).some((r) => r.Ref === roleId))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);
  };
  const actionsOf = (fnProps: Json) => statementsOf(fnProps).flatMap((s) => toArray(s.Action));
  /** The function whose construct path contains `path`, e.g. `/ComplaintWorkflow/TaskFunction/`. */
  const functionAt = (path: string) => {
    const found = ofType('AWS::Lambda::Function').find(([, r]) => String(r.Metadata['aws:cdk:path']).includes(path));
    if (!found) throw new Error(`no function at ${path}`);
    return { id: found[0], props: found[1].Properties as Json };
  };
  const stateMachineOf = (w: WorkflowId) => {
    const found = ofType('AWS::StepFunctions::StateMachine').find(([, r]) => r.Properties.StateMachineName === WORKFLOWS[w].name);
    if (!found) throw new Error(`no state machine ${WORKFLOWS[w].name}`);
    return { id: found[0], props: found[1].Properties as Json };
  };
  const taskFunctionOf = (w: WorkflowId) => functionAt(`/${WORKFLOWS[w].construct}/TaskFunction/`);
  /** Every `states:` grant of a function as `action resource`, the resource evaluated as in cn-north-1. */
  const stateGrantsOf = (fnProps: Json) =>
    statementsOf(fnProps)
      .filter((s) => toArray(s.Action).some((a) => a.startsWith('states:')))
      .flatMap((s) => toArray(s.Action).flatMap((a) => toArray(s.Resource).map((r) => `${a} ${evaluate(r)}`)));

  beforeAll(() => {
    built = synth({
      oidcIssuer: ISSUER,
      oidcAudience: AUDIENCE.join(','),
      smsWebhookUrl: SMS_WEBHOOK,
      statusSyncUrl: STATUS_SYNC_URL,
      exchangeReceivers: EXCHANGE_RECEIVERS,
    });
    resources = built.template.toJSON().Resources;
  }, 180_000);

  describe('IAM', () => {
    it('gives each route function the table access its method needs, and none to handlers without the table', () => {
      for (const route of routeList()) {
        const fn = functionFor(`${route.method} ${route.path}`);
        const actions = actionsOf(fn.props);
        const access = tableAccessFor(route);
        if (access === undefined) {
          expect(
            actions.filter((a) => a.startsWith('dynamodb:')),
            route.handler,
          ).toEqual([]);
          expect(fn.props.Environment.Variables.TABLE_NAME, route.handler).toBeUndefined();
        } else {
          expect(actions, route.handler).toContain('dynamodb:Query');
          expect(fn.props.Environment.Variables.TABLE_NAME, route.handler).toBeDefined();
          for (const write of WRITE_ACTIONS)
            if (access === 'read') expect(actions, `${route.handler} must not ${write}`).not.toContain(write);
            else expect(actions, route.handler).toContain(write);
        }
      }
    });

    it('lets GET handlers only read: no PutItem on a read-only role', () => {
      const actions = actionsOf(functionFor('GET /cases/{caseNumber}').props);
      expect(actions).toContain('dynamodb:GetItem');
      expect(actions).not.toContain('dynamodb:PutItem');
    });

    it('keeps the list of handlers without table access true to their code', () => {
      for (const handler of new Set(routeList().map((r) => r.handler))) {
        const source = readFileSync(join(PROJECT_ROOT, 'functions', 'handlers', `${handler}.handler.ts`), 'utf8');
        // ./deps.js, ./calendar-deps.js, ./bad-review-deps.js, ./complaint-deps.js, or one of their per-capability variants (./bad-review-deps-workflow.js, …)
        const usesTable = /from '\.\/(deps|calendar-deps|indicator-deps|pad-deps|citizen-deps|(bad-review|complaint|report|exchange)-deps(-[\w-]+)?)\.js'/.test(
          source,
        );
        expect(usesTable, `${handler}: in HANDLERS_WITHOUT_TABLE but imports ./deps.js, or the other way round`).toBe(!HANDLERS_WITHOUT_TABLE.has(handler));
      }
    });

    it('has no wildcard action and no DynamoDB statement on every resource', () => {
      const statements = [
        ...ofType('AWS::IAM::Policy').flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]),
        ...ofType('AWS::IAM::Role').flatMap(([, r]) => ((r.Properties.Policies ?? []) as Json[]).flatMap((p) => p.PolicyDocument.Statement as Statement[])),
      ];
      expect(statements.length).toBeGreaterThan(0);
      for (const s of statements) {
        const actions = toArray(s.Action);
        expect(actions).not.toContain('*');
        expect(actions).not.toContain('dynamodb:*');
        if (actions.some((a) => a.startsWith('dynamodb:'))) expect(toArray(s.Resource)).not.toContain('*');
      }
    });

    it('lets a function write logs to its own log group only (no AWS managed policy)', () => {
      for (const [, role] of ofType('AWS::IAM::Role')) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      const fn = functionFor('POST /ratings');
      const logStatement = statementsOf(fn.props).find((s) => toArray(s.Action).includes('logs:PutLogEvents'));
      expect(logStatement?.Resource).toEqual({ 'Fn::GetAtt': [fn.props.LoggingConfig.LogGroup.Ref, 'Arn'] });
    });
  });

  describe('table', () => {
    it('is encrypted with a customer-managed KMS key that rotates', () => {
      const [, table] = ofType('AWS::DynamoDB::Table')[0]!;
      expect(table.Properties.SSESpecification).toMatchObject({ SSEEnabled: true, SSEType: 'KMS' });
      const keyId = table.Properties.SSESpecification.KMSMasterKeyId['Fn::GetAtt'][0] as string;
      expect(resources[keyId]).toMatchObject({ Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } });
    });

    it('has point-in-time recovery, a stream with old and new images, TTL, and survives stack deletion', () => {
      built.template.hasResource('AWS::DynamoDB::Table', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: Match.objectLike({
          BillingMode: 'PAY_PER_REQUEST',
          DeletionProtectionEnabled: true,
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
          TimeToLiveSpecification: { AttributeName: TABLE_KEYS.timeToLive, Enabled: true },
        }),
      });
    });

    it('has the keys and indexes of TABLE_KEYS, like the local table', () => {
      const [, table] = ofType('AWS::DynamoDB::Table')[0]!;
      expect(table.Properties.KeySchema).toEqual([
        { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
      ]);
      expect(table.Properties.GlobalSecondaryIndexes).toEqual(
        TABLE_KEYS.indexes.map((i) => ({
          IndexName: i.indexName,
          KeySchema: [
            { AttributeName: i.partitionKey, KeyType: 'HASH' },
            { AttributeName: i.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
      );
    });
  });

  describe('functions', () => {
    it('all run on arm64, Node.js 22/24, with X-Ray tracing and a log group with retention', () => {
      // CDK's BucketDeployment handler (Python, runs only while a deployment copies the web app) is CDK's, not ours.
      const functions = ofType('AWS::Lambda::Function').filter(([, r]) => !String(r.Metadata['aws:cdk:path']).includes('/Custom::CDKBucketDeployment'));
      // One per route, one per job, each workflow's task function, the $default route's 404, the stream's aggregator.
      expect(functions.length).toBe(routeList().length + JOB_COUNT + WORKFLOW_IDS.length + 1 + 1);
      for (const [id, { Properties: p }] of functions) {
        expect(p.Architectures, id).toEqual(['arm64']);
        expect(p.Runtime, id).toMatch(/^nodejs(22|24)\.x$/);
        expect(p.TracingConfig, id).toEqual({ Mode: 'Active' });
        const logGroup = resources[p.LoggingConfig?.LogGroup?.Ref];
        expect(logGroup?.Type, id).toBe('AWS::Logs::LogGroup');
        expect(logGroup!.Properties.RetentionInDays, id).toBeGreaterThan(0);
        expect(p.Environment.Variables.NODE_OPTIONS, id).toBe('--enable-source-maps');
      }
    });

    it('time out before the HTTP API gives up on them (30 s)', () => {
      for (const route of routeList()) expect(functionFor(`${route.method} ${route.path}`).props.Timeout, route.id).toBeLessThanOrEqual(29);
    });

    it('pass the person-key salt as a deploy-time secret reference, never as a value', () => {
      const salt = functionFor('POST /ratings').props.Environment.Variables.PERSON_KEY_SALT;
      expect(JSON.stringify(salt)).toContain('{{resolve:secretsmanager:');
    });

    it('are bundled as ESM that loads in plain Node and answers (createRequire banner, CJS deps)', () => {
      const dir = built.app.synth().directory;
      const run = (description: string, env: Record<string, string>, event: Json) => {
        const bundle = join(dir, functionFor(description).metadata['aws:asset:path'], 'index.mjs');
        const script = `const { handler } = await import(${JSON.stringify(bundle)});
          const res = await handler(${JSON.stringify(event)}, { awsRequestId: 't', functionName: 'f', getRemainingTimeInMillis: () => 1000 });
          process.stdout.write(JSON.stringify(res));`;
        return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' }));
      };
      expect(run('GET /health', {}, { headers: {}, requestContext: {} }).statusCode).toBe(200);
      // qrcode is CommonJS: this import fails without the createRequire banner.
      const qr = run(
        'GET /places/{venueId}/qr',
        { TABLE_NAME: 't', AWS_REGION: 'cn-north-1', PERSON_KEY_SALT: 'test-salt' },
        { headers: {}, requestContext: {}, pathParameters: {} },
      );
      expect(qr.statusCode).toBe(400);
      // The workflows' task functions and the jobs load too (SFN, SNS, SQS, S3 clients in the bundle).
      const env = {
        TABLE_NAME: 't',
        AWS_REGION: 'cn-north-1',
        PERSON_KEY_SALT: 'test-salt',
        STATE_MACHINE_ARN: 'arn:aws-cn:states:cn-north-1:123456789012:stateMachine:m',
        COMPLAINT_STATE_MACHINE_ARN: 'arn:aws-cn:states:cn-north-1:123456789012:stateMachine:c',
        ALERT_TOPIC_ARN: 'arn:aws-cn:sns:cn-north-1:123456789012:t',
        SMS_DLQ_URL: 'https://sqs.cn-north-1.amazonaws.com.cn/123456789012/q',
        SMS_WEBHOOK_URL: SMS_WEBHOOK,
        STATUS_SYNC_URL: STATUS_SYNC_URL,
        STATUS_SYNC_SECRET: 'test-secret',
      };
      const loaded = ofType('AWS::Lambda::Function').filter(([, f]) => /\/(BadReviewWorkflow|ComplaintWorkflow|Jobs)\//.test(f.Metadata['aws:cdk:path']));
      expect(loaded.length).toBe(JOB_COUNT + WORKFLOW_IDS.length);
      for (const [, r] of loaded) {
        const bundle = join(dir, r.Metadata['aws:asset:path'], 'index.mjs');
        const script = `const m = await import(${JSON.stringify(bundle)}); process.stdout.write(typeof m.handler);`;
        expect(
          execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' }),
          r.Metadata['aws:cdk:path'],
        ).toBe('function');
      }
    }, 60_000);

    it('keep their class names through minification, so a failure log names the notifier class', () => {
      // esbuild's keepNames: minified classes get their name back (`__name(x, "SnsNotifier")`);
      // without it `constructor.name` is a one-letter name and no class name is in the bundle.
      const dir = built.app.synth().directory;
      const task = ofType('AWS::Lambda::Function').find(([, r]) => String(r.Metadata['aws:cdk:path']).includes('/BadReviewWorkflow/TaskFunction/'))!;
      const bundle = readFileSync(join(dir, task[1].Metadata['aws:asset:path'], 'index.mjs'), 'utf8');
      for (const name of ['CompositeNotifier', 'DynamoNotificationInbox', 'SnsNotifier', 'WebhookNotifier']) expect(bundle, name).toContain(`"${name}"`);
    });
  });

  describe('HTTP API', () => {
    it('throttles the default stage and writes access logs', () => {
      built.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        StageName: '$default',
        DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
        AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('\\$context\\.requestId') },
      });
    });

    it('checks tokens of the configured OIDC issuer and audience', () => {
      built.template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
        AuthorizerType: 'JWT',
        IdentitySource: ['$request.header.Authorization'],
        JwtConfiguration: { Issuer: ISSUER, Audience: AUDIENCE },
      });
    });

    it('puts the JWT authorizer on every route except the public ones', () => {
      const [authorizerId] = ofType('AWS::ApiGatewayV2::Authorizer')[0]!;
      const routes = new Map(ofType('AWS::ApiGatewayV2::Route').map(([, r]) => [r.Properties.RouteKey as string, r.Properties as Json]));
      expect([...routes.keys()].sort()).toEqual([...routeList().map((r) => `${r.method} ${r.path}`), '$default'].sort());
      const publicKeys = [...routes].filter(([, r]) => r.AuthorizationType === 'NONE').map(([key]) => key);
      const open = [...PUBLIC_ROUTE_KEYS, '$default']; // $default only answers 404 for unknown routes
      expect(publicKeys.sort()).toEqual(open.sort());
      for (const [key, r] of routes) {
        if (open.includes(key)) expect(r.AuthorizerId, key).toBeUndefined();
        else expect(r, key).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } });
      }
    });

    it('allows CORS from the web app origin only', () => {
      built.template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
        CorsConfiguration: Match.objectLike({ AllowOrigins: [new URL(String(CDK_JSON.context.publicBaseUrl)).origin] }),
      });
    });
  });

  describe('default-rating job', () => {
    it('runs daily at 01:00 Asia/Shanghai on the default-ratings function, with retries and a dead-letter queue', () => {
      const job = functionFor(
        ofType('AWS::Lambda::Function')
          .map(([, r]) => r.Properties.Description as string)
          .find((d) => d.startsWith('Daily job'))!,
      );
      expect(job.metadata['aws:cdk:path']).toMatch(/DefaultRatings/);
      const [, schedule] = ofType('AWS::Scheduler::Schedule').find(([, r]) => r.Properties.Target.Arn['Fn::GetAtt']?.[0] === job.id)!;
      expect(schedule.Properties).toMatchObject({
        ScheduleExpression: 'cron(0 1 * * ? *)',
        ScheduleExpressionTimezone: 'Asia/Shanghai',
        State: 'ENABLED',
        Target: { Arn: { 'Fn::GetAtt': [job.id, 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: expect.any(Number) } },
      });
      const queueId = schedule.Properties.Target.DeadLetterConfig.Arn['Fn::GetAtt'][0] as string;
      expect(resources[queueId]).toMatchObject({ Type: 'AWS::SQS::Queue', Properties: { SqsManagedSseEnabled: true } });
      built.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: queueId }],
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
      // Scheduler invokes asynchronously: a failed run must also land in the queue, not vanish.
      built.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: job.id },
        MaximumRetryAttempts: Match.anyValue(),
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
      });
    });
  });

  describe('data exchange job', () => {
    it('runs daily at 02:30 (Asia/Shanghai) with the receivers from context, the table, retries and the dead-letter queue', () => {
      const { id: fnId, props: fn } = functionAt('/Jobs/Exchange/');
      const [, schedule] = ofType('AWS::Scheduler::Schedule').find(([, r]) => r.Properties.Target.Arn['Fn::GetAtt']?.[0] === fnId)!;
      expect(schedule.Properties).toMatchObject({ ScheduleExpression: 'cron(30 2 * * ? *)', ScheduleExpressionTimezone: 'Asia/Shanghai', State: 'ENABLED' });
      built.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { FunctionName: { Ref: fnId }, MaximumRetryAttempts: 2 });
      expect(fn.Environment.Variables).toMatchObject({ EXCHANGE_RECEIVERS, PERSON_KEY_SALT: expect.anything() });
      expect(fn.Timeout).toBe(900);
      expect(actionsOf(fn)).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:PutItem']));
      // The admin routes that export or replay send with the same receivers.
      for (const route of routeList().filter((r) => r.tag === 'exchange'))
        expect(functionFor(`${route.method} ${route.path}`).props.Environment.Variables.EXCHANGE_RECEIVERS, route.id).toBe(EXCHANGE_RECEIVERS);
    });

    it('fails synth on a bad receiver in context, naming the field', () => {
      const bad = [{ ...JSON.parse(EXCHANGE_RECEIVERS)[0], profile: 'shanghai' }];
      expect(() => exchangeEnvironment(new App({ context: { exchangeReceivers: bad } }))).toThrow(/EXCHANGE_RECEIVERS is invalid: 0\.profile/);
      expect(exchangeEnvironment(new App())).toEqual({});
    });
  });

  describe('counter fold job', () => {
    it('runs hourly at :04 (Asia/Shanghai) on the table, with retries and the dead-letter queue, and nothing else', () => {
      const { id: fnId, props: fn } = functionAt('/Jobs/CounterFold/');
      const [, schedule] = ofType('AWS::Scheduler::Schedule').find(([, r]) => r.Properties.Target.Arn['Fn::GetAtt']?.[0] === fnId)!;
      expect(schedule.Properties).toMatchObject({ ScheduleExpression: 'cron(4 * * * ? *)', ScheduleExpressionTimezone: 'Asia/Shanghai', State: 'ENABLED' });
      built.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { FunctionName: { Ref: fnId }, MaximumRetryAttempts: 2 });
      expect(actionsOf(fn)).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem']));
      // No notifications, no workflows, no files: the table only (and its failed runs to the queue).
      expect(actionsOf(fn).filter((a) => /^(sns|states|s3):/.test(a))).toEqual([]);
    });
  });

  describe('reports job and routes', () => {
    it('the daily job runs at 06:30 (Asia/Shanghai), writes the files to the evidence bucket and notifies', () => {
      const { id: fnId, props: fn } = functionAt('/Jobs/Reports/');
      const [, schedule] = ofType('AWS::Scheduler::Schedule').find(([, r]) => r.Properties.Target.Arn['Fn::GetAtt']?.[0] === fnId)!;
      expect(schedule.Properties).toMatchObject({ ScheduleExpression: 'cron(30 6 * * ? *)', ScheduleExpressionTimezone: 'Asia/Shanghai', State: 'ENABLED' });
      built.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { FunctionName: { Ref: fnId }, MaximumRetryAttempts: 2 });
      expect(fn.Environment.Variables).toMatchObject({ EVIDENCE_BUCKET: expect.anything(), ALERT_TOPIC_ARN: expect.anything(), TABLE_NAME: expect.anything() });
      expect(fn.Timeout).toBe(900);
      expect(actionsOf(fn)).toEqual(expect.arrayContaining(['s3:PutObject', 'sns:Publish', 'dynamodb:BatchGetItem', 'dynamodb:PutItem']));
    });

    it('the report routes live in the Reports nested stack; building one gets 1 GiB and 29 s', () => {
      for (const route of routeList().filter((r) => r.tag === 'reports')) {
        const fn = ofType('AWS::Lambda::Function').find(([, r]) => r.Properties.Description === `${route.method} ${route.path}`)!;
        expect(String(fn[1].Metadata['aws:cdk:path']), route.id).toContain('/ReportsRoutes/');
      }
      expect(functionFor('POST /reports').props).toMatchObject({ MemorySize: 1024, Timeout: 29 });
    });
  });

  describe('bad-review and complaint jobs', () => {
    const jobFunction = (name: string) => functionAt(`/Jobs/${name}/`);
    const scheduleOf = (fnId: string) => ofType('AWS::Scheduler::Schedule').find(([, r]) => r.Properties.Target.Arn['Fn::GetAtt']?.[0] === fnId)!;

    it.each([
      ['BadReviewReconciler', 'cron(0/10 * * * ? *)', 'BadReview', ['workflowStatus', 'workflowStart']],
      ['BadReviewReminders', 'cron(5/15 * * * ? *)', 'BadReview', ['workflowStatus', 'workflowStart']],
      ['ComplaintReconciler', 'cron(2/10 * * * ? *)', 'Complaint', ['complaintStatus', 'complaintStart']],
      ['ComplaintReminders', 'cron(8/15 * * * ? *)', 'Complaint', []],
    ] as const)(
      '%s runs on its schedule (Asia/Shanghai) with retries, a dead-letter queue, its workflow grants and notifications',
      (name, expression, w, uses) => {
        const { id: fnId, props: fn } = jobFunction(name);
        const [, schedule] = scheduleOf(fnId);
        expect(schedule.Properties).toMatchObject({
          ScheduleExpression: expression,
          ScheduleExpressionTimezone: 'Asia/Shanghai',
          State: 'ENABLED',
          Target: { RetryPolicy: { MaximumRetryAttempts: 3 }, DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } } },
        });
        const queueId = schedule.Properties.Target.DeadLetterConfig.Arn['Fn::GetAtt'][0] as string;
        expect(resources[queueId]!.Type).toBe('AWS::SQS::Queue');
        built.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
          FunctionName: { Ref: fnId },
          MaximumRetryAttempts: 2,
          DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
        });
        const env = fn.Environment.Variables as Json;
        for (const variable of ['TABLE_NAME', 'ALERT_TOPIC_ARN', 'SMS_DLQ_URL', 'SMS_WEBHOOK_URL', 'PERSON_KEY_SALT'])
          expect(env[variable], variable).toBeDefined();
        if (uses.length > 0) expect(evaluate(env[WORKFLOWS[w].variable])).toBe(arnsOf(w).stateMachine);
        expect(stateGrantsOf(fn).sort()).toEqual(expectedStateGrants(w, uses).sort());
        const actions = actionsOf(fn);
        for (const action of ['sns:Publish', 'sqs:SendMessage', 'dynamodb:UpdateItem']) expect(actions, action).toContain(action);
      },
    );

    it('start the complaint jobs at minutes of their own, apart from each other and from the bad-review jobs', () => {
      const minutesOf = (name: string) => {
        const [, schedule] = scheduleOf(jobFunction(name).id);
        const [, first, step] = /^cron\((\d+)\/(\d+) /.exec(schedule.Properties.ScheduleExpression as string)!;
        return Array.from({ length: Math.ceil((60 - Number(first)) / Number(step)) }, (_, i) => Number(first) + i * Number(step));
      };
      const badReview = new Set([...minutesOf('BadReviewReconciler'), ...minutesOf('BadReviewReminders')]);
      const reconciler = minutesOf('ComplaintReconciler');
      const reminders = minutesOf('ComplaintReminders');
      for (const minute of [...reconciler, ...reminders]) expect(badReview.has(minute), `:${minute}`).toBe(false);
      for (const minute of reminders) expect(reconciler, `:${minute}`).not.toContain(minute);
    });
  });

  describe.each(WORKFLOW_IDS)('%s workflow', (w) => {
    const { name, variable, definitionFile, placeholder } = WORKFLOWS[w];
    const definition = () => JSON.parse(stateMachineOf(w).props.DefinitionString as string) as { States: Record<string, AslState> };

    it(`deploys ${relative(PROJECT_ROOT, definitionFile)} as it is, substituting the partition and the task function`, () => {
      const { props } = stateMachineOf(w);
      expect(props.StateMachineType).toBe('STANDARD');
      expect(props.StateMachineName).toBe(name);
      expect(props.DefinitionString).toBe(readFileSync(definitionFile, 'utf8'));
      expect(props.DefinitionSubstitutions).toEqual({
        Partition: { Ref: 'AWS::Partition' },
        [placeholder]: { 'Fn::GetAtt': [taskFunctionOf(w).id, 'Arn'] },
      });
      // Every placeholder in the text has a substitution.
      const placeholders = new Set([...(props.DefinitionString as string).matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]));
      expect([...placeholders].sort()).toEqual(Object.keys(props.DefinitionSubstitutions).sort());
    });

    it('retries transient Lambda errors and catches everything on every Task', () => {
      const tasks = allStates(definition().States).filter(([, s]) => s.Type === 'Task');
      expect(tasks.length).toBeGreaterThan(10);
      for (const [state, task] of tasks) {
        const retried = (task.Retry ?? []).flatMap((r) => r.ErrorEquals);
        for (const error of LAMBDA_TRANSIENT_ERRORS) expect(retried, `${state} retries ${error}`).toContain(error);
        expect(retried, `${state} must not retry a timeout`).not.toContain('States.Timeout');
        expect(
          (task.Catch ?? []).flatMap((c) => c.ErrorEquals),
          state,
        ).toContain('States.ALL');
        expect(task.Resource, state).toMatch(/^arn:\$\{Partition\}:states:::lambda:invoke/);
        expect(task.Parameters?.FunctionName, state).toBe(`\${${placeholder}}`);
      }
    });

    it('gives every human step (.waitForTaskToken) a timeout and a way out when it expires', () => {
      const waits = allStates(definition().States).filter(([, s]) => s.Type === 'Task' && s.Resource!.endsWith('.waitForTaskToken'));
      expect(waits.length).toBeGreaterThanOrEqual(5);
      for (const [state, task] of waits) {
        expect(task.TimeoutSecondsPath ?? task.TimeoutSeconds, `${state} has a timeout`).toBeDefined();
        expect(
          task.Catch!.find((c) => c.ErrorEquals.includes('States.Timeout')),
          `${state} catches States.Timeout`,
        ).toBeDefined();
      }
    });

    it('logs every event without execution data to its own log group, and traces with X-Ray', () => {
      const { props } = stateMachineOf(w);
      expect(props.LoggingConfiguration).toMatchObject({ Level: 'ALL', IncludeExecutionData: false });
      const logGroupId = props.LoggingConfiguration.Destinations[0].CloudWatchLogsLogGroup.LogGroupArn['Fn::GetAtt'][0] as string;
      expect(resources[logGroupId]!.Properties).toMatchObject({ LogGroupName: `/aws/vendedlogs/states/${name}` });
      expect(resources[logGroupId]!.Properties.RetentionInDays).toBeGreaterThanOrEqual(180);
      expect(props.TracingConfiguration).toEqual({ Enabled: true });
    });

    it('lets the state machine invoke only its task function, besides writing logs and traces', () => {
      const roleId = stateMachineOf(w).props.RoleArn['Fn::GetAtt'][0] as string;
      const statements = ofType('AWS::IAM::Policy')
        .filter(([, p]) => (p.Properties.Roles as Json[]).some((r) => r.Ref === roleId))
        .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);
      const taskArn = { 'Fn::GetAtt': [taskFunctionOf(w).id, 'Arn'] };
      const invoke = statements.filter((s) => toArray(s.Action).some((a) => a.startsWith('lambda:')));
      expect(invoke).toEqual([{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: [taskArn, { 'Fn::Join': ['', [taskArn, ':*']] }] }]);
      for (const s of statements.filter((x) => !invoke.includes(x))) for (const action of toArray(s.Action)) expect(action).toMatch(/^(logs|xray):/);
    });

    it('gives the task function the table, its workflow and the notification channels (and, for complaints, the status sync)', () => {
      const fn = taskFunctionOf(w).props;
      const env = fn.Environment.Variables as Json;
      for (const v of ['TABLE_NAME', 'ALERT_TOPIC_ARN', 'SMS_DLQ_URL', 'PERSON_KEY_SALT']) expect(env[v], v).toBeDefined();
      expect(evaluate(env[variable])).toBe(arnsOf(w).stateMachine);
      // Only its own workflow's variable: the other state machine is not its business.
      for (const other of WORKFLOW_IDS.filter((x) => x !== w)) expect(env[WORKFLOWS[other].variable]).toBeUndefined();
      expect(env.SMS_WEBHOOK_URL).toBe(SMS_WEBHOOK);
      expect(env.STATUS_SYNC_URL).toBe(w === 'Complaint' ? STATUS_SYNC_URL : undefined);
      expect(fn.Timeout).toBeGreaterThanOrEqual(30);
    });

    it('is an output of the stack', () => {
      expect(built.template.toJSON().Outputs[`${w}StateMachineArn`]).toEqual({ Value: { Ref: stateMachineOf(w).id } });
    });
  });

  describe('capabilities a route uses', () => {
    const routes = routeList();
    const statementsFor = (fnProps: Json, prefix: string) => statementsOf(fnProps).filter((s) => toArray(s.Action).some((a) => a.startsWith(prefix)));
    const routeFunction = (id: keyof typeof ROUTES) => functionFor(`${ROUTES[id].method} ${ROUTES[id].path}`);

    it('are declared by some routes (the checks below are not vacuous)', () => {
      for (const use of [
        'workflowStart',
        'workflowCallback',
        'workflowStatus',
        'complaintStart',
        'complaintCallback',
        'statusSync',
        'files',
        'notify',
      ] as const)
        expect(routes.filter((r) => r.uses?.includes(use)).length, use).toBeGreaterThan(0);
    });

    it('workflow: the ARN variable of each state machine and exactly the states: actions of the workflow capabilities a route uses, on that state machine only — for those routes and no others', () => {
      for (const route of routes) {
        const fn = functionFor(`${route.method} ${route.path}`);
        const env = fn.props.Environment.Variables as Json;
        const expected = WORKFLOW_IDS.flatMap((w) => expectedStateGrants(w, route.uses));
        expect(stateGrantsOf(fn.props).sort(), route.id).toEqual(expected.sort());
        for (const w of WORKFLOW_IDS) {
          const { variable } = WORKFLOWS[w];
          if (expectedStateGrants(w, route.uses).length === 0) expect(env[variable], `${route.id} ${variable}`).toBeUndefined();
          else expect(evaluate(env[variable]), `${route.id} ${variable}`).toBe(arnsOf(w).stateMachine);
        }
      }
    });

    it('workflow: complaintCallback routes answer steps of the complaint state machine only (the calendar writes re-plan both workflows)', () => {
      const both = routes.filter((r) => r.uses?.includes('complaintCallback') && r.uses.includes('workflowCallback'));
      expect(both.map((r) => r.tag)).toEqual(['calendar', 'calendar', 'calendar', 'calendar']);
      const callers = routes.filter((r) => r.uses?.includes('complaintCallback') && !r.uses.includes('workflowCallback'));
      expect(callers.map((r) => r.id)).toEqual(
        expect.arrayContaining(['assignComplaint', 'acceptComplaint', 'submitComplaintAnswer', 'giveComplaintFeedback']),
      );
      for (const route of callers) {
        const grants = stateGrantsOf(functionFor(`${route.method} ${route.path}`).props);
        for (const action of CALLBACK) expect(grants, route.id).toContain(`${action} ${arnsOf('Complaint').stateMachine}`);
        expect(
          grants.filter((g) => g.includes(WORKFLOWS.BadReview.name)),
          route.id,
        ).toEqual([]);
      }
    });

    it.each([
      [
        'BadReview',
        'workflowStart',
        'workflowCallback',
        ['recordVerification', 'recordRectification', 'replyToRater', 'answerVisit', 'decideExtension', 'decideAppeal'],
        ['submitRating', 'batchRatings'],
      ],
      [
        'Complaint',
        'complaintStart',
        'complaintCallback',
        ['acceptComplaint', 'returnComplaint', 'submitComplaintAnswer', 'reviewComplaintAnswer', 'giveComplaintFeedback'],
        ['submitComplaint', 'receiveTransfer'],
      ],
    ] as const)(
      'workflow %s: a function that answers steps cannot start executions, and one that starts them cannot answer steps',
      (w, start, callback, answering, starting) => {
        const only = (mine: Capability, other: Capability) => routes.filter((r) => r.uses?.includes(mine) && !r.uses.includes(other)).map((r) => r.id);
        const callbackOnly = only(callback, start);
        const startOnly = only(start, callback);
        // What the use cases do: people's actions and decisions answer the waiting step; a rating or a new complaint starts the execution.
        expect(callbackOnly).toEqual(expect.arrayContaining([...answering]));
        expect(startOnly).toEqual(expect.arrayContaining([...starting]));
        for (const id of callbackOnly) {
          const actions = actionsOf(routeFunction(id).props);
          expect(actions, id).toEqual(expect.arrayContaining(CALLBACK));
          expect(actions, id).not.toContain('states:StartExecution');
        }
        for (const id of startOnly) {
          const actions = actionsOf(routeFunction(id).props);
          expect(actions, id).toContain('states:StartExecution');
          for (const action of [...CALLBACK, 'states:SendTaskHeartbeat']) expect(actions, `${id} ${action}`).not.toContain(action);
        }
        // The task function answers the step that hands it a token, of its own state machine; it starts nothing.
        expect(stateGrantsOf(taskFunctionOf(w).props).sort()).toEqual(CALLBACK.map((a) => `${a} ${arnsOf(w).stateMachine}`).sort());
      },
    );

    it.each([
      ['BadReview', 'workflowStart'],
      ['Complaint', 'complaintStart'],
    ] as const)('workflow %s: functions that start executions are deployed after the state machine (its ARN is built, not referenced)', (w, start) => {
      const { id } = stateMachineOf(w);
      const starters = routes.filter((r) => r.uses?.includes(start));
      expect(starters.length).toBeGreaterThan(0);
      for (const route of starters) {
        const fnId = functionFor(`${route.method} ${route.path}`).id;
        expect(toArray(resources[fnId]!.DependsOn ?? []), route.id).toContain(id);
      }
    });

    it('statusSync: the status endpoint and the signing secret (a deploy-time reference to the secret in the stack), no IAM, and time for the retries', () => {
      const [secretId] = ofType('AWS::SecretsManager::Secret').find(([, r]) => /\/StatusSync\//.test(r.Metadata['aws:cdk:path']))!;
      const secretReference = { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secretId }, ':SecretString:::}}']] };
      for (const route of routes) {
        const fn = functionFor(`${route.method} ${route.path}`);
        const env = fn.props.Environment.Variables as Json;
        if (!route.uses?.includes('statusSync')) {
          for (const name of ['STATUS_SYNC_URL', 'STATUS_SYNC_SECRET']) expect(env[name], `${route.id} ${name}`).toBeUndefined();
          continue;
        }
        expect(env.STATUS_SYNC_URL, route.id).toBe(STATUS_SYNC_URL);
        expect(env.STATUS_SYNC_SECRET, route.id).toEqual(secretReference);
        expect(statementsFor(fn.props, 'secretsmanager:'), route.id).toEqual([]);
        // 3 attempts of 3 s with backoff; with notify as well, both one after the other.
        expect(fn.props.Timeout, route.id).toBeGreaterThanOrEqual(route.uses.includes('notify') ? 29 : 20);
      }
      // The complaint task function syncs too: it reports assignment, answers and closing.
      const task = taskFunctionOf('Complaint').props.Environment.Variables as Json;
      expect(task.STATUS_SYNC_URL).toBe(STATUS_SYNC_URL);
      expect(task.STATUS_SYNC_SECRET).toEqual(secretReference);
      expect(resources[secretId]).toMatchObject({ DeletionPolicy: 'Retain', Properties: { GenerateSecretString: expect.anything() } });
    });

    it('files: EVIDENCE_BUCKET and object access on the evidence bucket only; GET routes only read', () => {
      const [bucketId] = ofType('AWS::S3::Bucket').filter(([, b]) => b.Properties.VersioningConfiguration)[0]!;
      for (const route of routes) {
        const fn = functionFor(`${route.method} ${route.path}`);
        const s3 = statementsFor(fn.props, 's3:');
        if (!route.uses?.includes('files')) {
          expect(fn.props.Environment.Variables.EVIDENCE_BUCKET, route.id).toBeUndefined();
          expect(s3, route.id).toEqual([]);
          continue;
        }
        expect(fn.props.Environment.Variables.EVIDENCE_BUCKET, route.id).toEqual({ Ref: bucketId });
        const actions = s3.flatMap((s) => toArray(s.Action));
        expect(actions, route.id).toContain('s3:GetObject');
        expect(actions.includes('s3:PutObject'), route.id).toBe(route.method !== 'GET');
        expect(
          actions.some((a) => a.startsWith('s3:Delete')),
          route.id,
        ).toBe(false);
        for (const s of s3) for (const r of toArray(s.Resource)) expect(JSON.stringify(r), route.id).toContain(bucketId);
      }
    });

    it('notify: topic, dead-letter queue and webhook settings with publish/send grants, and time for the webhook retries', () => {
      const [topicId] = ofType('AWS::SNS::Topic').filter(([, r]) => /\/Notifications\//.test(r.Metadata['aws:cdk:path']))[0]!;
      for (const route of routes) {
        const fn = functionFor(`${route.method} ${route.path}`);
        const env = fn.props.Environment.Variables as Json;
        if (!route.uses?.includes('notify')) {
          for (const name of ['ALERT_TOPIC_ARN', 'SMS_DLQ_URL', 'SMS_WEBHOOK_URL']) expect(env[name], `${route.id} ${name}`).toBeUndefined();
          expect(statementsFor(fn.props, 'sns:'), route.id).toEqual([]);
          continue;
        }
        expect(env.ALERT_TOPIC_ARN, route.id).toEqual({ Ref: topicId });
        expect(env.SMS_DLQ_URL, route.id).toBeDefined();
        expect(env.SMS_WEBHOOK_URL, route.id).toBe(SMS_WEBHOOK);
        expect(statementsFor(fn.props, 'sns:'), route.id).toEqual([{ Effect: 'Allow', Action: 'sns:Publish', Resource: { Ref: topicId } }]);
        expect(
          statementsFor(fn.props, 'sqs:').flatMap((s) => toArray(s.Action)),
          route.id,
        ).toEqual(['sqs:SendMessage']);
        expect(fn.props.Timeout, route.id).toBeGreaterThanOrEqual(20);
      }
    });
  });

  describe('evidence bucket', () => {
    const evidence = () => ofType('AWS::S3::Bucket').find(([, b]) => String(b.Metadata['aws:cdk:path']).includes('/Evidence/Bucket/'))!;

    it('is encrypted with its own rotating KMS key, versioned, private, logged and retained', () => {
      const [id, bucket] = evidence();
      const sse = bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0];
      expect(sse).toMatchObject({ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } });
      const keyId = sse.ServerSideEncryptionByDefault.KMSMasterKeyID['Fn::GetAtt'][0] as string;
      expect(resources[keyId]).toMatchObject({ Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } });
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(bucket.Properties.LoggingConfiguration.DestinationBucketName).toEqual({ Ref: expect.any(String) });
      expect(resources[id]).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    });

    it('refuses plain HTTP and TLS below 1.2', () => {
      const [id] = evidence();
      built.template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: id },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            Match.objectLike({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
          ]),
        },
      });
    });
  });

  describe('notification channels', () => {
    it('has an encrypted, TLS-only alert topic and an encrypted, TLS-only SMS dead-letter queue', () => {
      const [topicId, topic] = ofType('AWS::SNS::Topic').filter(([, r]) => /\/Notifications\//.test(r.Metadata['aws:cdk:path']))[0]!;
      expect(topic.Properties.KmsMasterKeyId).toBeDefined();
      built.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        Topics: [{ Ref: topicId }],
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
      const [queueId, queue] = ofType('AWS::SQS::Queue').filter(([, r]) => /\/Notifications\/SmsDeadLetters\//.test(r.Metadata['aws:cdk:path']))[0]!;
      expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
      built.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: queueId }],
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
    });
  });

  describe('alarms', () => {
    it("notify an encrypted topic about every function's errors, API 5xx and dead letters", () => {
      const [topicId, topic] = ofType('AWS::SNS::Topic').find(([, r]) => /\/Alarms\//.test(r.Metadata['aws:cdk:path']))!;
      expect(topic.Properties.KmsMasterKeyId).toBeDefined();
      const alarms = ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties as Json);
      for (const alarm of alarms) expect(alarm.AlarmActions).toEqual([{ Ref: topicId }]);
      for (const [fnId] of ofType('AWS::Lambda::Function'))
        expect(
          alarms.some((a) => a.MetricName === 'Errors' && a.Dimensions?.[0]?.Value?.Ref === fnId),
          fnId,
        ).toBe(true);
      expect(alarms.some((a) => a.Namespace === 'AWS/ApiGateway' && a.MetricName === '5xx')).toBe(true);
      // The aggregator's stream lag: an hour of 5-minute maxima above 15 minutes' age, well inside the stream's 24 hours.
      const lag = alarms.find((a) => a.MetricName === 'IteratorAge');
      expect(lag).toMatchObject({ Statistic: 'Maximum', Threshold: 15 * 60_000, EvaluationPeriods: 3 });
      for (const [queueId] of ofType('AWS::SQS::Queue'))
        expect(
          alarms.some((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible' && a.Dimensions?.[0]?.Value?.['Fn::GetAtt']?.[0] === queueId),
          queueId,
        ).toBe(true);
    });

    it('fire on a failed or timed-out execution of each workflow', () => {
      const stateMachines = ofType('AWS::StepFunctions::StateMachine');
      expect(stateMachines.length).toBe(WORKFLOW_IDS.length);
      for (const [smId] of stateMachines) {
        const alarm = ofType('AWS::CloudWatch::Alarm')
          .map(([, a]) => a.Properties as Json)
          .find((a) => (a.Metrics ?? []).some((m: Json) => m.MetricStat?.Metric?.Dimensions?.[0]?.Value?.Ref === smId));
        expect(alarm, smId).toBeDefined();
        const names = (alarm!.Metrics as Json[])
          .filter((m) => m.MetricStat)
          .map((m) => m.MetricStat.Metric.MetricName)
          .sort();
        expect(names, smId).toEqual(['ExecutionsFailed', 'ExecutionsTimedOut']);
        for (const m of (alarm!.Metrics as Json[]).filter((x) => x.MetricStat)) expect(m.MetricStat.Metric.Dimensions[0].Value, smId).toEqual({ Ref: smId });
        expect(alarm!.Threshold, smId).toBe(1);
      }
    });
  });

  describe('resource budget', () => {
    it(`keeps every stack, the parent and each nested one, within ${RESOURCE_BUDGET} resources (60% of CloudFormation's 500)`, () => {
      const counts = built.stacks.map((s) => `${s.path}: ${s.resourceCount}`);
      console.log(`Resources per stack (budget ${RESOURCE_BUDGET}):\n  ${counts.join('\n  ')}`);
      // The parent and one nested stack per entry of ROUTE_STACKS (the complaints' included): each one is counted.
      expect(built.stacks.map((s) => s.path).sort()).toEqual(['Haochaping', ...Object.keys(ROUTE_STACKS).map((id) => `Haochaping/Api/${id}Routes`)].sort());
      // Every resource of the app is in exactly one of these templates.
      expect(built.stacks.reduce((n, s) => n + s.resourceCount, 0)).toBe(Object.keys(resources).length);
      for (const s of built.stacks) expect(s.resourceCount, `${s.path} (all: ${counts.join(', ')})`).toBeLessThanOrEqual(RESOURCE_BUDGET);
    });
  });

  describe('cdk-nag', () => {
    it('finds nothing unacknowledged in the AwsSolutions pack', () => {
      const report = new AwsSolutionsChecks().validateScope(built.stack);
      const findings = report.violations.map((v) => `${v.severity} ${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
      expect(findings).toEqual([]);
      expect(report.success).toBe(true);
    });

    it('leaves no error or warning annotation on the stack', () => {
      expect(Annotations.fromStack(built.stack).findError('*', Match.anyValue())).toEqual([]);
      expect(Annotations.fromStack(built.stack).findWarning('*', Match.anyValue())).toEqual([]);
    });

    it('gives every acknowledgement a real reason', () => {
      const acknowledged = built.stack.node
        .findAll()
        .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
        .flatMap((m) => Object.entries(m.data as Record<string, string>));
      expect(acknowledged.length).toBeGreaterThan(0);
      for (const [id, reason] of acknowledged) expect(reason.length, id).toBeGreaterThanOrEqual(40);
    });
  });

  describe('partitions', () => {
    it('synthesizes for cn-north-1 without any aws-partition ARN', () => {
      const cn = synth({}, { account: '123456789012', region: 'cn-north-1' });
      // Every template: the parent's and each nested stack's, parameters and outputs included.
      const json = JSON.stringify(cn.stacks.map((s) => s.template));
      expect(cn.stacks.length).toBeGreaterThan(1);
      expect(json).not.toContain('arn:aws:');
      expect(json).toContain('Asia/Shanghai');
      // Without the settings no function is told an SMS webhook or a status endpoint (the signing secret is there all the same).
      expect(json).not.toContain('SMS_WEBHOOK_URL');
      expect(json).not.toContain('STATUS_SYNC_URL');
      expect(json).toContain('STATUS_SYNC_SECRET');
    }, 180_000);

    it('has no ARN written by hand in infra/', () => {
      const files = readdirSync(join(PROJECT_ROOT, 'infra'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) expect(readFileSync(join(PROJECT_ROOT, 'infra', file), 'utf8'), file).not.toMatch(/arn:aws/);
    });
  });
});
