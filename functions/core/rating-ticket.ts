import type { CaseRecord } from './cases.js';
import { signClaims, verifiedClaims } from './signed.js';

/**
 * Rating tickets (评价凭证). A window's pad board hands out, with the case it shows, a signed
 * ticket naming that case, where it was handled (unit, region, item, venue, window) and until
 * when the board offers it. The pad sends it back with the rating, and the rating then needs
 * no case read: the ticket is the ownership check, done when the board read the case. No
 * personal data is in it. A ticket that does not verify, has expired, names another case or
 * was handed to another window is ignored, and the case is read as for any rating.
 */
const LABEL = 'rating-ticket:v1';
const MAX_TICKET_LENGTH = 600;

/** What a rating needs of its case. */
export type RatedCase = Pick<CaseRecord, 'caseNumber' | 'unitId' | 'regionCode' | 'itemCode' | 'venueId' | 'windowId'>;

export function signTicket(secret: string, kase: RatedCase & { venueId: string; windowId: string }, expiresAt: Date): string {
  const { caseNumber, unitId, regionCode, itemCode, venueId, windowId } = kase;
  return signClaims(secret, LABEL, { v: 1, caseNumber, unitId, regionCode, itemCode, venueId, windowId, e: Math.floor(expiresAt.getTime() / 1000) });
}

/** The case a genuine, unexpired ticket names, if it is for this case and handed to this window's pad (venue, and window when the pad has one). */
export function ticketCase(secret: string, token: string, now: Date, caseNumber: string, pad: { venueId?: string; windowId?: string }): RatedCase | undefined {
  const c = verifiedClaims(secret, LABEL, token, MAX_TICKET_LENGTH);
  if (!c || c.v !== 1 || typeof c.e !== 'number' || c.e * 1000 <= now.getTime()) return undefined;
  if (c.caseNumber !== caseNumber || !pad.venueId || c.venueId !== pad.venueId || (pad.windowId && c.windowId !== pad.windowId)) return undefined;
  const text = (k: string) => (typeof c[k] === 'string' ? (c[k] as string) : undefined);
  const [unitId, regionCode, itemCode] = [text('unitId'), text('regionCode'), text('itemCode')];
  if (!unitId || !regionCode || !itemCode) return undefined;
  return { caseNumber, unitId, regionCode, itemCode, venueId: text('venueId'), windowId: text('windowId') };
}
