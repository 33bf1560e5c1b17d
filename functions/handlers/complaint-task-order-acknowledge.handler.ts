import { httpHandler, ok } from '../http/http-handler.js';
import { COMPLAINT_ROUTES } from '../http/routes-complaints.js';
import { acknowledgeComplaintTaskOrder } from '../usecases/complaints.js';
import { onFirstCall } from './bind.js';
import { complaintHandlerDeps } from './complaint-deps.js';

export const bind = (deps: ReturnType<typeof complaintHandlerDeps>) =>
  httpHandler(COMPLAINT_ROUTES.acknowledgeComplaintTaskOrder, async (req) =>
    ok(await acknowledgeComplaintTaskOrder(deps, req.principal, req.params.complaintId, req.params.n)),
  );
export const handler = onFirstCall(() => bind(complaintHandlerDeps()));
