/**
 * In-memory fake of the report store (ports/reports.ts), keeping the DynamoDB adapter's
 * contract: one record per report id (a put replaces it), a region's list newest period
 * first (by `to`, then `from`, then kind, as the index sorts), every region's for admins;
 * pages and cursors like the table's. And the report deps over the other fakes.
 */
import { ExcelReportWriter } from '../functions/adapters/reports/xlsx-writer.js';
import type { ReportRecord, ReportStore } from '../functions/ports/reports.js';
import type { Page } from '../functions/ports/stores.js';
import type { ReportDeps } from '../functions/usecases/deps.js';
import { FakeBadReviewStore, FakeFileStore, FakeInbox } from './fakes-bad-review.js';
import { FakeComplaintStore } from './fakes-complaints.js';
import { FakeCounterStore } from './fakes-counters.js';
import { byteOrder, clone, pageOf } from './fakes-supervision.js';
import { type FakeCatalogStore, type FixedClock, makeDeps } from './fakes.js';

export class FakeReportStore implements ReportStore {
  readonly records = new Map<string, ReportRecord>();
  /** Every put, in order. */
  readonly puts: ReportRecord[] = [];

  async get(reportId: string) {
    const r = this.records.get(reportId);
    return r && clone(r);
  }

  async put(r: ReportRecord) {
    this.records.set(r.reportId, clone(r));
    this.puts.push(clone(r));
  }

  async list(q: { regionCode?: string; cursor?: string; limit?: number }): Promise<Page<ReportRecord>> {
    const key = (r: ReportRecord) => (q.regionCode ? `${r.to}#${r.from}#${r.kind}` : `${r.to}#${r.regionCode}#${r.from}#${r.kind}`);
    const all = [...this.records.values()].filter((r) => !q.regionCode || r.regionCode === q.regionCode).sort((a, b) => byteOrder(key(b), key(a)));
    return pageOf(all, q, `reports#${q.regionCode ?? '*'}`);
  }
}

export interface ReportFakeDeps extends ReportDeps {
  catalog: FakeCatalogStore;
  clock: FixedClock;
  counters: FakeCounterStore;
  badReviews: FakeBadReviewStore;
  complaints: FakeComplaintStore;
  reports: FakeReportStore;
  files: FakeFileStore;
  notifier: FakeInbox;
}

/** The small catalog of test/fakes.ts with fake counters, supervised cases, reports, files and inbox, and the real XLSX writer. */
export function makeReportDeps(): ReportFakeDeps {
  const base = makeDeps();
  return {
    catalog: base.catalog,
    clock: base.clock,
    counters: new FakeCounterStore(),
    badReviews: new FakeBadReviewStore(base.ratings.badReviews, base.ratings.ratings),
    complaints: new FakeComplaintStore(),
    reports: new FakeReportStore(),
    files: new FakeFileStore(),
    notifier: new FakeInbox(),
    spreadsheet: new ExcelReportWriter(),
  };
}
