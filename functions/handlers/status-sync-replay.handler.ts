import { httpHandler, ok } from '../http/http-handler.js';
import { COMPLAINT_ROUTES } from '../http/routes-complaints.js';
import { replayDelivery } from '../usecases/complaints.js';
import { onFirstCall } from './bind.js';
import { complaintHandlerDeps } from './complaint-deps.js';

export const bind = (deps: ReturnType<typeof complaintHandlerDeps>) =>
  httpHandler(COMPLAINT_ROUTES.replayDelivery, async (req) => ok(await replayDelivery(deps, req.principal, req.params.deliveryId)));
export const handler = onFirstCall(() => bind(complaintHandlerDeps()));
