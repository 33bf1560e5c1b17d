import { gunzipSync, gzipSync } from 'node:zlib';
import {
  BatchWriteItemCommand,
  type BatchWriteItemCommandOutput,
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  type TransactWriteItem,
  UpdateItemCommand,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { DomainError } from '../../core/errors.js';
import { addTo, type Contribution, type CounterKey, type CounterValues, nonZero } from '../../core/indicators/counters.js';
import { type CounterDelta, type CounterStore, type FoldResult, MAX_DELTAS_PER_STAGE } from '../../ports/counters.js';
import { batchGetItems, type TableConfig } from './table.js';

/**
 * Indicator counters on the single table (see table.ts), in two stages (ports/counters.ts):
 * - a counter: one item per dimension and period, `CNT#{dim}` / `{period}` (e.g. `CNT#R#410400`
 *   / `M#2026-11`), a number attribute per field, and `fold`: the id of the last fold that wrote it;
 * - a shard's position: `STREAMPOS#{shardId}` / `A`;
 * - a staged batch: `CNTSTAGE` / `{shardId}#{to}#{part}`, its deltas as gzipped JSON (`d`), in
 *   parts of at most {@link DELTAS_PER_PART} counters, written with the position in one transaction;
 * - the last fold: `CNTFOLD` / `PLAN`, its number `id`, the staged items it folds (`stages`)
 *   and whether it is `done`.
 *
 * A fold puts the next plan (number `id + 1`, only once the last is done), adds the plan's
 * summed deltas to each counter with one UpdateItem conditioned on the counter's `fold` being
 * below the plan's number (so a resumed plan, or a second fold on the same plan however late,
 * skips the counters written already), deletes the staged items, then marks the plan done.
 * A fold that stops midway leaves its plan not done: the next fold finishes it first.
 */
const counterKey = (k: CounterKey) => ({ pk: `CNT#${k.dim}`, sk: k.period });
const positionKey = (shardId: string) => ({ pk: `STREAMPOS#${shardId}`, sk: 'A' });
const STAGE_PK = 'CNTSTAGE';
const PLAN_KEY = { pk: 'CNTFOLD', sk: 'PLAN' };
/** Counters per staged item: gzipped, a part stays far below the 400 KB item limit. */
export const DELTAS_PER_PART = 1000;
/** Staged items per fold plan (their keys are in the plan item). */
const STAGES_PER_FOLD = 400;
/** Counter writes in flight during a fold. */
const FOLD_CONCURRENCY = 16;

type Row = [dim: string, period: string, values: CounterValues];
const encode = (deltas: readonly CounterDelta[]) => gzipSync(JSON.stringify(deltas.map((d): Row => [d.key.dim, d.key.period, d.values])));
const decode = (bytes: Uint8Array): Row[] => JSON.parse(gunzipSync(bytes).toString('utf8'));

interface Plan {
  /** Plans are numbered 1, 2, …: one at a time, each after the last is done. */
  id: number;
  stages: string[];
}

export class DynamoCounterStore implements CounterStore {
  constructor(private readonly t: TableConfig) {}

  async position(shardId: string): Promise<string | undefined> {
    const out = await this.t.client.send(new GetItemCommand({ TableName: this.t.tableName, Key: marshall(positionKey(shardId)), ConsistentRead: true }));
    return out.Item?.position?.S;
  }

  async stage(shardId: string, from: string | undefined, to: string, deltas: readonly CounterDelta[]): Promise<void> {
    if (deltas.length > MAX_DELTAS_PER_STAGE) throw new Error(`at most ${MAX_DELTAS_PER_STAGE} counters per staged batch`);
    const T = this.t.tableName;
    const items: TransactWriteItem[] = [];
    for (let i = 0; i * DELTAS_PER_PART < deltas.length; i++)
      items.push({
        Put: {
          TableName: T,
          Item: {
            ...marshall({ pk: STAGE_PK, sk: `${shardId}#${to}#${i}`, entity: 'counterStage' }),
            d: { B: encode(deltas.slice(i * DELTAS_PER_PART, (i + 1) * DELTAS_PER_PART)) },
          },
        },
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

  async fold(): Promise<FoldResult> {
    const total: FoldResult = { batches: 0, counters: 0 };
    for (;;) {
      const last = await this.plan();
      const plan = last && !last.done ? last : await this.newPlan(last?.id ?? 0);
      if (plan === undefined) return total;
      if (plan === 'taken') continue;
      const done = await this.carryOut(plan);
      total.batches += done.batches;
      total.counters += done.counters;
    }
  }

  async read(keys: readonly CounterKey[]): Promise<CounterValues[]> {
    const found = new Map(
      (await batchGetItems(this.t, keys.map(counterKey))).map((item) => {
        const { pk, sk, entity: _e, fold: _f, ...values } = unmarshall(item);
        return [`${pk}|${sk}`, values as CounterValues];
      }),
    );
    return keys.map((k) => {
      const key = counterKey(k);
      return { ...found.get(`${key.pk}|${key.sk}`) };
    });
  }

  private async plan(): Promise<(Plan & { done: boolean }) | undefined> {
    const out = await this.t.client.send(new GetItemCommand({ TableName: this.t.tableName, Key: marshall(PLAN_KEY), ConsistentRead: true }));
    if (!out.Item) return undefined;
    return { id: Number(out.Item.id?.N ?? 0), stages: out.Item.stages?.SS ?? [], done: out.Item.done?.BOOL === true };
  }

  /** The plan after `previous` over the staged items there are (undefined: none), or 'taken' when another fold put it first. */
  private async newPlan(previous: number): Promise<Plan | 'taken' | undefined> {
    const out = await this.t.client.send(
      new QueryCommand({
        TableName: this.t.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: marshall({ ':pk': STAGE_PK }),
        ProjectionExpression: 'sk',
        ConsistentRead: true,
        Limit: STAGES_PER_FOLD,
      }),
    );
    const stages = (out.Items ?? []).map((i) => i.sk?.S ?? '');
    if (stages.length === 0) return undefined;
    const plan = { id: previous + 1, stages };
    try {
      await this.t.client.send(
        new PutItemCommand({
          TableName: this.t.tableName,
          Item: { ...marshall({ ...PLAN_KEY, entity: 'counterFold', id: plan.id, done: false }), stages: { SS: stages } },
          ...(previous === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: '#done = :true AND #id = :previous',
                ExpressionAttributeNames: { '#done': 'done', '#id': 'id' },
                ExpressionAttributeValues: marshall({ ':true': true, ':previous': previous }),
              }),
        }),
      );
      return plan;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return 'taken';
      throw e;
    }
  }

  /**
   * Adds the plan's staged deltas to the counters (each counter once per plan), deletes its
   * staged items, then the plan. Staged items already deleted were counted: deleting starts
   * only once every counter is written.
   */
  private async carryOut(plan: Plan): Promise<FoldResult> {
    const staged = await batchGetItems(
      this.t,
      plan.stages.map((sk) => ({ pk: STAGE_PK, sk })),
    );
    const sums: Contribution = new Map();
    for (const item of staged) for (const [dim, period, values] of decode(item.d?.B ?? new Uint8Array())) addTo(sums, { dim, period }, values);
    const writes = nonZero(sums);
    let next = 0;
    const worker = async () => {
      while (next < writes.length) await this.add(plan.id, writes[next++]!);
    };
    await Promise.all(Array.from({ length: FOLD_CONCURRENCY }, worker));
    await this.deleteStaged(plan.stages);
    try {
      await this.t.client.send(
        new UpdateItemCommand({
          TableName: this.t.tableName,
          Key: marshall(PLAN_KEY),
          UpdateExpression: 'SET #done = :true REMOVE stages',
          ConditionExpression: '#id = :id',
          ExpressionAttributeNames: { '#done': 'done', '#id': 'id' },
          ExpressionAttributeValues: marshall({ ':id': plan.id, ':true': true }),
        }),
      );
    } catch (e) {
      // Another fold finished the same plan and put the next.
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
    }
    const batches = new Set(staged.map((item) => item.sk?.S?.replace(/#\d+$/, '')));
    return { batches: batches.size, counters: writes.length };
  }

  /** One counter's share of a fold, unless this fold (or a later one) wrote it already. */
  private async add(foldId: number, d: CounterDelta) {
    const fields = Object.entries(d.values);
    try {
      await this.t.client.send(
        new UpdateItemCommand({
          TableName: this.t.tableName,
          Key: marshall(counterKey(d.key)),
          UpdateExpression: `SET entity = :e, #fold = :fold ADD ${fields.map((_, i) => `#f${i} :v${i}`).join(', ')}`,
          ConditionExpression: 'attribute_not_exists(#fold) OR #fold < :fold',
          ExpressionAttributeNames: { '#fold': 'fold', ...Object.fromEntries(fields.map(([f], i) => [`#f${i}`, f])) },
          ExpressionAttributeValues: marshall({ ':e': 'counter', ':fold': foldId, ...Object.fromEntries(fields.map(([, v], i) => [`:v${i}`, v])) }),
        }),
      );
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
    }
  }

  private async deleteStaged(sks: readonly string[]) {
    for (let i = 0; i < sks.length; i += 25) {
      let requests: WriteRequest[] | undefined = sks.slice(i, i + 25).map((sk) => ({ DeleteRequest: { Key: marshall({ pk: STAGE_PK, sk }) } }));
      for (let attempt = 0; requests?.length; attempt++) {
        if (attempt >= 6) throw new Error('BatchWriteItem left staged counters undeleted');
        if (attempt > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt * Math.random()));
        const out: BatchWriteItemCommandOutput = await this.t.client.send(new BatchWriteItemCommand({ RequestItems: { [this.t.tableName]: requests } }));
        requests = out.UnprocessedItems?.[this.t.tableName];
      }
    }
  }
}
