import { httpHandler, ok } from '../http/http-handler.js';
import { COMPLAINT_ROUTES } from '../http/routes-complaints.js';
import { submitAnswer } from '../usecases/complaints.js';
import { onFirstCall } from './bind.js';
import { complaintHandlerDeps } from './complaint-deps-workflow.js';

export const bind = (deps: ReturnType<typeof complaintHandlerDeps>) =>
  httpHandler(COMPLAINT_ROUTES.submitComplaintAnswer, async (req) => ok(await submitAnswer(deps, req.principal, req.params.complaintId, req.body)));
export const handler = onFirstCall(() => bind(complaintHandlerDeps()));
