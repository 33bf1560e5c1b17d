import { httpHandler } from '../http/http-handler.js';
import { fileReply } from '../http/replies.js';
import { REPORT_ROUTES } from '../http/routes-reports.js';
import { downloadReport } from '../usecases/reports.js';
import { onFirstCall } from './bind.js';
import { reportHandlerDeps } from './report-deps-files.js';

/**
 * The printable page, as a download: opened from disk it prints with its own styles. Its CSP
 * allows only its inline style sheet, nothing else (it has no scripts, images or links to load).
 */
export const bind = (deps: ReturnType<typeof reportHandlerDeps>) =>
  httpHandler(REPORT_ROUTES.downloadReportHtml, async (req) => {
    const reply = fileReply(await downloadReport(deps, req.principal, req.params.reportId, 'html'));
    return {
      ...reply,
      headers: { ...reply.headers, 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; sandbox" },
    };
  });
export const handler = onFirstCall(() => bind(reportHandlerDeps()));
