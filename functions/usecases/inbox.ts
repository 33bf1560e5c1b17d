import type { Principal } from '../core/access.js';
import { disclose } from '../core/people.js';
import type { RatingRecord } from '../core/ratings.js';
import type { Deps } from './deps.js';
import { disclosureFor, ratingOwner } from './views.js';

/**
 * What the unit's inbox shows beside each item of the bad-review and complaint lists, read
 * in bulk for one page (inbox-bad-reviews.ts, inbox-complaints.ts): the service item's
 * name, and for bad reviews the rater's reasons and contact.
 */

/** The names of the service items these list items name: one catalog read per distinct code. */
export async function itemNames(deps: Pick<Deps, 'catalog'>, items: readonly { itemCode?: string }[]): Promise<Map<string, string | undefined>> {
  const codes = [...new Set(items.flatMap((i) => (i.itemCode ? [i.itemCode] : [])))];
  return new Map(await Promise.all(codes.map(async (code) => [code, (await deps.catalog.get('items', code))?.name] as const)));
}

export interface RatingDetails {
  reasonTags?: string[];
  reasonText?: string;
  rater?: { name: string; phone?: string };
}

/**
 * Per bad review: the rater's reasons (tags and text) and, for a named review, the rater's
 * contact as this reader may see it (the unit: name and phone; others masked; never the ID
 * number). One batched rating read for the page's cases.
 */
export async function ratingDetails(deps: Pick<Deps, 'ratings'>, p: Principal, items: readonly { caseNumber: string }[]) {
  const ratings = new Map<string, RatingRecord>();
  if (items.length) for (const r of await deps.ratings.ofCases([...new Set(items.map((i) => i.caseNumber))])) ratings.set(r.ratingId, r);
  return (reviewId: string): RatingDetails => {
    const r = ratings.get(reviewId);
    if (!r) return {};
    const contact = r.rater && !r.anonymous ? disclose(r.rater, disclosureFor(p, ratingOwner(r))) : undefined;
    return {
      reasonTags: r.tags,
      ...(r.text ? { reasonText: r.text } : {}),
      ...(contact ? { rater: { name: contact.name, ...(contact.phone ? { phone: contact.phone } : {}) } } : {}),
    };
  };
}
