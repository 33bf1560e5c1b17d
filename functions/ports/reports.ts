import type { ReportKind, ReportLayout } from '../core/reports/layout.js';
import type { Page } from './stores.js';

/**
 * Reports (双周通报, 进展报告, 年度报告): the record of each generated report, and the writer
 * that turns a report's layout into an XLSX workbook (exceljs in the adapter; the printable
 * HTML page is pure, core/reports/html.ts). The files themselves go to the FileStore.
 */

/** One generated report. Its id is derived from kind, region and period, so a re-run replaces it. */
export interface ReportRecord {
  reportId: string;
  kind: ReportKind;
  regionCode: string;
  regionName: string;
  /** The period reported on, Shanghai dates, inclusive. */
  from: string;
  to: string;
  title: string;
  status: 'ready';
  /** `schedule` (the daily job) or `demand` (POST /reports). */
  trigger: 'schedule' | 'demand';
  /** Rows per section (e.g. `{ ranking: 12, overdue: 3 }`): what the report holds, at a glance. */
  counts: Record<string, number>;
  /** Items read to build it (counter items, cases, notice entries, complaints analysed): it never reads the ratings. */
  reads: Record<string, number>;
  files: { xlsx: { key: string; bytes: number }; html: { key: string; bytes: number } };
  /** SHA-256 of the content: a re-run with the same content rewrites no file and sends no notification. */
  contentHash: string;
  createdAt: string;
  updatedAt: string;
}

export interface ReportStore {
  get(reportId: string): Promise<ReportRecord | undefined>;
  /** Creates or replaces the record of `reportId`. */
  put(r: ReportRecord): Promise<void>;
  /** Reports of one region (exactly that code), or of every region when none is given; newest period first. */
  list(q: { regionCode?: string; cursor?: string; limit?: number }): Promise<Page<ReportRecord>>;
}

/** Writes a report's layout as an XLSX workbook: one sheet per section, a title row, Chinese headers, column widths. */
export interface SpreadsheetWriter {
  xlsx(layout: ReportLayout): Promise<Buffer>;
}
