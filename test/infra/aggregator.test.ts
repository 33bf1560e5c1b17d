import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { Aggregator } from '../../infra/constructs/aggregator.js';
import { Data } from '../../infra/constructs/data.js';

type Json = Record<string, any>;
type Statement = { Effect: string; Action: string | string[]; Resource: unknown };
const toArray = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);

/**
 * The aggregator on the table's stream, in a stack of its own with the real table (the whole
 * app's checks — every function alarmed, every queue alarmed, the resource budget, cdk-nag —
 * are in stack.test.ts).
 */
describe('Aggregator', () => {
  let stack: Stack;
  let template: Template;
  let resources: Record<string, Json>;
  const only = (type: string): [string, Json] => {
    const found = Object.entries(resources).filter(([, r]) => r.Type === type);
    expect(found.length, type).toBe(1);
    return found[0] as [string, Json];
  };
  const ids = () => ({
    table: only('AWS::DynamoDB::Table')[0],
    key: only('AWS::KMS::Key')[0],
    queue: only('AWS::SQS::Queue')[0],
    fn: only('AWS::Lambda::Function')[0],
  });
  /** `action resource` for every statement of the function's role, references as `<Id.Attr>`. */
  const grants = () => {
    const role = (only('AWS::Lambda::Function')[1].Properties.Role as Json)['Fn::GetAtt'][0] as string;
    const show = (r: unknown): string => {
      const o = r as Json;
      if (typeof r === 'string') return r;
      if (o['Fn::GetAtt']) return `<${o['Fn::GetAtt'].join('.')}>`;
      if (o['Fn::Join']) return (o['Fn::Join'][1] as unknown[]).map(show).join(o['Fn::Join'][0]);
      return JSON.stringify(r);
    };
    return Object.values(resources)
      .filter((p) => p.Type === 'AWS::IAM::Policy' && (p.Properties.Roles as Json[]).some((r) => r.Ref === role))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[])
      .flatMap((s) => toArray(s.Action).flatMap((a) => toArray(s.Resource).map((r) => `${a} ${show(r)}`)));
  };

  beforeAll(() => {
    stack = new Stack(new App(), 'AggregatorTest');
    const data = new Data(stack, 'Data');
    new Aggregator(stack, 'Aggregator', { table: data.table });
    template = Template.fromStack(stack);
    resources = template.toJSON().Resources;
  }, 120_000);

  it("reads the table's stream from the trim horizon, in batches of up to 1000 within 5 s, with a 60 s tumbling window", () => {
    const { table, fn } = ids();
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: fn },
      EventSourceArn: { 'Fn::GetAtt': [table, 'StreamArn'] },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 1000,
      MaximumBatchingWindowInSeconds: 300,
      TumblingWindowInSeconds: 60,
    });
  });

  it('is invoked only for the items that count (cases, ratings, bad reviews, complaints), not for the counters it writes', () => {
    const [mapping] = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'));
    const patterns = (mapping!.Properties.FilterCriteria.Filters as { Pattern: string }[]).map((f) => JSON.parse(f.Pattern));
    expect(patterns).toEqual([{ dynamodb: { NewImage: { entity: { S: ['case', 'rating', 'badReview', 'complaint'] } } } }]);
  });

  it('retries a failed batch whole 10 times, one invocation per shard, then parks it in the dead-letter queue', () => {
    const { queue } = ids();
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      MaximumRetryAttempts: 10,
      BisectBatchOnFunctionError: false,
      ParallelizationFactor: 1,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queue, 'Arn'] } } },
    });
    // No partial batch responses: the aggregator takes a batch whole or fails it whole.
    expect(only('AWS::Lambda::EventSourceMapping')[1].Properties.FunctionResponseTypes).toBeUndefined();
  });

  it('may read this stream (and list this table\'s streams) and read and write the table, nothing on "*" but X-Ray', () => {
    const { table, key, queue } = ids();
    const granted = grants();

    const stream = `<${table}.StreamArn>`;
    for (const action of ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator']) expect(granted).toContain(`${action} ${stream}`);
    expect(granted).toContain(`dynamodb:ListStreams <${table}.Arn>/stream/*`);
    // The counter store reads positions with BatchGetItem and writes counters and positions in one transaction of updates.
    for (const action of ['dynamodb:BatchGetItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem']) expect(granted).toContain(`${action} <${table}.Arn>`);
    expect(granted).toContain(`kms:Decrypt <${key}.Arn>`);
    expect(granted).toContain(`sqs:SendMessage <${queue}.Arn>`);
    expect(granted.filter((g) => g.endsWith(' *')).every((g) => g.startsWith('xray:'))).toBe(true);
  });

  it('is told the table, and not the person-key salt it does not need, and has time for a large batch', () => {
    const { table } = ids();
    const fn = only('AWS::Lambda::Function')[1].Properties as Json;

    expect(fn.Environment.Variables.TABLE_NAME).toEqual({ Ref: table });
    expect(fn.Environment.Variables.PERSON_KEY_SALT).toBeUndefined();
    expect(fn.Timeout).toBe(60);
    expect(fn.Architectures).toEqual(['arm64']);
  });

  it('has an encrypted dead-letter queue that refuses plain HTTP', () => {
    const { queue } = ids();
    expect(resources[queue]!.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queue }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('leaves no unacknowledged cdk-nag finding', () => {
    const report = new AwsSolutionsChecks().validateScope(stack);

    expect(report.violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
  });
});
