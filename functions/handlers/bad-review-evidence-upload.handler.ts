import { httpHandler } from '../http/http-handler.js';
import { ROUTES } from '../http/routes.js';
import { uploadEvidence } from '../usecases/bad-reviews.js';
import { badReviewHandlerDeps } from './bad-review-deps.js';

const deps = badReviewHandlerDeps();
export const handler = httpHandler(ROUTES.uploadEvidence, (req) => uploadEvidence(deps, req.principal, req.params.reviewId, req.body));
