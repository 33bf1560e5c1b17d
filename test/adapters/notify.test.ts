import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BatchGetItemCommand,
  DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { audienceKey, deliveryKeys, regionAncestors } from '../../functions/adapters/notify/audience.js';
import { CompositeNotifier, type NotifierFailureLog } from '../../functions/adapters/notify/composite.js';
import { type DeadLetter, type DeadLetterEntry, FileDeadLetter } from '../../functions/adapters/notify/dead-letter.js';
import { DynamoNotificationInbox } from '../../functions/adapters/notify/dynamo-inbox.js';
import { OutboxNotifier } from '../../functions/adapters/notify/outbox-notifier.js';
import { SqsDeadLetter } from '../../functions/adapters/notify/sqs-dead-letter.js';
import { SnsNotifier, snsSubject } from '../../functions/adapters/notify/sns-notifier.js';
import { WebhookNotifier } from '../../functions/adapters/notify/webhook-notifier.js';
import { regionContains } from '../../functions/core/access.js';
import { ensureTable, localClient, startDynamoDbLocal } from '../../functions/local/dynamodb-local.js';
import { freePort } from '../../functions/local/stack.js';
import type { Notification, Notifier } from '../../functions/ports/notifier.js';
import { type AwsServer, awsServer, jsonError, xmlError } from './aws-server.js';

const TABLE = 'notify-test';

function notification(over: Partial<Notification> = {}): Notification {
  return {
    id: 'N-1',
    audience: { kind: 'unitLeader', unitId: 'U-1' },
    kind: 'taskOrder',
    title: '任务交办单：差评核实超期',
    body: '差评 R-1 的核实已超期，请于 3 个工作日内办结。',
    subject: 'R-1',
    createdAt: '2025-03-03T02:00:00.000Z',
    ...over,
  };
}

const tempDirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'hcp-notify-'));
  tempDirs.push(dir);
  return dir;
};
const readLines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l));
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe('audiences', () => {
  it('names each audience by one inbox key', () => {
    expect(audienceKey({ kind: 'unitStaff', unitId: 'U-1' })).toBe('unitStaff#U-1');
    expect(audienceKey({ kind: 'unitLeader', unitId: 'U-1' })).toBe('unitLeader#U-1');
    expect(audienceKey({ kind: 'supervisors', regionCode: '410400' })).toBe('supervisors#410400');
    expect(audienceKey({ kind: 'citizen', personKey: 'pk-abc' })).toBe('citizen#pk-abc');
    expect(audienceKey({ kind: 'operators' })).toBe('operators');
  });

  it('climbs the 行政区划 code from village to province', () => {
    expect(regionAncestors('410421')).toEqual(['410421', '410400', '410000']);
    expect(regionAncestors('410421101')).toEqual(['410421101', '410421', '410400', '410000']);
    expect(regionAncestors('410421101201')).toEqual(['410421101201', '410421101', '410421', '410400', '410000']);
    expect(regionAncestors('410400')).toEqual(['410400', '410000']);
    expect(regionAncestors('410000')).toEqual(['410000']);
    expect(regionAncestors('x-1')).toEqual(['x-1']);
  });

  it('gives only ancestors that contain the region by the access rule', () => {
    for (const code of ['410421', '410421101', '410421101201', '410400'])
      for (const ancestor of regionAncestors(code)) expect(regionContains(ancestor, code), `${ancestor} ⊇ ${code}`).toBe(true);
  });

  it("delivers supervisors' notifications to the region and every region above it, others to one inbox", () => {
    expect(deliveryKeys({ kind: 'supervisors', regionCode: '410421' })).toEqual(['supervisors#410421', 'supervisors#410400', 'supervisors#410000']);
    expect(deliveryKeys({ kind: 'unitStaff', unitId: 'U-1' })).toEqual(['unitStaff#U-1']);
  });
});

describe('DynamoNotificationInbox (aws-sdk-client-mock)', () => {
  const client = new DynamoDBClient({ region: 'cn-north-1' });
  const ddb = mockClient(client);
  const inbox = () => new DynamoNotificationInbox({ tableName: TABLE, client }, { now: () => new Date('2025-03-04T00:00:00.000Z') });

  beforeEach(() => {
    ddb.reset();
  });

  it('writes the lookup item and one inbox item per region up the chain, in one conditional transaction', async () => {
    ddb.on(TransactWriteItemsCommand).resolves({});

    await inbox().notify(notification({ id: 'N-9', kind: 'escalation', audience: { kind: 'supervisors', regionCode: '410421' } }));

    expect(ddb).toHaveReceivedCommandTimes(TransactWriteItemsCommand, 1);
    const items = ddb.commandCalls(TransactWriteItemsCommand)[0]!.args[0].input.TransactItems!;
    expect(items.map((i) => i.Put!.ConditionExpression)).toEqual(Array(4).fill('attribute_not_exists(pk)'));
    expect(items.map((i) => `${i.Put!.Item!.pk!.S} ${i.Put!.Item!.sk!.S}`)).toEqual([
      'NOTIF#N-9 A',
      'AUD#supervisors#410421 2025-03-03T02:00:00.000Z#N-9',
      'AUD#supervisors#410400 2025-03-03T02:00:00.000Z#N-9',
      'AUD#supervisors#410000 2025-03-03T02:00:00.000Z#N-9',
    ]);
    // The copy a city supervisor sees still says which county it was for.
    expect(unmarshall(items[2]!.Put!.Item!).audience).toEqual({ kind: 'supervisors', regionCode: '410421' });
  });

  it('stores the same notification id once: the conditional failure of a second write is not an error', async () => {
    ddb
      .on(TransactWriteItemsCommand)
      .resolvesOnce({})
      .rejects(
        new TransactionCanceledException({
          message: 'Transaction cancelled',
          $metadata: {},
          CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'ConditionalCheckFailed' }],
        }),
      );

    await inbox().notify(notification());
    await expect(inbox().notify(notification())).resolves.toBeUndefined();

    expect(ddb).toHaveReceivedCommandTimes(TransactWriteItemsCommand, 2);
  });

  it('passes other transaction failures on', async () => {
    ddb
      .on(TransactWriteItemsCommand)
      .rejects(
        new TransactionCanceledException({ message: 'conflict', $metadata: {}, CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }] }),
      );

    await expect(inbox().notify(notification())).rejects.toThrow(TransactionCanceledException);
  });

  it("lists every audience newest first, merged, each notification once, with this user's read marks", async () => {
    const stored = (n: Notification, key: string) => marshall({ pk: `AUD#${key}`, sk: `${n.createdAt}#${n.id}`, entity: 'notification', ...n });
    const older = notification({ id: 'N-1', createdAt: '2025-03-01T00:00:00.000Z' });
    const newer = notification({ id: 'N-2', createdAt: '2025-03-02T00:00:00.000Z', audience: { kind: 'unitStaff', unitId: 'U-1' } });
    ddb
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': { S: 'AUD#unitLeader#U-1' } } })
      .resolves({ Items: [stored(older, 'unitLeader#U-1')] })
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': { S: 'AUD#unitStaff#U-1' } } })
      .resolves({ Items: [stored(newer, 'unitStaff#U-1'), stored(older, 'unitStaff#U-1')] });
    ddb.on(BatchGetItemCommand).resolves({ Responses: { [TABLE]: [marshall({ pk: 'NOTIF#N-1' })] } });

    const list = await inbox().list(
      [
        { kind: 'unitLeader', unitId: 'U-1' },
        { kind: 'unitStaff', unitId: 'U-1' },
      ],
      'user-7',
      { limit: 10 },
    );

    expect(list.map((n) => [n.id, n.read])).toEqual([
      ['N-2', false],
      ['N-1', true],
    ]);
    expect(list[1]).toEqual({ ...older, read: true });
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, { TableName: TABLE, ScanIndexForward: false, Limit: 10 });
    expect(ddb).toHaveReceivedCommandExactlyOnceWith(BatchGetItemCommand, {
      RequestItems: {
        [TABLE]: {
          Keys: [marshall({ pk: 'NOTIF#N-2', sk: 'READ#user-7' }), marshall({ pk: 'NOTIF#N-1', sk: 'READ#user-7' })],
          ProjectionExpression: 'pk',
        },
      },
    });
  });

  it('asks again for read marks DynamoDB left unprocessed', async () => {
    ddb.on(QueryCommand).resolves({ Items: [marshall({ pk: 'AUD#operators', sk: 'x', ...notification({ audience: { kind: 'operators' } }) })] });
    const key = marshall({ pk: 'NOTIF#N-1', sk: 'READ#u' });
    ddb
      .on(BatchGetItemCommand)
      .resolvesOnce({ Responses: { [TABLE]: [] }, UnprocessedKeys: { [TABLE]: { Keys: [key] } } })
      .resolves({ Responses: { [TABLE]: [marshall({ pk: 'NOTIF#N-1' })] } });

    const list = await inbox().list([{ kind: 'operators' }], 'u');

    expect(list.map((n) => n.read)).toEqual([true]);
    expect(ddb).toHaveReceivedCommandTimes(BatchGetItemCommand, 2);
  });

  it('looks read marks up 100 keys at a time for a long page', async () => {
    const items = Array.from({ length: 150 }, (_, i) =>
      marshall({ pk: 'AUD#operators', sk: 'x', ...notification({ id: `N-${String(i).padStart(3, '0')}`, audience: { kind: 'operators' } }) }),
    );
    ddb.on(QueryCommand).resolves({ Items: items });
    ddb.on(BatchGetItemCommand).resolves({ Responses: { [TABLE]: [] } });

    const list = await inbox().list([{ kind: 'operators' }], 'u', { limit: 200 });

    expect(list).toHaveLength(150);
    const sizes = ddb.commandCalls(BatchGetItemCommand).map((c) => c.args[0].input.RequestItems![TABLE]!.Keys!.length);
    expect(sizes).toEqual([100, 50]);
  });

  it('marks a known notification read for one user, keeping the first read time', async () => {
    ddb.on(GetItemCommand).resolves({ Item: marshall({ pk: 'NOTIF#N-1', deliveredTo: ['operators'] }) });
    ddb.on(UpdateItemCommand).resolves({});

    await expect(inbox().markRead('N-1', 'user-7', [{ kind: 'operators' }])).resolves.toBe(true);

    expect(ddb).toHaveReceivedCommandWith(GetItemCommand, { Key: marshall({ pk: 'NOTIF#N-1', sk: 'A' }), ConsistentRead: true });
    expect(ddb).toHaveReceivedCommandExactlyOnceWith(UpdateItemCommand, {
      Key: marshall({ pk: 'NOTIF#N-1', sk: 'READ#user-7' }),
      UpdateExpression: 'SET readAt = if_not_exists(readAt, :now), entity = :entity',
    });
  });

  it('answers false for an unknown notification and writes nothing', async () => {
    ddb.on(GetItemCommand).resolves({});

    await expect(inbox().markRead('N-404', 'user-7', [{ kind: 'operators' }])).resolves.toBe(false);

    expect(ddb).not.toHaveReceivedCommand(UpdateItemCommand);
  });

  it('answers false for a notification addressed to someone else and writes nothing', async () => {
    ddb.on(GetItemCommand).resolves({ Item: marshall({ pk: 'NOTIF#N-2', deliveredTo: ['unitStaff#U-2'] }) });

    await expect(inbox().markRead('N-2', 'user-7', [{ kind: 'unitStaff', unitId: 'U-1' }])).resolves.toBe(false);

    expect(ddb).not.toHaveReceivedCommand(UpdateItemCommand);
  });
});

describe('DynamoNotificationInbox (DynamoDB Local)', () => {
  let stop: (() => void) | undefined;
  let inbox: DynamoNotificationInbox;

  beforeAll(async () => {
    const dynamo = await startDynamoDbLocal({ port: await freePort() });
    stop = dynamo.stop;
    const client = localClient(dynamo.endpoint);
    await ensureTable(client, TABLE);
    inbox = new DynamoNotificationInbox({ tableName: TABLE, client }, { retentionDays: 400 });
  }, 60_000);
  afterAll(() => stop?.());

  it("shows a county supervisors' notification to the city supervisors, not to another county", async () => {
    const n = notification({ id: 'N-county', kind: 'escalation', audience: { kind: 'supervisors', regionCode: '410421' } });

    await inbox.notify(n);
    await inbox.notify(n);

    const city = await inbox.list([{ kind: 'supervisors', regionCode: '410400' }], 'city-sup');
    expect(city).toEqual([{ ...n, read: false }]);
    expect((await inbox.list([{ kind: 'supervisors', regionCode: '410421' }], 'county-sup')).map((x) => x.id)).toEqual(['N-county']);
    expect(await inbox.list([{ kind: 'supervisors', regionCode: '410422' }], 'other-sup')).toEqual([]);
  });

  it('keeps read marks per user and stores a repeated id once', async () => {
    const leader = { kind: 'unitLeader', unitId: 'U-77' } as const;
    await inbox.notify(notification({ id: 'N-a', audience: leader, createdAt: '2025-03-01T00:00:00.000Z' }));
    await inbox.notify(notification({ id: 'N-b', audience: leader, createdAt: '2025-03-02T00:00:00.000Z' }));
    await inbox.notify(notification({ id: 'N-a', audience: leader, createdAt: '2025-03-05T00:00:00.000Z', title: '重复' }));

    expect(await inbox.markRead('N-a', 'leader-1', [leader])).toBe(true);
    expect(await inbox.markRead('N-a', 'leader-1', [leader])).toBe(true);
    expect(await inbox.markRead('N-missing', 'leader-1', [leader])).toBe(false);
    expect(await inbox.markRead('N-a', 'other-unit', [{ kind: 'unitLeader', unitId: 'U-78' }])).toBe(false);

    const mine = await inbox.list([leader], 'leader-1');
    expect(mine.map((x) => [x.id, x.read, x.title])).toEqual([
      ['N-b', false, notification().title],
      ['N-a', true, notification().title],
    ]);
    expect((await inbox.list([leader], 'leader-2')).map((x) => x.read)).toEqual([false, false]);
    expect(await inbox.list([leader], 'leader-1', { limit: 1 })).toHaveLength(1);
  });
});

describe('SnsNotifier', () => {
  const TOPIC = 'arn:aws-cn:sns:cn-north-1:111122223333:alerts';
  const PUBLISHED =
    '<PublishResponse xmlns="https://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-1</MessageId></PublishResult></PublishResponse>';
  // A local SNS endpoint (AWS query protocol: form POST in, XML out) that checks each request's signature.
  let sns: AwsServer;
  const notifier = () => new SnsNotifier({ topicArn: TOPIC, aws: sns.aws });

  beforeAll(async () => {
    sns = await awsServer('sns', () => ({ headers: { 'content-type': 'text/xml' }, body: PUBLISHED }));
  });
  afterAll(() => sns.close());
  beforeEach(() => {
    sns.requests.length = 0;
  });

  /** The Publish calls as SNS reads them: form fields, with the message attributes folded back into a map. */
  function published() {
    return sns.requests.map((r) => {
      expect(r.signatureProblem).toBeUndefined();
      expect([r.method, r.path, r.headers['content-type']]).toEqual(['POST', '/', 'application/x-www-form-urlencoded; charset=utf-8']);
      const form = new URLSearchParams(r.body.toString('utf8'));
      const attributes: Record<string, { DataType: string; StringValue: string }> = {};
      for (let i = 1; form.has(`MessageAttributes.entry.${i}.Name`); i++)
        attributes[form.get(`MessageAttributes.entry.${i}.Name`)!] = {
          DataType: form.get(`MessageAttributes.entry.${i}.Value.DataType`)!,
          StringValue: form.get(`MessageAttributes.entry.${i}.Value.StringValue`)!,
        };
      return { fields: Object.fromEntries([...form].filter(([k]) => !k.startsWith('MessageAttributes.'))), attributes };
    });
  }

  it('publishes an escalation with a Chinese subject and attributes subscriptions can filter on', async () => {
    await notifier().notify(notification({ kind: 'escalation', audience: { kind: 'supervisors', regionCode: '410421' } }));

    const [publish, ...more] = published();
    expect(more).toEqual([]);
    expect(publish!.fields).toMatchObject({
      Action: 'Publish',
      Version: '2010-03-31',
      TopicArn: TOPIC,
      Subject: '【好差评·督办升级】任务交办单：差评核实超期',
    });
    expect(publish!.attributes).toEqual({
      kind: { DataType: 'String', StringValue: 'escalation' },
      audience: { DataType: 'String', StringValue: 'supervisors' },
      audienceKey: { DataType: 'String', StringValue: 'supervisors#410421' },
      regionCode: { DataType: 'String', StringValue: '410421' },
    });
    expect(publish!.fields.Message).toContain(notification().body);
    expect(publish!.fields.Message).toContain('通知编号：N-1');
    // Percent-encoded as RFC 3986, as the SDK sends it: a space is %20.
    expect(sns.requests[0]!.body.toString('utf8')).not.toContain('+');
  });

  it('sends task orders and operator alerts, and ignores what is not an alert', async () => {
    await notifier().notify(notification({ kind: 'taskOrder' }));
    await notifier().notify(notification({ kind: 'alert', audience: { kind: 'operators' } }));
    for (const kind of ['dispatched', 'reminder', 'decision', 'reply', 'closed'] as const) await notifier().notify(notification({ kind }));

    expect(published().map((p) => p.attributes.kind?.StringValue)).toEqual(['taskOrder', 'alert']);
  });

  it('retries throttling, and fails with the AWS error code otherwise', async () => {
    sns.answer(xmlError(400, 'Throttling', 'Rate exceeded', { query: true }));
    await notifier().notify(notification());
    expect(published()).toHaveLength(2);

    sns.answer(xmlError(404, 'NotFound', 'Topic does not exist', { query: true }));
    await expect(notifier().notify(notification())).rejects.toMatchObject({ name: 'NotFound', message: 'Topic does not exist', status: 404 });
    expect(sns.requests).toHaveLength(3);
  });

  it('keeps subjects on one line and under 100 characters', () => {
    expect(snsSubject('第一行\n第二行\t')).toBe('第一行 第二行');
    const long = snsSubject('差'.repeat(150));
    expect(long.length).toBeLessThan(100);
    expect(long.endsWith('…')).toBe(true);
    const emoji = snsSubject('😀'.repeat(60));
    expect(emoji.length).toBeLessThan(100);
    expect(emoji).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});

describe('WebhookNotifier', () => {
  const URL_ = 'https://sms.example.gov.cn/hooks/haochaping';
  type Call = { url: string; init: RequestInit };

  function fakeFetch(...answers: (number | Error)[]) {
    const calls: Call[] = [];
    const fetch = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      const next = answers.shift() ?? 200;
      if (next instanceof Error) throw next;
      return new Response(next === 204 ? null : '{}', { status: next });
    }) as unknown as typeof globalThis.fetch;
    return { fetch, calls };
  }
  function setup(...answers: (number | Error)[]) {
    const { fetch, calls } = fakeFetch(...answers);
    const parked: DeadLetterEntry[] = [];
    const sleeps: number[] = [];
    const deadLetter: DeadLetter = { put: async (e) => void parked.push(e) };
    const notifier = new WebhookNotifier({
      url: URL_,
      deadLetter,
      fetch,
      sleep: async (ms) => void sleeps.push(ms),
      now: () => new Date('2025-03-03T03:00:00.000Z'),
    });
    return { notifier, calls, parked, sleeps };
  }

  it('posts the template code, audience, texts and id — no phone number — once when the platform accepts', async () => {
    const { notifier, calls, parked } = setup(200);

    await notifier.notify(notification());

    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe(URL_);
    expect(calls[0]!.init.method).toBe('POST');
    expect((calls[0]!.init.headers as Record<string, string>)['idempotency-key']).toBe('N-1');
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual({
      templateCode: 'HCP_TASK_ORDER',
      audience: { kind: 'unitLeader', unitId: 'U-1' },
      title: notification().title,
      body: notification().body,
      id: 'N-1',
    });
    expect(parked).toEqual([]);
  });

  it('retries a 5xx and a network error with growing waits, then succeeds', async () => {
    const { notifier, calls, parked, sleeps } = setup(503, new TypeError('fetch failed'), 204);

    await notifier.notify(notification({ kind: 'reminder' }));

    expect(calls).toHaveLength(3);
    expect(sleeps).toEqual([250, 500]);
    expect(JSON.parse(String(calls[2]!.init.body)).templateCode).toBe('HCP_REMINDER');
    expect(parked).toEqual([]);
  });

  it('parks the notification in the dead letter after the third failure', async () => {
    const { notifier, calls, parked, sleeps } = setup(500, 429, 503);
    const n = notification({ kind: 'escalation' });

    await notifier.notify(n);

    expect(calls).toHaveLength(3);
    expect(sleeps).toEqual([250, 500]);
    expect(parked).toEqual([{ channel: 'smsWebhook', notification: n, reason: 'HTTP 503', attempts: 3, failedAt: '2025-03-03T03:00:00.000Z' }]);
  });

  it('does not retry a request the platform refuses (4xx) and parks it at once', async () => {
    const { notifier, calls, parked } = setup(400);

    await notifier.notify(notification());

    expect(calls).toHaveLength(1);
    expect(parked.map((p) => [p.reason, p.attempts])).toEqual([['HTTP 400', 1]]);
  });

  it('gives up on an attempt that hangs, by the per-attempt timeout', async () => {
    const parked: DeadLetterEntry[] = [];
    const hanging = ((_url: string, init: RequestInit) =>
      new Promise((_, reject) => init.signal!.addEventListener('abort', () => reject(init.signal!.reason)))) as unknown as typeof fetch;
    const notifier = new WebhookNotifier({
      url: URL_,
      deadLetter: { put: async (e) => void parked.push(e) },
      fetch: hanging,
      sleep: async () => {},
      timeoutMs: 5,
      attempts: 2,
    });

    await notifier.notify(notification());

    expect(parked.map((p) => [p.reason, p.attempts])).toEqual([['TimeoutError', 2]]);
  });

  it('sends nothing for kinds that are not worth a text message', async () => {
    const { notifier, calls } = setup();

    for (const kind of ['dispatched', 'decision', 'reply', 'closed', 'alert'] as const) await notifier.notify(notification({ kind }));

    expect(calls).toEqual([]);
  });

  it('fails when even the dead letter fails, so the caller can retry', async () => {
    const { fetch } = fakeFetch(503, 503, 503);
    const notifier = new WebhookNotifier({
      url: URL_,
      fetch,
      sleep: async () => {},
      deadLetter: {
        put: async () => {
          throw new Error('queue down');
        },
      },
    });

    await expect(notifier.notify(notification())).rejects.toThrow('queue down');
  });

  it('parks a dead letter in the SQS queue as one JSON message', async () => {
    // A local SQS endpoint (AWS JSON 1.0) that checks the request's signature; the first answer is throttling.
    const sqs = await awsServer('sqs', () => ({ body: { MessageId: 'm-1', MD5OfMessageBody: 'x' } }));
    sqs.answer(jsonError(400, 'ThrottlingException', 'Rate exceeded'));
    const queueUrl = 'https://sqs.cn-north-1.amazonaws.com.cn/111122223333/sms-dead-letters';
    const { fetch } = fakeFetch(503, 503, 503);
    const deadLetter = new SqsDeadLetter({ queueUrl, aws: sqs.aws });

    await new WebhookNotifier({ url: URL_, fetch, sleep: async () => {}, deadLetter, now: () => new Date('2025-03-03T03:00:00.000Z') }).notify(notification());

    await sqs.close();
    expect(sqs.requests).toHaveLength(2);
    const sent = sqs.requests[1]!;
    expect(sent.signatureProblem).toBeUndefined();
    expect([sent.method, sent.path, sent.target, sent.headers['content-type']]).toEqual(['POST', '/', 'AmazonSQS.SendMessage', 'application/x-amz-json-1.0']);
    expect(Object.keys(sent.json)).toEqual(['QueueUrl', 'MessageBody']);
    expect(sent.json.QueueUrl).toBe(queueUrl);
    expect(JSON.parse(sent.json.MessageBody)).toEqual({
      channel: 'smsWebhook',
      notification: notification(),
      reason: 'HTTP 503',
      attempts: 3,
      failedAt: '2025-03-03T03:00:00.000Z',
    });
  });

  it('fails when SQS refuses the dead letter, so the caller can retry', async () => {
    const sqs = await awsServer('sqs', () => jsonError(400, 'QueueDoesNotExist', 'The specified queue does not exist.'));
    const deadLetter = new SqsDeadLetter({ queueUrl: 'https://sqs.cn-north-1.amazonaws.com.cn/111122223333/gone', aws: sqs.aws });
    const { fetch } = fakeFetch(503, 503, 503);

    await expect(new WebhookNotifier({ url: URL_, fetch, sleep: async () => {}, deadLetter }).notify(notification())).rejects.toMatchObject({
      name: 'QueueDoesNotExist',
    });
    await sqs.close();
    expect(sqs.requests).toHaveLength(1);
  });

  it('writes dead letters as NDJSON lines under the data folder', async () => {
    const dir = tempDir();
    const deadLetter = new FileDeadLetter(join(dir, 'nested'));
    const entry: DeadLetterEntry = {
      channel: 'smsWebhook',
      notification: notification(),
      reason: 'HTTP 502',
      attempts: 3,
      failedAt: '2025-03-03T03:00:00.000Z',
    };

    await deadLetter.put(entry);
    await deadLetter.put({ ...entry, reason: 'TimeoutError' });

    expect(readLines(join(dir, 'nested', 'dead-letters.ndjson')).map((e) => e.reason)).toEqual(['HTTP 502', 'TimeoutError']);
  });
});

describe('OutboxNotifier', () => {
  it('appends every notification, of every kind, as one JSON line', async () => {
    const dir = tempDir();
    const outbox = new OutboxNotifier(dir);

    await outbox.notify(notification({ id: 'N-1', kind: 'dispatched' }));
    await outbox.notify(notification({ id: 'N-2', kind: 'closed' }));

    expect(readLines(join(dir, 'outbox.ndjson'))).toEqual([notification({ id: 'N-1', kind: 'dispatched' }), notification({ id: 'N-2', kind: 'closed' })]);
  });
});

describe('CompositeNotifier', () => {
  class Recording implements Notifier {
    readonly seen: string[] = [];
    async notify(n: Notification) {
      this.seen.push(n.id);
    }
  }
  class Broken implements Notifier {
    async notify(): Promise<void> {
      const err = new Error('POST https://sms.example.gov.cn/hooks?token=secret failed');
      err.name = 'PlatformDown';
      throw err;
    }
  }

  it('sends to every channel even when one fails, and logs the failure by error name only', async () => {
    const first = new Recording();
    const last = new Recording();
    const logged: Parameters<NotifierFailureLog>[0][] = [];

    await new CompositeNotifier([first, new Broken(), last], (f) => logged.push(f)).notify(notification());

    expect(first.seen).toEqual(['N-1']);
    expect(last.seen).toEqual(['N-1']);
    expect(logged).toEqual([{ notifier: 'Broken', error: 'PlatformDown', notificationId: 'N-1', kind: 'taskOrder' }]);
    expect(JSON.stringify(logged)).not.toContain('secret');
  });
});
