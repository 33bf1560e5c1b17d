import { httpHandler } from '../http/http-handler.js';
import { fileReply } from '../http/replies.js';
import { ROUTES } from '../http/routes.js';
import { downloadEvidence } from '../usecases/bad-reviews.js';
import { badReviewHandlerDeps } from './bad-review-deps-files.js';

const deps = badReviewHandlerDeps();
export const handler = httpHandler(ROUTES.downloadEvidence, async (req) => fileReply(await downloadEvidence(deps, req.principal, req.params.reviewId, req.params.fileId)));
