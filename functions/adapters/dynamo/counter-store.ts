import {
  BatchGetItemCommand,
  type BatchGetItemCommandOutput,
  type KeysAndAttributes,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { DomainError } from '../../core/errors.js';
import type { CounterKey, CounterValues } from '../../core/indicators/counters.js';
import { type CounterDelta, type CounterStore, MAX_DELTAS_PER_APPLY } from '../../ports/counters.js';
import { fromItem, type TableConfig } from './table.js';

/**
 * Indicator counters on the single table (see table.ts): one item per dimension and period,
 * `CNT#{dim}` / `{period}` (e.g. `CNT#R#410400` / `M#2026-11`), a number attribute per field;
 * and one item per stream shard with the position applied up to, `STREAMPOS#{shardId}` / `A`.
 */
const counterKey = (k: CounterKey) => ({ pk: `CNT#${k.dim}`, sk: k.period });
const positionKey = (shardId: string) => ({ pk: `STREAMPOS#${shardId}`, sk: 'A' });

export class DynamoCounterStore implements CounterStore {
  constructor(private readonly t: TableConfig) {}

  async position(shardId: string): Promise<string | undefined> {
    const [row] = await this.get([positionKey(shardId)]);
    return typeof row?.position === 'string' ? row.position : undefined;
  }

  async apply(shardId: string, from: string | undefined, to: string, deltas: readonly CounterDelta[]): Promise<void> {
    if (deltas.length > MAX_DELTAS_PER_APPLY) throw new Error(`at most ${MAX_DELTAS_PER_APPLY} counters per apply`);
    const T = this.t.tableName;
    const items: TransactWriteItem[] = deltas.flatMap((d): TransactWriteItem[] => {
      const fields = Object.entries(d.values).filter(([, v]) => v !== 0);
      if (fields.length === 0) return [];
      return [
        {
          Update: {
            TableName: T,
            Key: marshall(counterKey(d.key)),
            UpdateExpression: `SET entity = :e ADD ${fields.map((_, i) => `#f${i} :v${i}`).join(', ')}`,
            ExpressionAttributeNames: Object.fromEntries(fields.map(([f], i) => [`#f${i}`, f])),
            ExpressionAttributeValues: marshall({ ':e': 'counter', ...Object.fromEntries(fields.map(([, v], i) => [`:v${i}`, v])) }),
          },
        },
      ];
    });
    items.push({
      Update: {
        TableName: T,
        Key: marshall(positionKey(shardId)),
        UpdateExpression: 'SET #p = :to, entity = :e',
        ConditionExpression: from === undefined ? 'attribute_not_exists(#p)' : '#p = :from',
        ExpressionAttributeNames: { '#p': 'position' },
        ExpressionAttributeValues: marshall({ ':to': to, ':e': 'streamPosition', ...(from === undefined ? {} : { ':from': from }) }),
      },
    });
    try {
      await this.t.client.send(new TransactWriteItemsCommand({ TransactItems: items }));
    } catch (e) {
      if (e instanceof TransactionCanceledException && e.CancellationReasons?.at(-1)?.Code === 'ConditionalCheckFailed')
        throw new DomainError('CONFLICT', `stream shard ${shardId} has moved on from the position this batch read`);
      throw e;
    }
  }

  async read(keys: readonly CounterKey[]): Promise<CounterValues[]> {
    const rows = await this.get(keys.map(counterKey));
    return rows.map((r) => {
      if (!r) return {};
      const { entity: _e, ...values } = r;
      return values as CounterValues;
    });
  }

  /** Consistent BatchGetItem of up to any number of keys (100 per call, unprocessed keys asked again), in the order asked. */
  private async get(keys: { pk: string; sk: string }[]): Promise<(Record<string, unknown> | undefined)[]> {
    const found = new Map<string, Record<string, unknown>>();
    // BatchGetItem refuses a key asked twice.
    const unique = [...new Map(keys.map((k) => [`${k.pk}|${k.sk}`, k])).values()];
    for (let i = 0; i < unique.length; i += 100) {
      let request: Record<string, KeysAndAttributes> | undefined = {
        [this.t.tableName]: { Keys: unique.slice(i, i + 100).map((k) => marshall(k)), ConsistentRead: true },
      };
      for (let attempt = 0; request && Object.keys(request).length > 0; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
        const out: BatchGetItemCommandOutput = await this.t.client.send(new BatchGetItemCommand({ RequestItems: request }));
        for (const item of out.Responses?.[this.t.tableName] ?? []) {
          const pk = item.pk?.S ?? '';
          const sk = item.sk?.S ?? '';
          found.set(`${pk}|${sk}`, fromItem<Record<string, unknown>>(item));
        }
        request = out.UnprocessedKeys;
      }
    }
    return keys.map((k) => found.get(`${k.pk}|${k.sk}`));
  }
}
