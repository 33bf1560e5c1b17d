import { httpHandler } from '../http/http-handler.js';
import { fileReply } from '../http/replies.js';
import { COMPLAINT_ROUTES } from '../http/routes-complaints.js';
import { downloadAttachment } from '../usecases/complaints.js';
import { onFirstCall } from './bind.js';
import { complaintHandlerDeps } from './complaint-deps-files.js';

export const bind = (deps: ReturnType<typeof complaintHandlerDeps>) =>
  httpHandler(COMPLAINT_ROUTES.downloadComplaintFile, async (req) =>
    fileReply(await downloadAttachment(deps, req.principal, req.params.complaintId, req.params.fileId)),
  );
export const handler = onFirstCall(() => bind(complaintHandlerDeps()));
