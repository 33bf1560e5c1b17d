import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE_KEYS } from '../../functions/adapters/dynamo/schema.js';
import { routeList } from '../../functions/http/routes.js';
import { configFromContext } from '../../infra/config.js';
import { HANDLERS_WITHOUT_TABLE, tableAccessFor } from '../../infra/constructs/api.js';
import { PROJECT_ROOT } from '../../infra/paths.js';
import { HaochapingStack } from '../../infra/stack.js';

type Json = Record<string, any>;
type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

const CDK_JSON = JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
// Deploy-time overrides (`-c oidcIssuer=...`), so the test proves they reach the API.
const ISSUER = 'https://sso.test.gov.cn/realms/haochaping';
const AUDIENCE = ['haochaping-web', 'haochaping-pads'];
const PUBLIC_ROUTE_KEYS = ['GET /health', 'GET /openapi.json', 'GET /places/{venueId}', 'GET /places/{venueId}/qr'];
const WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

/**
 * The app as `cdk synth` builds it: cdk.json's context (feature flags included), the
 * metadata the CLI asks for (construct paths, asset paths), and the overrides.
 */
function synth(context: Record<string, unknown>, env?: { account: string; region: string }) {
  const cliContext = { 'aws:cdk:enable-path-metadata': true, 'aws:cdk:enable-asset-metadata': true };
  const app = new App({ context: { ...CDK_JSON.context, ...cliContext, ...context } });
  const stack = new HaochapingStack(app, 'Haochaping', { env, config: configFromContext(app.node) });
  return { app, stack, template: Template.fromStack(stack) };
}

const toArray = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);

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

  beforeAll(() => {
    built = synth({ oidcIssuer: ISSUER, oidcAudience: AUDIENCE.join(',') });
    resources = built.template.toJSON().Resources;
  }, 180_000);

  describe('IAM', () => {
    it('gives each route function the table access its method needs, and none to handlers without the table', () => {
      for (const route of routeList()) {
        const fn = functionFor(`${route.method} ${route.path}`);
        const actions = actionsOf(fn.props);
        const access = tableAccessFor(route);
        if (access === undefined) {
          expect(actions.filter((a) => a.startsWith('dynamodb:')), route.handler).toEqual([]);
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
        const usesTable = /from '\.\/deps\.js'/.test(source);
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
      const [[, table]] = ofType('AWS::DynamoDB::Table');
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
      const [[, table]] = ofType('AWS::DynamoDB::Table');
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
      const functions = ofType('AWS::Lambda::Function');
      expect(functions.length).toBe(routeList().length + 1);
      for (const [id, { Properties: p }] of functions) {
        expect(p.Architectures, id).toEqual(['arm64']);
        expect(p.Runtime, id).toMatch(/^nodejs(22|24)\.x$/);
        expect(p.TracingConfig, id).toEqual({ Mode: 'Active' });
        const logGroup = resources[p.LoggingConfig?.LogGroup?.Ref];
        expect(logGroup?.Type, id).toBe('AWS::Logs::LogGroup');
        expect(logGroup.Properties.RetentionInDays, id).toBeGreaterThan(0);
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
      const qr = run('GET /places/{venueId}/qr', { TABLE_NAME: 't', AWS_REGION: 'cn-north-1' }, { headers: {}, requestContext: {}, pathParameters: {} });
      expect(qr.statusCode).toBe(400);
    }, 60_000);
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
      const [[authorizerId]] = ofType('AWS::ApiGatewayV2::Authorizer');
      const routes = new Map(ofType('AWS::ApiGatewayV2::Route').map(([, r]) => [r.Properties.RouteKey as string, r.Properties as Json]));
      expect([...routes.keys()].sort()).toEqual(routeList().map((r) => `${r.method} ${r.path}`).sort());
      const publicKeys = [...routes].filter(([, r]) => r.AuthorizationType === 'NONE').map(([key]) => key);
      expect(publicKeys.sort()).toEqual([...PUBLIC_ROUTE_KEYS].sort());
      for (const [key, r] of routes) {
        if (PUBLIC_ROUTE_KEYS.includes(key)) expect(r.AuthorizerId, key).toBeUndefined();
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
      const job = functionFor(ofType('AWS::Lambda::Function').map(([, r]) => r.Properties.Description as string).find((d) => d.startsWith('Daily job'))!);
      expect(job.metadata['aws:cdk:path']).toMatch(/DefaultRatings/);
      const [[, schedule]] = ofType('AWS::Scheduler::Schedule');
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

  describe('alarms', () => {
    it('notify an encrypted topic about every function\'s errors, API 5xx and dead letters', () => {
      const [[topicId, topic]] = ofType('AWS::SNS::Topic');
      expect(topic.Properties.KmsMasterKeyId).toBeDefined();
      const alarms = ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties as Json);
      for (const alarm of alarms) expect(alarm.AlarmActions).toEqual([{ Ref: topicId }]);
      for (const [fnId] of ofType('AWS::Lambda::Function'))
        expect(alarms.some((a) => a.MetricName === 'Errors' && a.Dimensions?.[0]?.Value?.Ref === fnId), fnId).toBe(true);
      expect(alarms.some((a) => a.Namespace === 'AWS/ApiGateway' && a.MetricName === '5xx')).toBe(true);
      expect(alarms.some((a) => a.Namespace === 'AWS/SQS' && a.MetricName === 'ApproximateNumberOfMessagesVisible')).toBe(true);
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
      const json = JSON.stringify(cn.template.toJSON());
      expect(json).not.toContain('arn:aws:');
      expect(json).toContain('Asia/Shanghai');
    }, 180_000);

    it('has no ARN written by hand in infra/', () => {
      const files = readdirSync(join(PROJECT_ROOT, 'infra'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) expect(readFileSync(join(PROJECT_ROOT, 'infra', file), 'utf8'), file).not.toMatch(/arn:aws/);
    });
  });
});
