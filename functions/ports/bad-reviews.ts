import type { BadReview } from '../core/bad-review.js';
import type { SupervisedCaseStore } from '../supervision/ports.js';

/** Bad reviews: the supervision core's store (cases and their 通报 list), plus voiding the rating. */
export interface BadReviewStore extends SupervisedCaseStore<BadReview> {
  /** Marks a rating void (an upheld appeal): it leaves every indicator. */
  voidRating(ratingId: string, at: string): Promise<void>;
}
