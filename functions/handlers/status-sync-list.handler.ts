import { httpHandler, ok } from '../http/http-handler.js';
import { COMPLAINT_ROUTES } from '../http/routes-complaints.js';
import { listComplaintDeliveries } from '../usecases/complaints.js';
import { onFirstCall } from './bind.js';
import { complaintHandlerDeps } from './complaint-deps.js';

export const bind = (deps: ReturnType<typeof complaintHandlerDeps>) =>
  httpHandler(COMPLAINT_ROUTES.listComplaintDeliveries, async (req) => ok(await listComplaintDeliveries(deps, req.principal, req.params.complaintId)));
export const handler = onFirstCall(() => bind(complaintHandlerDeps()));
