import { parseBadReviewConfig } from '../core/bad-review.js';
import { httpHandler, ok } from '../http/http-handler.js';
import { SYSTEM_ROUTES } from '../http/routes-system.js';
import { pageRules } from '../usecases/meta.js';

// The configured bad-review numbers (BAD_REVIEW_CONFIG), checked at cold start like everywhere else.
const rules = pageRules(parseBadReviewConfig(process.env.BAD_REVIEW_CONFIG));

export const handler = httpHandler(SYSTEM_ROUTES.meta, async () => ok(rules));
