import { httpHandler } from '../http/http-handler.js';
import { fileReply } from '../http/replies.js';
import { BAD_REVIEW_ROUTES } from '../http/routes-bad-reviews.js';
import { downloadEvidence } from '../usecases/bad-reviews.js';
import { badReviewHandlerDeps } from './bad-review-deps-files.js';
import { onFirstCall } from './bind.js';

export const bind = (deps: ReturnType<typeof badReviewHandlerDeps>) =>
  httpHandler(BAD_REVIEW_ROUTES.downloadEvidence, async (req) =>
    fileReply(await downloadEvidence(deps, req.principal, req.params.reviewId, req.params.fileId)),
  );
export const handler = onFirstCall(() => bind(badReviewHandlerDeps()));
