import { jobHandler } from '../observability.js';
import { runReportsJob } from '../usecases/reports.js';
import { reportHandlerDeps } from './report-deps-files-notify.js';

const deps = reportHandlerDeps();

/** Scheduled daily (06:30 Asia/Shanghai): the reports due today (双周通报, 工作进展报告, 年度报告) for the city and each county. */
export const handler = jobHandler(() => runReportsJob(deps));
