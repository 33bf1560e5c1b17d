import { invalid } from './errors.js';
import { signClaims, verifiedClaims } from './signed.js';

/**
 * Rating invitations (评价邀请): a link a business system or the 办结 SMS carries, bound to
 * one case and expiring. The token is signed claims (signed.ts) `{v, c, e}`: `c` the case
 * number, `e` the expiry (seconds since the epoch), under a label of its own.
 */
export const INVITATION_TTL_HOURS = { default: 24 * 7, max: 24 * 30 } as const;
const LABEL = 'rating-invitation:v1';
/** Tokens are short; anything longer is refused before any work. */
export const MAX_INVITATION_LENGTH = 400;

export interface Invitation {
  caseNumber: string;
  /** ISO instant after which the invitation is refused. */
  expiresAt: string;
}

export function signInvitation(secret: string, caseNumber: string, expiresAt: Date): string {
  return signClaims(secret, LABEL, { v: 1, c: caseNumber, e: Math.floor(expiresAt.getTime() / 1000) });
}

/**
 * The case and expiry of a genuine, unexpired invitation. A forged, altered or malformed
 * token → 400 `invitation`/`signature`; an expired one → 400 `invitation`/`expired`.
 */
export function verifyInvitation(secret: string, token: string, now: Date): Invitation {
  const forged = () => invalid('invitation', 'signature', '评价邀请链接无效，请使用短信或办事系统中的完整链接');
  const claims = verifiedClaims(secret, LABEL, token, MAX_INVITATION_LENGTH);
  if (!claims || claims.v !== 1 || typeof claims.c !== 'string' || typeof claims.e !== 'number') throw forged();
  if (claims.e * 1000 <= now.getTime()) throw invalid('invitation', 'expired', '评价邀请已过期，可扫描窗口二维码或登录后评价');
  return { caseNumber: claims.c, expiresAt: new Date(claims.e * 1000).toISOString() };
}
