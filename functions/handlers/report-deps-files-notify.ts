import { ExcelReportWriter } from '../adapters/reports/xlsx-writer.js';
import type { ReportDeps } from '../usecases/deps.js';
import { notifierFromEnv } from './bad-review-deps-notify.js';
import { composeReportDeps, type ReportCapability } from './report-deps.js';
import { files } from './report-deps-files.js';

/** `uses: ['notify']`: every notification channel of the environment, beside the in-app inbox. */
const notify: ReportCapability = (base, env) => ({ notifier: notifierFromEnv(base.notifier, env) });

/** Builds reports: files, notifications and the XLSX writer (exceljs, bundled only by the functions that build reports). */
const writer: ReportCapability = () => ({ spreadsheet: new ExcelReportWriter() });

/** Composition root for the report builders (POST /reports and the daily job). */
export const reportHandlerDeps = (env = process.env): ReportDeps => composeReportDeps(env, files, notify, writer);
