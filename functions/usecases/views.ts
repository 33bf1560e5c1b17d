import type { Owned, Principal } from '../core/access.js';
import type { CaseRecord } from '../core/cases.js';
import { type Disclosure, disclose } from '../core/people.js';
import type { RatingRecord } from '../core/ratings.js';

/** Citizens see their own data; the unit handling it sees enough to call back; everyone else sees it masked. */
export function disclosureFor(p: Principal | undefined, r: Owned): Disclosure {
  if (!p) return 'masked';
  if (p.role === 'citizen' && r.personKey && p.personKey === r.personKey) return 'full';
  if ((p.role === 'staff' || p.role === 'leader') && p.unitId === r.unitId) return 'contact';
  return 'masked';
}

export const caseOwner = (c: CaseRecord): Owned => ({ unitId: c.unitId, regionCode: c.regionCode, venueId: c.venueId, personKey: c.personKey });
export const ratingOwner = (r: RatingRecord): Owned => ({ unitId: r.unitId, regionCode: r.caseRegionCode, venueId: r.venueId, personKey: r.personKey });

export function caseView(p: Principal | undefined, c: CaseRecord) {
  const { personKey: _k, version: _v, ...rest } = c;
  return { ...rest, applicant: disclose(c.applicant, disclosureFor(p, caseOwner(c))) };
}

export function ratingView(p: Principal | undefined, r: RatingRecord) {
  const { personKey: _k, contentHash: _h, idempotencyKey: _i, submittedBy: _s, ...rest } = r;
  return { ...rest, ...(r.rater ? { rater: disclose(r.rater, disclosureFor(p, ratingOwner(r))) } : {}) };
}
