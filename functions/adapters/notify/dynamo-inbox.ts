import {
  type AttributeValue,
  BatchGetItemCommand,
  type BatchGetItemCommandOutput,
  GetItemCommand,
  type KeysAndAttributes,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { Audience, Notification, NotificationInbox } from '../../ports/notifier.js';
import { queryPage, type TableConfig, toItem } from '../dynamo/table.js';
import { audienceKey, deliveryKeys } from './audience.js';

// Keys (see the table in functions/adapters/dynamo/table.ts).
const inboxKey = (key: string, n: Pick<Notification, 'createdAt' | 'id'>) => ({ pk: `AUD#${key}`, sk: `${n.createdAt}#${n.id}` });
const refKey = (id: string) => ({ pk: `NOTIF#${id}`, sk: 'A' });
const readKey = (id: string, userSub: string) => ({ pk: `NOTIF#${id}`, sk: `READ#${userSub}` });

const DEFAULT_LIMIT = 50;
/** The HTTP API's largest page. */
const MAX_LIMIT = 200;
/** BatchGetItem takes at most 100 keys. */
const BATCH_GET_KEYS = 100;
const BATCH_GET_TRIES = 5;

export interface DynamoNotificationInboxOptions {
  /** Items expire (table TTL) this many days after the notification. @default kept */
  readonly retentionDays?: number;
  /** @default the system clock */
  readonly now?: () => Date;
}

/**
 * The in-app inbox over the single table.
 *
 * - One item per delivery key: `AUD#{audienceKey}` / `{createdAt}#{id}` — a unit's staff,
 *   its leader, a citizen, the operators; supervisors' notifications are written under
 *   their region and every region above it (see {@link deliveryKeys}).
 * - A lookup item `NOTIF#{id}` / `A`, written in the same transaction with
 *   `attribute_not_exists`: the same id notified twice is stored once.
 * - Read marks per user: `NOTIF#{id}` / `READ#{userSub}`.
 */
export class DynamoNotificationInbox implements NotificationInbox {
  private readonly now: () => Date;

  constructor(
    private readonly t: TableConfig,
    private readonly opts: DynamoNotificationInboxOptions = {},
  ) {
    this.now = opts.now ?? (() => new Date());
  }

  async notify(n: Notification): Promise<void> {
    const keys = deliveryKeys(n.audience);
    const ttl = this.ttlFor(n);
    const record = { id: n.id, audience: n.audience, kind: n.kind, title: n.title, body: n.body, subject: n.subject, createdAt: n.createdAt };
    const put = (item: Record<string, AttributeValue>) => ({
      Put: { TableName: this.t.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' },
    });
    try {
      await this.t.client.send(
        new TransactWriteItemsCommand({
          // The lookup item first: its condition is what makes a second notify a no-op.
          TransactItems: [
            put(toItem({ ...refKey(n.id), entity: 'notificationRef' }, { id: n.id, createdAt: n.createdAt, deliveredTo: keys, ttl })),
            ...keys.map((key) => put(toItem({ ...inboxKey(key, n), entity: 'notification' }, { ...record, ttl }))),
          ],
        }),
      );
    } catch (err) {
      if (err instanceof TransactionCanceledException && err.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed')) return;
      throw err;
    }
  }

  async list(audiences: Audience[], userSub: string, opts: { limit?: number } = {}): Promise<(Notification & { read: boolean })[]> {
    const limit = Math.max(1, Math.min(opts.limit ?? DEFAULT_LIMIT, MAX_LIMIT));
    const keys = [...new Set(audiences.map(audienceKey))];
    const pages = await Promise.all(keys.map((key) => queryPage<StoredNotification>(this.t, { pk: `AUD#${key}`, limit })));

    const byId = new Map<string, Notification>();
    for (const item of pages.flatMap((p) => p.items)) if (!byId.has(item.id)) byId.set(item.id, toNotification(item));
    const newest = [...byId.values()].sort((a, b) => (a.createdAt === b.createdAt ? cmp(b.id, a.id) : cmp(b.createdAt, a.createdAt))).slice(0, limit);

    const read = await this.readMarks(
      newest.map((n) => n.id),
      userSub,
    );
    return newest.map((n) => ({ ...n, read: read.has(n.id) }));
  }

  async markRead(id: string, userSub: string, audiences: Audience[]): Promise<boolean> {
    const ref = await this.t.client.send(
      new GetItemCommand({
        TableName: this.t.tableName,
        Key: marshall(refKey(id)),
        ConsistentRead: true,
        ProjectionExpression: 'pk, #ttl, deliveredTo',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
      }),
    );
    if (!ref.Item) return false;
    const { ttl: refTtl, deliveredTo = [] } = unmarshall(ref.Item) as { ttl?: number; deliveredTo?: string[] };
    const mine = new Set(audiences.map(audienceKey));
    if (!deliveredTo.some((k) => mine.has(k))) return false; // not addressed to this user: as if it did not exist
    // if_not_exists: marking twice keeps the first time it was read.
    await this.t.client.send(
      new UpdateItemCommand({
        TableName: this.t.tableName,
        Key: marshall(readKey(id, userSub)),
        UpdateExpression: `SET readAt = if_not_exists(readAt, :now), entity = :entity${refTtl ? ', #ttl = :ttl' : ''}`,
        ExpressionAttributeNames: refTtl ? { '#ttl': 'ttl' } : undefined,
        ExpressionAttributeValues: marshall({ ':now': this.now().toISOString(), ':entity': 'notificationRead', ...(refTtl ? { ':ttl': refTtl } : {}) }),
      }),
    );
    return true;
  }

  /** Ids among `ids` this user has read. */
  private async readMarks(ids: string[], userSub: string): Promise<Set<string>> {
    const read = new Set<string>();
    for (let i = 0; i < ids.length; i += BATCH_GET_KEYS) {
      const chunk = ids.slice(i, i + BATCH_GET_KEYS);
      let request: Record<string, KeysAndAttributes> | undefined = {
        [this.t.tableName]: { Keys: chunk.map((id) => marshall(readKey(id, userSub))), ProjectionExpression: 'pk' },
      };
      for (let attempt = 1; request && Object.keys(request).length > 0; attempt++) {
        if (attempt > BATCH_GET_TRIES) throw new Error(`Read marks still unprocessed after ${BATCH_GET_TRIES} tries`);
        if (attempt > 1) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
        const out: BatchGetItemCommandOutput = await this.t.client.send(new BatchGetItemCommand({ RequestItems: request }));
        for (const item of out.Responses?.[this.t.tableName] ?? []) read.add(String(unmarshall(item).pk).slice('NOTIF#'.length));
        request = out.UnprocessedKeys;
      }
    }
    return read;
  }

  private ttlFor(n: Notification): number | undefined {
    if (!this.opts.retentionDays) return undefined;
    const base = Date.parse(n.createdAt);
    return Math.floor((Number.isNaN(base) ? this.now().getTime() : base) / 1000) + this.opts.retentionDays * 86_400;
  }
}

type StoredNotification = Notification & { ttl?: number };

function toNotification(s: StoredNotification): Notification {
  const { id, audience, kind, title, body, subject, createdAt } = s;
  return { id, audience, kind, title, body, ...(subject === undefined ? {} : { subject }), createdAt };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
