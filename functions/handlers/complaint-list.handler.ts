import { httpHandler, ok } from '../http/http-handler.js';
import { COMPLAINT_ROUTES } from '../http/routes-complaints.js';
import { listComplaintInbox } from '../usecases/inbox-complaints.js';
import { onFirstCall } from './bind.js';
import { complaintHandlerDeps } from './complaint-deps.js';

export const bind = (deps: ReturnType<typeof complaintHandlerDeps>) =>
  httpHandler(COMPLAINT_ROUTES.listComplaints, async (req) => ok(await listComplaintInbox(deps, req.principal, req.query)));
export const handler = onFirstCall(() => bind(complaintHandlerDeps()));
