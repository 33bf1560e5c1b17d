import {
  type AttributeValue,
  BatchGetItemCommand,
  type BatchGetItemCommandOutput,
  ConditionalCheckFailedException,
  type KeysAndAttributes,
  DynamoDBClient,
  type DynamoDBClientConfig,
  PutItemCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { DomainError } from '../../core/errors.js';
import type { Page } from '../../ports/stores.js';

/**
 * The single table (单表). Keys are built only in this folder.
 *
 * | entity        | pk                     | sk                  | gsi1pk / gsi1sk                              | gsi2pk / gsi2sk (sparse)                        |
 * |---------------|------------------------|---------------------|----------------------------------------------|-------------------------------------------------|
 * | region        | REGION#{code}          | A                   | CAT#regions / {code}                         |                                                 |
 * | region directory | REGION#{code}       | DIR                 | (none: one attribute `r#{code}` / `u#{unitId}` per region and unit in it or below) |                  |
 * | unit          | UNIT#{unitId}          | A                   | CAT#units / {regionCode}#{unitId}            |                                                 |
 * | venue         | VENUE#{venueId}        | A                   | CAT#venues / {regionCode}#{venueId}          |                                                 |
 * | window        | VENUE#{venueId}        | WINDOW#{id}         | CAT#windows / {venueId}#{windowId}           |                                                 |
 * | current case  | VENUE#{venueId}        | CURRENT#{windowId}  |                                              |                                                 |
 * | service item  | ITEM#{itemCode}        | A                   | CAT#items / {unitId}#{itemCode}              |                                                 |
 * | case          | CASE#{caseNumber}      | A                   | UNIT#{unitId}#CASES / {acceptedAt}#{n}       | DEFAULT_DUE / {dueAt}#{n} until the job visits  |
 * | rating        | CASE#{caseNumber}      | RATING#{1|2}        | (none: listed through its case's indexes)    |                                                 |
 * | bad review    | REVIEW#{reviewId}      | A                   | UNIT#{unitId}#REVIEWS / {OPEN|DONE}#{createdAt}#{id} | OPEN_REVIEWS / {regionCode}#{createdAt}#{id} while open |
 * | complaint     | COMPLAINT#{complaintId} | A                  | UNIT#{unitId}#COMPLAINTS / {OPEN|DONE}#{createdAt}#{id} | OPEN_COMPLAINTS / {regionCode}#{createdAt}#{id} while open |
 * | complaint by person | CPERSON#{key}    | {receivedAt UTC}#{complaintId} |                                 |                                                 |
 * | complaint analysis | CANALYSIS#{YYYY-MM} | {regionCode}#{receivedAt UTC}#{complaintId} |                  |                                                 |
 * | answer fingerprint | AFP#{fingerprint}  | {at UTC}#{complaintId} |                                           |                                                 |
 * | notice        | NOTICE#{kind}#{period} | {regionCode}#{unitId}#{caseId}#{n} |                               |                                                 |
 * | calendar      | CALENDAR               | {YYYY-MM-DD}        |                                              |                                                 |
 * | notification  | AUD#{audienceKey}      | {createdAt}#{id}    |                                              |                                                 |
 * | notif. lookup | NOTIF#{id}             | A                   |                                              |                                                 |
 * | notif. read   | NOTIF#{id}             | READ#{userSub}      |                                              |                                                 |
 * | status sync   | SYNC#{complaintId}     | {seq, 6 digits}     |                                              | SYNC_DEAD / {createdAt}#{id} while dead         |
 * | counter       | CNT#{R|U|I}#{id}       | D#{YYYY-MM-DD} / M#{YYYY-MM} |                                     |                                                 |
 * | stream position | STREAMPOS#{shardId}  | A                   |                                              |                                                 |
 *
 * A bad review is a supervised case (supervised-case-store.ts): every supervised workflow
 * kind gets the same three keys under its own names (item prefix, unit list, open list)
 * and its own 通报 list (`notice`, kind `badReview` for bad reviews; one entry per
 * escalation, period = the bi-weekly period's first day).
 * A complaint is one too (kind `complaint`, complaint-store.ts; `UNIT##COMPLAINTS` while
 * unassigned), created in one transaction with its read-only rows: one `CPERSON#` row per
 * complainant key and the signed-in person's key, one `CANALYSIS#` row in the Shanghai
 * month of receipt (both a snapshot of the intake). Instants in these sort keys are UTC ISO.
 *
 * Access patterns: get by id (pk+sk); catalog lists by kind and region/unit prefix (gsi1); a region with everything in it named (pk REGION#, its A and DIR items);
 * a unit's cases and ratings newest first (gsi1); a unit's bad reviews, open ones first
 * (gsi1, descending: OPEN# sorts after DONE#), or only the open ones (begins_with OPEN#);
 * cases due a default rating (gsi2 DEFAULT_DUE, sk <= now; sk >= a changed date to re-plan
 * them); a citizen's own ratings (gsi2 PERSON#); open bad reviews: all of them for the
 * reconciler, reminders and re-planning, a supervisor's region and its children by sk
 * prefix (gsi2 OPEN_REVIEWS, begins_with the 行政区划 prefix, e.g. 4104 for 410400); the
 * 通报 list of a kind and period, per region by sk prefix; calendar overrides (pk CALENDAR);
 * a transferred complaint's status deliveries by seq (pk SYNC#, delivery-store.ts) and the
 * dead ones, oldest first, for an admin's replay (gsi2 SYNC_DEAD); indicator counters by
 * dimension (region, unit, item) and day or month, read by key (counter-store.ts; kept from
 * the stream with each shard's applied position beside them);
 * a person's earlier complaints by any key since a date (pk CPERSON#, sk >= since: repeat
 * detection) and their own list, newest first; a month's complaints of a region for the
 * hot-spot analysis (pk CANALYSIS#, begins_with the 行政区划 prefix, sorted by time after
 * reading); the newest answers with a fingerprint (pk AFP#).
 * Lists that filter further (overdue, escalated) read on until the page is full
 * (supervision/engine.ts `fillPage`): a page is short only at the end of the list, or when
 * 25 reads did not fill it (`next` then goes on).
 */
export const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'entity'] as const;

export interface TableConfig {
  tableName: string;
  client: DynamoDBClient;
  /**
   * Key that signs list cursors. Handlers derive it from the deployment's secret salt so a
   * cursor works in every container; without it a random per-process key is used.
   */
  cursorKey?: Buffer;
}

/** Client for the local stack (DynamoDB Local) or AWS, chosen by `DYNAMODB_ENDPOINT`. */
export function dynamoClientFromEnv(env = process.env): DynamoDBClient {
  const config: DynamoDBClientConfig = { maxAttempts: 5 };
  if (env.DYNAMODB_ENDPOINT) {
    config.endpoint = env.DYNAMODB_ENDPOINT;
    config.region = env.AWS_REGION ?? 'local';
    config.credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  }
  return new DynamoDBClient(config);
}

/** The key that signs list cursors, derived from a deployment secret. */
export const cursorKeyFrom = (secret: string) => createHash('sha256').update(`list-cursor:${secret}`).digest();

export function tableFromEnv(env = process.env): TableConfig {
  const tableName = env.TABLE_NAME;
  if (!tableName) throw new Error('TABLE_NAME is not set');
  const secret = env.CURSOR_SECRET ?? env.PERSON_KEY_SALT;
  return { tableName, client: dynamoClientFromEnv(env), ...(secret ? { cursorKey: cursorKeyFrom(secret) } : {}) };
}

export const toItem = (keys: Record<string, string | undefined>, record: object) =>
  marshall({ ...record, ...keys }, { removeUndefinedValues: true, convertClassInstanceToMap: true });

export function fromItem<T>(item: Record<string, AttributeValue>): T {
  const data = unmarshall(item);
  for (const k of KEY_ATTRIBUTES) delete data[k];
  return data as T;
}

const PROCESS_CURSOR_KEY = randomBytes(32);
/** A 16-byte MAC is 22 base64url characters, appended to the payload (no separator, so the cursor stays URL-safe). */
const MAC_CHARS = 22;
const badCursor = () =>
  new DomainError('VALIDATION_FAILED', '分页游标无效', [{ field: 'cursor', rule: 'cursor', message: '分页游标无效或不属于这个查询，请从第一页重新查询' }]);
const cursorMac = (t: TableConfig, bind: string, payload: string) =>
  createHmac('sha256', t.cursorKey ?? PROCESS_CURSOR_KEY)
    .update(`${t.tableName}\n${bind}\n${payload}`)
    .digest()
    .subarray(0, 16);

/**
 * Cursors are opaque and tamper-proof: the last key, base64url, plus an HMAC over it and
 * the query it came from (index, partition, key condition, direction). A cursor that was
 * edited, forged or taken from another list (another unit's, say) is a 400, never a
 * database error and never a peek into someone else's partition.
 */
function encodeCursor(t: TableConfig, bind: string, key: Record<string, AttributeValue> | undefined): string | undefined {
  if (!key) return undefined;
  const payload = Buffer.from(JSON.stringify(unmarshall(key))).toString('base64url');
  return payload + cursorMac(t, bind, payload).toString('base64url');
}

function decodeCursor(t: TableConfig, bind: string, cursor: string | undefined): Record<string, AttributeValue> | undefined {
  if (!cursor) return undefined;
  const payload = cursor.slice(0, -MAC_CHARS);
  const given = Buffer.from(cursor.slice(-MAC_CHARS), 'base64url');
  const expected = cursorMac(t, bind, payload);
  if (cursor.length <= MAC_CHARS || given.length !== expected.length || !timingSafeEqual(given, expected)) throw badCursor();
  try {
    const key = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
    if (!key || typeof key !== 'object' || Array.isArray(key)) throw badCursor();
    return marshall(key);
  } catch {
    throw badCursor();
  }
}

/** Runs one page of a query, newest first unless told otherwise. */
/**
 * Writes a record whose `version` the caller read as `expectedVersion` (0: a new record), or
 * throws a CONFLICT with `conflict` when someone else wrote it meanwhile (optimistic lock).
 */
export async function putIfVersion(t: TableConfig, item: Record<string, AttributeValue>, expectedVersion: number, conflict: string): Promise<void> {
  try {
    await t.client.send(
      new PutItemCommand({
        TableName: t.tableName,
        Item: item,
        ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :v',
        ExpressionAttributeValues: expectedVersion === 0 ? undefined : marshall({ ':v': expectedVersion }),
      }),
    );
  } catch (e) {
    if (e instanceof ConditionalCheckFailedException) throw new DomainError('CONFLICT', conflict);
    throw e;
  }
}

/**
 * The items of these keys, read consistently with BatchGetItem: 100 keys a request (the
 * requests in parallel), a key asked twice asked once, unprocessed keys asked again with
 * backoff; throws when some are still unprocessed after 6 tries. Items come in no order.
 */
export async function batchGetItems(
  t: TableConfig,
  keys: readonly { pk: string; sk: string }[],
  opts: { projection?: string } = {},
): Promise<Record<string, AttributeValue>[]> {
  const unique = [...new Map(keys.map((k) => [`${k.pk}|${k.sk}`, k])).values()];
  const chunks = Array.from({ length: Math.ceil(unique.length / 100) }, (_, i) => unique.slice(i * 100, (i + 1) * 100));
  const read = async (chunk: typeof unique) => {
    const found: Record<string, AttributeValue>[] = [];
    let request: Record<string, KeysAndAttributes> | undefined = {
      [t.tableName]: { Keys: chunk.map((k) => marshall(k)), ConsistentRead: true, ProjectionExpression: opts.projection },
    };
    for (let attempt = 0; request && Object.keys(request).length > 0; attempt++) {
      if (attempt >= 6) throw new Error('BatchGetItem left keys unprocessed');
      if (attempt > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt * Math.random()));
      const out: BatchGetItemCommandOutput = await t.client.send(new BatchGetItemCommand({ RequestItems: request }));
      found.push(...(out.Responses?.[t.tableName] ?? []));
      request = out.UnprocessedKeys;
    }
    return found;
  };
  return (await Promise.all(chunks.map(read))).flat();
}

export async function queryPage<T>(
  t: TableConfig,
  q: {
    index?: 'gsi1' | 'gsi2' | 'gsi3';
    pk: string;
    skPrefix?: string;
    skMax?: string;
    skMin?: string;
    cursor?: string;
    limit?: number;
    forward?: boolean;
    /** An item's keys (table and index) to go on behind, for callers inside the adapters instead of a cursor. */
    startAfter?: Record<string, string>;
  },
): Promise<Page<T>> {
  const pkName = q.index ? `${q.index}pk` : 'pk';
  const skName = q.index ? `${q.index}sk` : 'sk';
  const bind = JSON.stringify([q.index ?? '', q.pk, q.skPrefix ?? '', q.skMax ?? '', q.forward ?? false, ...(q.skMin ? [q.skMin] : [])]);
  const sk = q.skPrefix ?? q.skMax ?? q.skMin;
  const input: QueryCommandInput = {
    TableName: t.tableName,
    IndexName: q.index,
    KeyConditionExpression: `#pk = :pk${q.skPrefix ? ' AND begins_with(#sk, :sk)' : q.skMax ? ' AND #sk <= :sk' : q.skMin ? ' AND #sk >= :sk' : ''}`,
    ExpressionAttributeNames: { '#pk': pkName, ...(sk ? { '#sk': skName } : {}) },
    ExpressionAttributeValues: marshall({ ':pk': q.pk, ...(sk ? { ':sk': sk } : {}) }),
    ScanIndexForward: q.forward ?? false,
    Limit: Math.min(q.limit ?? 50, 500),
    ExclusiveStartKey: q.startAfter ? marshall(q.startAfter) : decodeCursor(t, bind, q.cursor),
  };
  const out = await t.client.send(new QueryCommand(input));
  return { items: (out.Items ?? []).map((i) => fromItem<T>(i)), next: encodeCursor(t, bind, out.LastEvaluatedKey) };
}

/** Reads every page of a query (for small, bounded sets such as calendar overrides). */
export async function queryAll<T>(t: TableConfig, q: Parameters<typeof queryPage>[1]): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await queryPage<T>(t, { ...q, cursor, limit: 500 });
    all.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return all;
}
