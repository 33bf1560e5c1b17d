import { httpHandler, ok } from '../http/http-handler.js';
import { REPORT_ROUTES } from '../http/routes-reports.js';
import { listReports } from '../usecases/reports.js';
import { onFirstCall } from './bind.js';
import { reportHandlerDeps } from './report-deps.js';

export const bind = (deps: ReturnType<typeof reportHandlerDeps>) =>
  httpHandler(REPORT_ROUTES.listReports, async (req) => ok(await listReports(deps, req.principal, req.query)));
export const handler = onFirstCall(() => bind(reportHandlerDeps()));
