import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { CatalogKind, Window } from '../../core/catalog.js';
import type { CatalogRecords, CatalogStore, Page } from '../../ports/stores.js';
import { fromItem, queryAll, queryPage, type TableConfig, toItem } from './table.js';

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
    await this.t.client.send(new PutItemCommand({ TableName: this.t.tableName, Item: toItem(keys, record) }));
  }

  async get<K extends CatalogKind>(kind: K, key: string): Promise<CatalogRecords[K] | undefined> {
    const out = await this.t.client.send(new GetItemCommand({ TableName: this.t.tableName, Key: marshall(primaryKey(kind, key)) }));
    return out.Item ? fromItem<CatalogRecords[K]>(out.Item) : undefined;
  }

  list<K extends CatalogKind>(kind: K, opts: { prefix?: string; cursor?: string; limit?: number } = {}): Promise<Page<CatalogRecords[K]>> {
    return queryPage(this.t, { index: 'gsi1', pk: `CAT#${kind}`, skPrefix: opts.prefix, cursor: opts.cursor, limit: opts.limit, forward: true });
  }

  windows(venueId: string): Promise<Window[]> {
    return queryAll(this.t, { pk: `VENUE#${venueId}`, skPrefix: 'WINDOW#', forward: true });
  }
}
