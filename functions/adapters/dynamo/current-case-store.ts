import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { CurrentCase, CurrentCaseStore } from '../../ports/pad.js';
import { fromItem, type TableConfig, toItem } from './table.js';

/** One item per window, beside the window itself in its venue's partition (see table.ts). */
const key = (venueId: string, windowId: string) => ({ pk: `VENUE#${venueId}`, sk: `CURRENT#${windowId}` });

export class DynamoCurrentCaseStore implements CurrentCaseStore {
  constructor(private readonly t: TableConfig) {}

  async get(venueId: string, windowId: string): Promise<CurrentCase | undefined> {
    const out = await this.t.client.send(new GetItemCommand({ TableName: this.t.tableName, Key: marshall(key(venueId, windowId)) }));
    return out.Item ? fromItem<CurrentCase>(out.Item) : undefined;
  }

  async put(record: CurrentCase): Promise<void> {
    const item = toItem({ ...key(record.venueId, record.windowId), entity: 'currentCase' }, record);
    await this.t.client.send(new PutItemCommand({ TableName: this.t.tableName, Item: item }));
  }
}
