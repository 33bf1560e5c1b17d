import { httpHandler, ok } from '../http/http-handler.js';
import { COMPLAINT_ROUTES } from '../http/routes-complaints.js';
import { acceptComplaint } from '../usecases/complaints.js';
import { onFirstCall } from './bind.js';
import { complaintHandlerDeps } from './complaint-deps-workflow.js';

export const bind = (deps: ReturnType<typeof complaintHandlerDeps>) =>
  httpHandler(COMPLAINT_ROUTES.acceptComplaint, async (req) => ok(await acceptComplaint(deps, req.principal, req.params.complaintId)));
export const handler = onFirstCall(() => bind(complaintHandlerDeps()));
