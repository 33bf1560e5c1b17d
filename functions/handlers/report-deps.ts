import { DynamoBadReviewStore } from '../adapters/dynamo/bad-review-store.js';
import { DynamoComplaintStore } from '../adapters/dynamo/complaint-store.js';
import { DynamoCounterStore } from '../adapters/dynamo/counter-store.js';
import { DynamoReportStore } from '../adapters/dynamo/report-store.js';
import type { TableConfig } from '../adapters/dynamo/table.js';
import { CompositeNotifier } from '../adapters/notify/composite.js';
import { DynamoNotificationInbox } from '../adapters/notify/dynamo-inbox.js';
import type { FileStore } from '../ports/notifier.js';
import type { SpreadsheetWriter } from '../ports/reports.js';
import type { Deps, ReportDeps } from '../usecases/deps.js';
import { envTable, handlerDeps, missing } from './deps.js';

/** The port(s) of one capability a report route `uses` (files, notify) and the XLSX writer, built from the environment (like bad-review-deps.ts). */
export type ReportCapability = (base: ReportDeps, env: NodeJS.ProcessEnv) => Partial<ReportDeps>;

/**
 * The report ports over the foundation's: the report, counter, bad-review and complaint
 * stores over the table and the in-app inbox; the files and the XLSX writer answer "not
 * configured" unless `extra` gives them (a capability's S3 store, the exceljs writer, or the
 * local stack's folder). Frozen.
 */
export function reportDeps(foundation: Deps, table: TableConfig, extra: (base: ReportDeps) => Partial<ReportDeps> = () => ({})): ReportDeps {
  const base: ReportDeps = {
    catalog: foundation.catalog,
    clock: foundation.clock,
    counters: new DynamoCounterStore(table),
    badReviews: new DynamoBadReviewStore(table),
    complaints: new DynamoComplaintStore(table),
    reports: new DynamoReportStore(table),
    files: missing<FileStore>('The report files bucket (EVIDENCE_BUCKET)'),
    notifier: new CompositeNotifier([new DynamoNotificationInbox(table)]),
    spreadsheet: missing<SpreadsheetWriter>('The XLSX writer'),
  };
  return Object.freeze({ ...base, ...extra(base) });
}

let deps: ReportDeps | undefined;

/** The composition root of report handlers, once per container, with the capabilities their routes use. */
export function composeReportDeps(env: NodeJS.ProcessEnv, ...capabilities: ReportCapability[]): ReportDeps {
  deps ??= reportDeps(handlerDeps(env), envTable(env), (base) => Object.assign({}, ...capabilities.map((add) => add(base, env))));
  return deps;
}

/** For report handlers whose route uses nothing besides the table (records only). */
export const reportHandlerDeps = (env = process.env): ReportDeps => composeReportDeps(env);
