import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AwsClient, AwsError, defaultEndpoint, xmlText } from '../../functions/adapters/aws/signed-fetch.js';
import { type AwsServer, awsServer, CREDENTIALS, jsonError, REGION } from './aws-server.js';

describe('AwsClient (signed fetch)', () => {
  let server: AwsServer;
  beforeAll(async () => {
    server = await awsServer('states');
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
  });

  it('signs with the default credential chain and region: in Lambda, the role keys in the environment', async () => {
    vi.stubEnv('AWS_REGION', REGION);
    vi.stubEnv('AWS_ACCESS_KEY_ID', CREDENTIALS.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', CREDENTIALS.secretAccessKey);
    vi.stubEnv('AWS_SESSION_TOKEN', CREDENTIALS.sessionToken);
    try {
      await new AwsClient('states', { endpoint: server.aws.endpoint! }).json('AWSStepFunctions.ListActivities', {});
    } finally {
      vi.unstubAllEnvs();
    }

    const [req] = server.requests;
    expect(req?.signatureProblem).toBeUndefined();
    expect(req?.scope).toEqual({ accessKeyId: CREDENTIALS.accessKeyId, region: REGION, service: 'states' });
    expect(req?.headers['x-amz-security-token']).toBe(CREDENTIALS.sessionToken);
  });

  it('is refused by the server when signed with another secret (the check in these tests can fail)', async () => {
    await new AwsClient('states', { ...server.aws, credentials: { ...CREDENTIALS, secretAccessKey: 'other' } }).json('AWSStepFunctions.ListActivities', {});

    expect(server.requests[0]?.signatureProblem).toBe('signature does not match');
  });

  it('retries a network error and a 429, then answers', async () => {
    let calls = 0;
    const flaky = (async (url: URL, init: RequestInit) => {
      if (++calls === 1) throw new TypeError('fetch failed');
      return fetch(url, init);
    }) as typeof fetch;
    server.answer(jsonError(429, 'TooManyRequestsException'), { body: { activities: [] } });

    const out = await new AwsClient('states', { ...server.aws, fetch: flaky }).json('AWSStepFunctions.ListActivities', {});

    expect(out).toEqual({ activities: [] });
    expect(calls).toBe(3);
    expect(server.requests).toHaveLength(2);
  });

  it('names errors by their AWS code, from the header, JSON or XML, else by the status', async () => {
    server.answer(
      { status: 400, headers: { 'x-amzn-ErrorType': 'ValidationException:http://internal.amazon.com/coral/' }, body: { message: 'bad' } },
      jsonError(400, 'InvalidArn', 'Invalid Arn'),
      { status: 403, body: '<ErrorResponse><Error><Code>AuthorizationError</Code><Message>a &amp; b</Message></Error></ErrorResponse>' },
      { status: 404 },
      { status: 502, body: '<html>Bad Gateway</html>' },
      { status: 502, body: '<html>Bad Gateway</html>' },
      { status: 502, body: '<html>Bad Gateway</html>' },
    );
    const client = new AwsClient('states', server.aws);
    const errors = [];
    for (let i = 0; i < 5; i++)
      errors.push(await client.json('AWSStepFunctions.X', {}).catch((e: AwsError) => [e instanceof AwsError, e.name, e.message, e.status]));

    expect(errors).toEqual([
      [true, 'ValidationException', 'bad', 400],
      [true, 'InvalidArn', 'Invalid Arn', 400],
      [true, 'AuthorizationError', 'a & b', 403],
      [true, 'NotFound', 'NotFound (HTTP 404)', 404],
      [true, 'Http502', 'Http502 (HTTP 502)', 502],
    ]);
  });

  it('does not follow a redirect, which the signature does not cover', async () => {
    server.answer({
      status: 307,
      headers: { location: 'http://127.0.0.1:9/elsewhere' },
      body: '<Error><Code>TemporaryRedirect</Code><Message>Please re-send</Message></Error>',
    });

    await expect(new AwsClient('states', server.aws).json('AWSStepFunctions.X', {})).rejects.toMatchObject({ name: 'TemporaryRedirect', status: 307 });
    expect(server.requests).toHaveLength(1);
  });

  it('needs a region', async () => {
    vi.stubEnv('AWS_REGION', '');
    vi.stubEnv('AWS_DEFAULT_REGION', '');
    try {
      await expect(new AwsClient('sqs', { credentials: CREDENTIALS }).json('AmazonSQS.SendMessage', {})).rejects.toThrow('No AWS region for sqs');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('knows the endpoints of the China partition', () => {
    expect(defaultEndpoint('states', 'cn-north-1')).toBe('https://states.cn-north-1.amazonaws.com.cn');
    expect(defaultEndpoint('sns', 'ap-east-1')).toBe('https://sns.ap-east-1.amazonaws.com');
  });

  it('reads text out of AWS XML', () => {
    expect(xmlText('<A><Code>X&lt;1&gt;</Code></A>', 'Code')).toBe('X<1>');
    expect(xmlText('<A/>', 'Code')).toBeUndefined();
  });
});
