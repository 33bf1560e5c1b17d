import { httpHandler } from '../http/http-handler.js';
import { created } from '../http/replies.js';
import { COMPLAINT_ROUTES } from '../http/routes-complaints.js';
import { attachFileByCode } from '../usecases/complaints.js';
import { onFirstCall } from './bind.js';
import { complaintHandlerDeps } from './complaint-deps-files.js';

export const bind = (deps: ReturnType<typeof complaintHandlerDeps>) =>
  httpHandler(COMPLAINT_ROUTES.attachComplaintFileByCode, async (req) => created(await attachFileByCode(deps, req.params.code, req.body)));
export const handler = onFirstCall(() => bind(complaintHandlerDeps()));
