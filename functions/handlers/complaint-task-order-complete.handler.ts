import { httpHandler, ok } from '../http/http-handler.js';
import { COMPLAINT_ROUTES } from '../http/routes-complaints.js';
import { completeComplaintTaskOrder } from '../usecases/complaints.js';
import { onFirstCall } from './bind.js';
import { complaintHandlerDeps } from './complaint-deps.js';

export const bind = (deps: ReturnType<typeof complaintHandlerDeps>) =>
  httpHandler(COMPLAINT_ROUTES.completeComplaintTaskOrder, async (req) =>
    ok(await completeComplaintTaskOrder(deps, req.principal, req.params.complaintId, req.params.n, req.body)),
  );
export const handler = onFirstCall(() => bind(complaintHandlerDeps()));
