import { httpHandler } from '../http/http-handler.js';
import { ratingReply } from '../http/replies.js';
import { COMPLAINT_ROUTES } from '../http/routes-complaints.js';
import { submitComplaint } from '../usecases/complaints.js';
import { onFirstCall } from './bind.js';
import { complaintHandlerDeps } from './complaint-deps-workflow.js';

export const bind = (deps: ReturnType<typeof complaintHandlerDeps>) =>
  httpHandler(COMPLAINT_ROUTES.submitComplaint, async (req) => ratingReply(await submitComplaint(deps, req.principal, req.body)));
export const handler = onFirstCall(() => bind(complaintHandlerDeps()));
