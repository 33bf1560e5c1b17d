import type { Principal } from '../core/access.js';
import { listBadReviews } from './bad-reviews.js';
import type { BadReviewDeps } from './deps.js';
import { itemNames, ratingDetails } from './inbox.js';

/** `GET /bad-reviews`: the list of {@link listBadReviews}, each item with its service item's name and the rater's reasons and contact (inbox.ts). */
export async function listBadReviewInbox(
  deps: Pick<BadReviewDeps, 'badReviews' | 'ratings' | 'catalog' | 'clock' | 'calendarStore'>,
  p: Principal,
  q: Parameters<typeof listBadReviews>[2],
) {
  const page = await listBadReviews(deps, p, q);
  const [names, rating] = await Promise.all([itemNames(deps, page.items), ratingDetails(deps, p, page.items)]);
  return {
    ...page,
    items: page.items.map((i) => ({ ...i, ...(names.get(i.itemCode) ? { itemName: names.get(i.itemCode) } : {}), ...rating(i.reviewId) })),
  };
}
