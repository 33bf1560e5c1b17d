/**
 * The report store's contract, run against the in-memory fake (test/fakes-reports.ts) and
 * the DynamoDB adapter on DynamoDB Local: a put replaces the record of its id; a region's
 * list holds that region's reports only, newest period first, paged; without a region,
 * every region's.
 */
import { describe, expect, it } from 'vitest';
import { DynamoReportStore } from '../../functions/adapters/dynamo/report-store.js';
import type { ReportRecord, ReportStore } from '../../functions/ports/reports.js';
import { FakeReportStore } from '../fakes-reports.js';
import { useDynamoDbLocal } from './dynamodb-local.js';

const dynamo = useDynamoDbLocal();

function record(kind: ReportRecord['kind'], regionCode: string, from: string, to: string, over: Partial<ReportRecord> = {}): ReportRecord {
  const reportId = `${kind}-${regionCode}-${from}-${to}`;
  return {
    reportId,
    kind,
    regionCode,
    regionName: regionCode === '410400' ? '平顶山市' : '宝丰县',
    from,
    to,
    title: `报告 ${reportId}`,
    status: 'ready',
    trigger: 'schedule',
    counts: { headline: 25, ranking: 2 },
    reads: { counters: 10 },
    files: { xlsx: { key: `reports/${reportId}.xlsx`, bytes: 100 }, html: { key: `reports/${reportId}.html`, bytes: 200 } },
    contentHash: 'a'.repeat(64),
    createdAt: '2026-11-23T06:30:00.000Z',
    updatedAt: '2026-11-23T06:30:00.000Z',
    ...over,
  };
}

function describeReportStoreContract(name: string, make: () => Promise<ReportStore>) {
  describe(`report store contract (${name})`, () => {
    it('a put replaces the record of its id; an unknown id is undefined', async () => {
      const store = await make();
      const first = record('biweekly', '410400', '2026-11-09', '2026-11-22');
      await store.put(first);
      await store.put({ ...first, updatedAt: '2026-11-23T07:30:00.000Z', counts: { headline: 25, ranking: 3 } });
      expect(await store.get(first.reportId)).toEqual({ ...first, updatedAt: '2026-11-23T07:30:00.000Z', counts: { headline: 25, ranking: 3 } });
      expect(await store.get('biweekly-410400-2026-01-01-2026-01-14')).toBeUndefined();
      expect((await store.list({ regionCode: '410400' })).items).toHaveLength(1);
    });

    it('lists a region’s reports newest period first, paged; every region’s without one', async () => {
      const store = await make();
      const rows = [
        record('biweekly', '410400', '2026-10-26', '2026-11-08'),
        record('progress', '410400', '2026-11-01', '2026-11-14'),
        record('biweekly', '410400', '2026-11-09', '2026-11-22'),
        record('progress', '410400', '2026-11-01', '2026-11-29'),
        record('biweekly', '410421', '2026-11-09', '2026-11-22'),
      ];
      for (const r of rows) await store.put(r);
      const ids = (items: ReportRecord[]) => items.map((r) => r.reportId);
      expect(ids((await store.list({ regionCode: '410400' })).items)).toEqual([
        'progress-410400-2026-11-01-2026-11-29',
        'biweekly-410400-2026-11-09-2026-11-22',
        'progress-410400-2026-11-01-2026-11-14',
        'biweekly-410400-2026-10-26-2026-11-08',
      ]);
      expect(ids((await store.list({ regionCode: '410421' })).items)).toEqual(['biweekly-410421-2026-11-09-2026-11-22']);
      expect((await store.list({})).items).toHaveLength(5);
      const page1 = await store.list({ regionCode: '410400', limit: 3 });
      expect(page1.items).toHaveLength(3);
      expect(page1.next).toBeDefined();
      const page2 = await store.list({ regionCode: '410400', limit: 3, cursor: page1.next });
      expect(ids(page2.items)).toEqual(['biweekly-410400-2026-10-26-2026-11-08']);
      await expect(store.list({ regionCode: '410421', cursor: page1.next })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    });
  });
}

describeReportStoreContract('fake', async () => new FakeReportStore());
describeReportStoreContract('DynamoDB', async () => new DynamoReportStore(await dynamo.newTable()));
