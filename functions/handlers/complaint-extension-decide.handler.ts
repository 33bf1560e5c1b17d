import { httpHandler, ok } from '../http/http-handler.js';
import { COMPLAINT_ROUTES } from '../http/routes-complaints.js';
import { decideComplaintExtension } from '../usecases/complaints.js';
import { onFirstCall } from './bind.js';
import { complaintHandlerDeps } from './complaint-deps-workflow-notify.js';

export const bind = (deps: ReturnType<typeof complaintHandlerDeps>) =>
  httpHandler(COMPLAINT_ROUTES.decideComplaintExtension, async (req) =>
    ok(await decideComplaintExtension(deps, req.principal, req.params.complaintId, req.body)),
  );
export const handler = onFirstCall(() => bind(complaintHandlerDeps()));
