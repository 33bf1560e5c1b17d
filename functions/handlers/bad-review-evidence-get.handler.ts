import { httpHandler } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { downloadEvidence } from '../usecases/bad-reviews.js';
import { handlerDeps } from './deps.js';

const deps = handlerDeps();
export const handler = httpHandler(ROUTES.downloadEvidence, (req) => downloadEvidence(deps, req.principal, req.params.reviewId, req.params.fileId));
