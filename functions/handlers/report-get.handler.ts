import { httpHandler, ok } from '../http/http-handler.js';
import { REPORT_ROUTES } from '../http/routes-reports.js';
import { getReport } from '../usecases/reports.js';
import { onFirstCall } from './bind.js';
import { reportHandlerDeps } from './report-deps.js';

export const bind = (deps: ReturnType<typeof reportHandlerDeps>) =>
  httpHandler(REPORT_ROUTES.getReport, async (req) => ok(await getReport(deps, req.principal, req.params.reportId)));
export const handler = onFirstCall(() => bind(reportHandlerDeps()));
