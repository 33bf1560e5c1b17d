import {
  type AttributeValue,
  DynamoDBClient,
  type DynamoDBClientConfig,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { DomainError } from '../../core/errors.js';
import type { Page } from '../../ports/stores.js';

/**
 * The single table (单表). Keys are built only in this folder.
 *
 * | entity        | pk                 | sk               | gsi1pk / gsi1sk                         | gsi2pk / gsi2sk (sparse)                 |
 * |---------------|--------------------|------------------|-----------------------------------------|------------------------------------------|
 * | region        | REGION#{code}      | A                | CAT#regions / {code}                    |                                          |
 * | unit          | UNIT#{unitId}      | A                | CAT#units / {regionCode}#{unitId}       |                                          |
 * | venue         | VENUE#{venueId}    | A                | CAT#venues / {regionCode}#{venueId}     |                                          |
 * | window        | VENUE#{venueId}    | WINDOW#{id}      | CAT#windows / {venueId}#{windowId}      |                                          |
 * | service item  | ITEM#{itemCode}    | A                | CAT#items / {unitId}#{itemCode}         |                                          |
 * | case          | CASE#{caseNumber}  | A                | UNIT#{unitId}#CASES / {acceptedAt}#{n}  | DEFAULT_DUE / {dueAt}#{n} while unrated  |
 * | rating        | CASE#{caseNumber}  | RATING#{1|2}     | UNIT#{unitId}#RATINGS / {ratedAt}#{id}  | PERSON#{personKey} / {ratedAt}#{id}      |
 * | bad review    | REVIEW#{reviewId}  | A                | UNIT#{unitId}#REVIEWS / {createdAt}#{id}| OPEN_REVIEWS / {createdAt}#{id} if open  |
 * | calendar      | CALENDAR           | {YYYY-MM-DD}     |                                         |                                          |
 * | notification  | AUD#{audienceKey}  | {createdAt}#{id} |                                         |                                          |
 * | notif. lookup | NOTIF#{id}         | A                |                                         |                                          |
 * | notif. read   | NOTIF#{id}         | READ#{userSub}   |                                         |                                          |
 *
 * Access patterns: get by id (pk+sk); catalog lists by kind and region/unit prefix (gsi1);
 * a unit's cases, ratings, bad reviews newest first (gsi1); cases due a default rating
 * (gsi2 DEFAULT_DUE, sk <= now); a citizen's own ratings (gsi2 PERSON#); open bad
 * reviews for the reconciler (gsi2 OPEN_REVIEWS); calendar overrides (pk CALENDAR).
 */
export const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'entity'] as const;

export interface TableConfig {
  tableName: string;
  client: DynamoDBClient;
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

export function tableFromEnv(env = process.env): TableConfig {
  const tableName = env.TABLE_NAME;
  if (!tableName) throw new Error('TABLE_NAME is not set');
  return { tableName, client: dynamoClientFromEnv(env) };
}

export const toItem = (keys: Record<string, string | undefined>, record: object) =>
  marshall({ ...record, ...keys }, { removeUndefinedValues: true, convertClassInstanceToMap: true });

export function fromItem<T>(item: Record<string, AttributeValue>): T {
  const data = unmarshall(item);
  for (const k of KEY_ATTRIBUTES) delete data[k];
  return data as T;
}

const encodeCursor = (key: Record<string, AttributeValue> | undefined) =>
  key ? Buffer.from(JSON.stringify(unmarshall(key))).toString('base64url') : undefined;

function decodeCursor(cursor: string | undefined): Record<string, AttributeValue> | undefined {
  if (!cursor) return undefined;
  try {
    return marshall(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new DomainError('VALIDATION_FAILED', '分页游标无效', [{ field: 'cursor', rule: 'cursor', message: '分页游标无效' }]);
  }
}

/** Runs one page of a query, newest first unless told otherwise. */
export async function queryPage<T>(
  t: TableConfig,
  q: { index?: 'gsi1' | 'gsi2'; pk: string; skPrefix?: string; skMax?: string; cursor?: string; limit?: number; forward?: boolean },
): Promise<Page<T>> {
  const pkName = q.index ? `${q.index}pk` : 'pk';
  const skName = q.index ? `${q.index}sk` : 'sk';
  const input: QueryCommandInput = {
    TableName: t.tableName,
    IndexName: q.index,
    KeyConditionExpression: `#pk = :pk${q.skPrefix ? ' AND begins_with(#sk, :sk)' : q.skMax ? ' AND #sk <= :sk' : ''}`,
    ExpressionAttributeNames: { '#pk': pkName, ...(q.skPrefix || q.skMax ? { '#sk': skName } : {}) },
    ExpressionAttributeValues: marshall({ ':pk': q.pk, ...(q.skPrefix || q.skMax ? { ':sk': q.skPrefix ?? q.skMax } : {}) }),
    ScanIndexForward: q.forward ?? false,
    Limit: Math.min(q.limit ?? 50, 500),
    ExclusiveStartKey: decodeCursor(q.cursor),
  };
  const out = await t.client.send(new QueryCommand(input));
  return { items: (out.Items ?? []).map((i) => fromItem<T>(i)), next: encodeCursor(out.LastEvaluatedKey) };
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
