import { DeleteItemCommand, PutItemCommand, TransactWriteItemsCommand, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { CalendarOverride } from '../../core/calendar.js';
import type { CalendarStore } from '../../ports/stores.js';
import { queryAll, type TableConfig, toItem } from './table.js';

/** DynamoDB's limit of actions in one TransactWriteItems. */
const MAX_TRANSACTION_ITEMS = 100;

const calendarKey = (date: string) => ({ pk: 'CALENDAR', sk: date });

export class DynamoCalendarStore implements CalendarStore {
  constructor(private readonly t: TableConfig) {}

  overrides(): Promise<CalendarOverride[]> {
    return queryAll(this.t, { pk: 'CALENDAR', forward: true });
  }

  async putOverride(o: CalendarOverride): Promise<void> {
    await this.t.client.send(new PutItemCommand({ TableName: this.t.tableName, Item: toItem({ ...calendarKey(o.date), entity: 'calendar' }, o) }));
  }

  async deleteOverride(date: string): Promise<void> {
    await this.t.client.send(new DeleteItemCommand({ TableName: this.t.tableName, Key: marshall(calendarKey(date)) }));
  }

  /**
   * Puts every day and deletes the year's other overrides. A year's schedule (some 30–40
   * days) is one transaction, so readers see the old year or the new one; a larger change
   * is written in transactions of 100, deletions last.
   */
  async replaceYear(year: number, days: readonly CalendarOverride[]): Promise<{ removed: number }> {
    const existing = await queryAll<CalendarOverride>(this.t, { pk: 'CALENDAR', skPrefix: `${year}-`, forward: true });
    const keep = new Set(days.map((d) => d.date));
    const stale = existing.filter((o) => !keep.has(o.date));
    const actions: TransactWriteItem[] = [
      ...days.map((d) => ({ Put: { TableName: this.t.tableName, Item: toItem({ ...calendarKey(d.date), entity: 'calendar' }, d) } })),
      ...stale.map((o) => ({ Delete: { TableName: this.t.tableName, Key: marshall(calendarKey(o.date)) } })),
    ];
    for (let i = 0; i < actions.length; i += MAX_TRANSACTION_ITEMS)
      await this.t.client.send(new TransactWriteItemsCommand({ TransactItems: actions.slice(i, i + MAX_TRANSACTION_ITEMS) }));
    return { removed: stale.length };
  }
}
