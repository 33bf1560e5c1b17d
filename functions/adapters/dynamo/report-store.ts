import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { ReportRecord, ReportStore } from '../../ports/reports.js';
import type { Page } from '../../ports/stores.js';
import { fromItem, queryPage, type TableConfig, toItem } from './table.js';

/**
 * Report records on the single table (see table.ts):
 *
 * | entity | pk                 | sk | gsi1pk / gsi1sk                              | gsi2pk / gsi2sk                                   |
 * |--------|--------------------|----|----------------------------------------------|---------------------------------------------------|
 * | report | REPORT#{reportId}  | A  | REPORTS#{regionCode} / {to}#{from}#{kind}    | REPORTS / {to}#{regionCode}#{from}#{kind}         |
 *
 * One item per report id (kind, region, period), replaced by a re-run; a region's reports
 * newest period first (gsi1), every region's for admins (gsi2).
 */
const reportKeys = (r: ReportRecord) => ({
  pk: `REPORT#${r.reportId}`,
  sk: 'A',
  gsi1pk: `REPORTS#${r.regionCode}`,
  gsi1sk: `${r.to}#${r.from}#${r.kind}`,
  gsi2pk: 'REPORTS',
  gsi2sk: `${r.to}#${r.regionCode}#${r.from}#${r.kind}`,
  entity: 'report',
});

export class DynamoReportStore implements ReportStore {
  constructor(private readonly t: TableConfig) {}

  async get(reportId: string): Promise<ReportRecord | undefined> {
    const out = await this.t.client.send(
      new GetItemCommand({ TableName: this.t.tableName, Key: marshall({ pk: `REPORT#${reportId}`, sk: 'A' }), ConsistentRead: true }),
    );
    return out.Item ? fromItem<ReportRecord>(out.Item) : undefined;
  }

  async put(r: ReportRecord): Promise<void> {
    await this.t.client.send(new PutItemCommand({ TableName: this.t.tableName, Item: toItem(reportKeys(r), r) }));
  }

  list(q: { regionCode?: string; cursor?: string; limit?: number }): Promise<Page<ReportRecord>> {
    return q.regionCode
      ? queryPage(this.t, { index: 'gsi1', pk: `REPORTS#${q.regionCode}`, cursor: q.cursor, limit: q.limit })
      : queryPage(this.t, { index: 'gsi2', pk: 'REPORTS', cursor: q.cursor, limit: q.limit });
  }
}
