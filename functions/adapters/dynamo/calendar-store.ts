import { DeleteItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { CalendarOverride } from '../../core/calendar.js';
import type { CalendarStore } from '../../ports/stores.js';
import { queryAll, type TableConfig, toItem } from './table.js';

export class DynamoCalendarStore implements CalendarStore {
  constructor(private readonly t: TableConfig) {}

  overrides(): Promise<CalendarOverride[]> {
    return queryAll(this.t, { pk: 'CALENDAR', forward: true });
  }

  async putOverride(o: CalendarOverride): Promise<void> {
    await this.t.client.send(new PutItemCommand({ TableName: this.t.tableName, Item: toItem({ pk: 'CALENDAR', sk: o.date, entity: 'calendar' }, o) }));
  }

  async deleteOverride(date: string): Promise<void> {
    await this.t.client.send(new DeleteItemCommand({ TableName: this.t.tableName, Key: marshall({ pk: 'CALENDAR', sk: date }) }));
  }
}
