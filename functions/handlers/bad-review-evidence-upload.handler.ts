import { httpHandler } from '../http/http-handler.js';
import { created } from '../http/replies.js';
import { ROUTES } from '../http/routes.js';
import { uploadEvidence } from '../usecases/bad-reviews.js';
import { badReviewHandlerDeps } from './bad-review-deps-files.js';

const deps = badReviewHandlerDeps();
export const handler = httpHandler(ROUTES.uploadEvidence, async (req) => created(await uploadEvidence(deps, req.principal, req.params.reviewId, req.body)));
