import { httpHandler, ok } from '../http/http-handler.js';
import { COMPLAINT_ROUTES } from '../http/routes-complaints.js';
import { listComplaintNotices } from '../usecases/complaints.js';
import { onFirstCall } from './bind.js';
import { complaintHandlerDeps } from './complaint-deps.js';

export const bind = (deps: ReturnType<typeof complaintHandlerDeps>) =>
  httpHandler(COMPLAINT_ROUTES.listComplaintNotices, async (req) => ok(await listComplaintNotices(deps, req.principal, req.query.period)));
export const handler = onFirstCall(() => bind(complaintHandlerDeps()));
