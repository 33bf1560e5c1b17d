import { httpHandler } from '../http/http-handler.js';
import { fileReply } from '../http/replies.js';
import { REPORT_ROUTES } from '../http/routes-reports.js';
import { downloadReport } from '../usecases/reports.js';
import { onFirstCall } from './bind.js';
import { reportHandlerDeps } from './report-deps-files.js';

export const bind = (deps: ReturnType<typeof reportHandlerDeps>) =>
  httpHandler(REPORT_ROUTES.downloadReportXlsx, async (req) => fileReply(await downloadReport(deps, req.principal, req.params.reportId, 'xlsx')));
export const handler = onFirstCall(() => bind(reportHandlerDeps()));
