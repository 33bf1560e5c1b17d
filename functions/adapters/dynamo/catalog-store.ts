import {
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { regionAncestors } from '../../core/access.js';
import type { CatalogKind, Region, Unit, Window } from '../../core/catalog.js';
import type { CatalogRecords, CatalogStore, Page, RegionDirectory } from '../../ports/stores.js';
import { fromItem, queryAll, queryPage, type TableConfig, toItem } from './table.js';

/** A region's directory item (`REGION#{code}` / `DIR`): one attribute per region (`r#{code}`) and unit (`u#{unitId}`) in it or below. */
const directoryKey = (code: string) => marshall({ pk: `REGION#${code}`, sk: 'DIR' });
/** The directories a region or unit is listed in: a region in those of the regions above it, a unit in its own region's and theirs. */
const listedIn = (kind: 'regions' | 'units', r: Region | Unit) =>
  kind === 'regions' ? regionAncestors((r as Region).code).slice(1) : regionAncestors((r as Unit).regionCode);
const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** Primary key and list key of each catalog kind; a window's key is `{venueId}:{windowId}`. */
function keysOf(kind: CatalogKind, r: any) {
  switch (kind) {
    case 'regions':
      return { pk: `REGION#${r.code}`, sk: 'A', gsi1sk: r.code };
    case 'units':
      return { pk: `UNIT#${r.unitId}`, sk: 'A', gsi1sk: `${r.regionCode}#${r.unitId}` };
    case 'venues':
      return { pk: `VENUE#${r.venueId}`, sk: 'A', gsi1sk: `${r.regionCode}#${r.venueId}` };
    case 'windows':
      return { pk: `VENUE#${r.venueId}`, sk: `WINDOW#${r.windowId}`, gsi1sk: `${r.venueId}#${r.windowId}` };
    case 'items':
      return { pk: `ITEM#${r.itemCode}`, sk: 'A', gsi1sk: `${r.unitId}#${r.itemCode}` };
  }
}

function primaryKey(kind: CatalogKind, key: string) {
  switch (kind) {
    case 'regions':
      return { pk: `REGION#${key}`, sk: 'A' };
    case 'units':
      return { pk: `UNIT#${key}`, sk: 'A' };
    case 'venues':
      return { pk: `VENUE#${key}`, sk: 'A' };
    case 'windows': {
      const [venueId, windowId] = key.split(':');
      return { pk: `VENUE#${venueId}`, sk: `WINDOW#${windowId}` };
    }
    case 'items':
      return { pk: `ITEM#${key}`, sk: 'A' };
  }
}

export class DynamoCatalogStore implements CatalogStore {
  constructor(private readonly t: TableConfig) {}

  async put<K extends CatalogKind>(kind: K, record: CatalogRecords[K]): Promise<void> {
    const keys = { ...keysOf(kind, record), gsi1pk: `CAT#${kind}`, entity: kind };
    const put = { TableName: this.t.tableName, Item: toItem(keys, record) };
    if (kind === 'regions' || kind === 'units') return this.putListed(kind, record as Region | Unit, put);
    await this.t.client.send(new PutItemCommand(put));
  }

  /**
   * A region or unit and its entries in the directories above it, in one transaction; a unit
   * moved to another region leaves the directories it is no longer under. The put is
   * conditional on the region read before it, so a concurrent move makes it read again.
   */
  private async putListed(kind: 'regions' | 'units', record: Region | Unit, put: { TableName: string; Item: ReturnType<typeof toItem> }) {
    const name = kind === 'regions' ? `r#${(record as Region).code}` : `u#${(record as Unit).unitId}`;
    const entry = (code: string, update: string): TransactWriteItem => ({
      Update: {
        TableName: this.t.tableName,
        Key: directoryKey(code),
        UpdateExpression: update,
        ExpressionAttributeNames: { '#e': name },
        ...(update.startsWith('SET') ? { ExpressionAttributeValues: marshall({ ':e': record }, { removeUndefinedValues: true }) } : {}),
      },
    });
    for (let attempt = 1; ; attempt++) {
      // A region's directories follow from its code (its key); a unit's from its region, which a put may change.
      const old = kind === 'units' ? await this.read('units', (record as Unit).unitId, true) : undefined;
      const after = listedIn(kind, record);
      const before = old ? listedIn(kind, old).filter((c) => !after.includes(c)) : [];
      const condition =
        kind === 'regions'
          ? {}
          : old
            ? { ConditionExpression: 'regionCode = :was', ExpressionAttributeValues: marshall({ ':was': old.regionCode }) }
            : { ConditionExpression: 'attribute_not_exists(pk)' };
      try {
        await this.t.client.send(
          new TransactWriteItemsCommand({
            TransactItems: [{ Put: { ...put, ...condition } }, ...after.map((c) => entry(c, 'SET #e = :e')), ...before.map((c) => entry(c, 'REMOVE #e'))],
          }),
        );
        return;
      } catch (e) {
        // Refused (moved meanwhile) or in conflict with a concurrent put of the same directory: read again and retry.
        if (!(e instanceof TransactionCanceledException) || attempt >= 8) throw e;
        await new Promise((r) => setTimeout(r, 10 * 2 ** attempt * Math.random()));
      }
    }
  }

  get<K extends CatalogKind>(kind: K, key: string): Promise<CatalogRecords[K] | undefined> {
    return this.read(kind, key, false);
  }

  private async read<K extends CatalogKind>(kind: K, key: string, consistent: boolean): Promise<CatalogRecords[K] | undefined> {
    const out = await this.t.client.send(
      new GetItemCommand({ TableName: this.t.tableName, Key: marshall(primaryKey(kind, key)), ...(consistent ? { ConsistentRead: true } : {}) }),
    );
    return out.Item ? fromItem<CatalogRecords[K]>(out.Item) : undefined;
  }

  list<K extends CatalogKind>(kind: K, opts: { prefix?: string; cursor?: string; limit?: number } = {}): Promise<Page<CatalogRecords[K]>> {
    return queryPage(this.t, { index: 'gsi1', pk: `CAT#${kind}`, skPrefix: opts.prefix, cursor: opts.cursor, limit: opts.limit, forward: true });
  }

  windows(venueId: string): Promise<Window[]> {
    return queryAll(this.t, { pk: `VENUE#${venueId}`, skPrefix: 'WINDOW#', forward: true });
  }

  /** The region's item and its directory item: one Query of two items, whatever the volume of ratings. */
  async directory(regionCode: string): Promise<RegionDirectory | undefined> {
    const out = await this.t.client.send(
      new QueryCommand({
        TableName: this.t.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: marshall({ ':pk': `REGION#${regionCode}` }),
      }),
    );
    const region = out.Items?.find((i) => i.sk?.S === 'A');
    if (!region) return undefined;
    const entries = unmarshall(out.Items?.find((i) => i.sk?.S === 'DIR') ?? {});
    const of = <T>(prefix: string) => Object.entries(entries).flatMap(([k, v]) => (k.startsWith(prefix) ? [v as T] : []));
    return {
      region: fromItem<Region>(region),
      regions: of<Region>('r#').sort((a, b) => byteOrder(a.code, b.code)),
      units: of<Unit>('u#').sort((a, b) => byteOrder(`${a.regionCode}#${a.unitId}`, `${b.regionCode}#${b.unitId}`)),
    };
  }
}
