import { httpHandler, ok } from '../http/http-handler.js';
import { created } from '../http/replies.js';
import { REPORT_ROUTES } from '../http/routes-reports.js';
import { createReport } from '../usecases/reports.js';
import { onFirstCall } from './bind.js';
import { reportHandlerDeps } from './report-deps-files-notify.js';

/** 201 with the record when the report is new, 200 when it replaced (or found unchanged) the one of the same kind, region and period. */
export const bind = (deps: ReturnType<typeof reportHandlerDeps>) =>
  httpHandler(REPORT_ROUTES.createReport, async (req) => {
    const r = await createReport(deps, req.principal, req.body);
    return r.outcome === 'created' ? created(r) : ok(r);
  });
export const handler = onFirstCall(() => bind(reportHandlerDeps()));
