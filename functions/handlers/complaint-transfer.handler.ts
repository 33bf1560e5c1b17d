import { httpHandler } from '../http/http-handler.js';
import { ratingReply } from '../http/replies.js';
import { COMPLAINT_ROUTES } from '../http/routes-complaints.js';
import { receiveTransfer } from '../usecases/complaints.js';
import { onFirstCall } from './bind.js';
import { complaintHandlerDeps } from './complaint-deps-workflow.js';

export const bind = (deps: ReturnType<typeof complaintHandlerDeps>) =>
  httpHandler(COMPLAINT_ROUTES.receiveTransfer, async (req) => ratingReply(await receiveTransfer(deps, req.principal, req.params.sourceId, req.body)));
export const handler = onFirstCall(() => bind(complaintHandlerDeps()));
