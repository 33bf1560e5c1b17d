import { httpHandler } from '../http/http-handler.js';
import { created } from '../http/replies.js';
import { COMPLAINT_ROUTES } from '../http/routes-complaints.js';
import { issueComplaintTaskOrder } from '../usecases/complaints.js';
import { onFirstCall } from './bind.js';
import { complaintHandlerDeps } from './complaint-deps-notify.js';

export const bind = (deps: ReturnType<typeof complaintHandlerDeps>) =>
  httpHandler(COMPLAINT_ROUTES.issueComplaintTaskOrder, async (req) =>
    created(await issueComplaintTaskOrder(deps, req.principal, req.params.complaintId, req.body)),
  );
export const handler = onFirstCall(() => bind(complaintHandlerDeps()));
