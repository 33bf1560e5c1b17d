import { type BadReviewConfig, DEFAULT_BAD_REVIEW_CONFIG, STEP_NAMES } from '../core/bad-review.js';
import { EVIDENCE_TYPES, MAX_EVIDENCE_BYTES } from '../core/evidence.js';
import { allowedTags, isBad, LEVEL_NAMES, MAX_TEXT, SubmitChannel } from '../core/ratings.js';

/**
 * The rules the web pages check before they submit and name in their hints, read from the
 * constants the API itself enforces, so a page never states a limit of its own (`GET /meta`).
 */
export function pageRules(badReview: Pick<BadReviewConfig, 'verifyDays' | 'rectifyDays'> = DEFAULT_BAD_REVIEW_CONFIG) {
  const levels = Object.keys(LEVEL_NAMES).map(Number);
  return {
    rating: {
      levels: LEVEL_NAMES,
      badLevels: levels.filter(isBad),
      maxTextLength: MAX_TEXT,
      /** Reason tags (差评原因) a bad rating may carry, per channel. */
      tagsByChannel: Object.fromEntries(SubmitChannel.options.map((c) => [c, [...allowedTags(c)]])),
    },
    evidence: {
      maxBytes: MAX_EVIDENCE_BYTES,
      types: Object.entries(EVIDENCE_TYPES).map(([contentType, t]) => ({ contentType, label: t.label, extensions: [...t.extensions] })),
    },
    /** What the rater is told after a bad review: working days to verify, then to rectify and reply (the configured numbers). */
    badReview: { steps: STEP_NAMES, days: { verify: badReview.verifyDays, rectify: badReview.rectifyDays } },
  };
}
export type PageRules = ReturnType<typeof pageRules>;
