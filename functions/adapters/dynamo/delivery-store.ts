import { ConditionalCheckFailedException, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DeliveryStore, StatusDelivery } from '../../ports/status-sync.js';
import type { Page } from '../../ports/stores.js';
import { fromItem, putIfVersion, queryAll, queryPage, type TableConfig, toItem } from './table.js';

const DEAD_LIST = 'SYNC_DEAD';

/** The item key of a complaint's `seq`-th delivery: seq padded so that 2 sorts before 10. */
const deliveryKey = (complaintId: string, seq: number) => ({ pk: `SYNC#${complaintId}`, sk: String(seq).padStart(6, '0') });

/** Every key of a delivery: while dead also in the dead letter (gsi2, sparse), oldest first. */
function deliveryKeys(d: StatusDelivery) {
  const dead = d.state === 'dead';
  return {
    ...deliveryKey(d.event.complaintId, d.event.seq),
    gsi2pk: dead ? DEAD_LIST : undefined,
    gsi2sk: dead ? `${d.createdAt}#${d.event.id}` : undefined,
    entity: 'statusDelivery',
  };
}

/** `{complaintId}:{seq}` back into its parts; undefined when it is not such an id. */
function parseId(id: string): { complaintId: string; seq: number } | undefined {
  const at = id.lastIndexOf(':');
  const complaintId = id.slice(0, at);
  const seq = Number(id.slice(at + 1));
  if (at < 1 || !Number.isSafeInteger(seq) || seq < 1 || String(seq) !== id.slice(at + 1)) return undefined;
  return { complaintId, seq };
}

/** The status sync's outbox and dead letter (ports/status-sync.ts) on the single table (see table.ts). */
export class DynamoDeliveryStore implements DeliveryStore {
  constructor(private readonly t: TableConfig) {}

  async create(d: StatusDelivery): Promise<StatusDelivery> {
    try {
      await this.t.client.send(
        new PutItemCommand({ TableName: this.t.tableName, Item: toItem(deliveryKeys(d), d), ConditionExpression: 'attribute_not_exists(pk)' }),
      );
      return d;
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
      const existing = await this.get(d.event.id);
      if (!existing) throw e;
      return existing;
    }
  }

  async get(id: string): Promise<StatusDelivery | undefined> {
    const parts = parseId(id);
    if (!parts) return undefined;
    const key = deliveryKey(parts.complaintId, parts.seq);
    const out = await this.t.client.send(new GetItemCommand({ TableName: this.t.tableName, Key: marshall(key), ConsistentRead: true }));
    return out.Item ? fromItem<StatusDelivery>(out.Item) : undefined;
  }

  save(d: StatusDelivery, expectedVersion: number): Promise<void> {
    return putIfVersion(this.t, toItem(deliveryKeys(d), d), expectedVersion, '该状态同步记录已被同时更新，请刷新后重试');
  }

  listForComplaint(complaintId: string): Promise<StatusDelivery[]> {
    return queryAll(this.t, { pk: `SYNC#${complaintId}`, forward: true });
  }

  listDead(opts: { cursor?: string; limit?: number } = {}): Promise<Page<StatusDelivery>> {
    return queryPage(this.t, { index: 'gsi2', pk: DEAD_LIST, forward: true, cursor: opts.cursor, limit: opts.limit });
  }
}
