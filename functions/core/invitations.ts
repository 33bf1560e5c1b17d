import { createHmac, timingSafeEqual } from 'node:crypto';
import { invalid } from './errors.js';

/**
 * Rating invitations (评价邀请): a link a business system or the 办结 SMS carries, bound to
 * one case and expiring. The token is `base64url(JSON {v, c, e}).base64url(HMAC-SHA256)`:
 * `c` the case number, `e` the expiry (seconds since the epoch). The key is derived from
 * the deployment's secret with a label of its own, so it never equals the person-key salt,
 * the cursor key or the tracking-code key derived from the same secret.
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

const keyOf = (secret: string) => createHmac('sha256', secret).update(LABEL).digest();
const mac = (secret: string, payload: string) => createHmac('sha256', keyOf(secret)).update(payload).digest();

export function signInvitation(secret: string, caseNumber: string, expiresAt: Date): string {
  const payload = Buffer.from(JSON.stringify({ v: 1, c: caseNumber, e: Math.floor(expiresAt.getTime() / 1000) })).toString('base64url');
  return `${payload}.${mac(secret, payload).toString('base64url')}`;
}

/**
 * The case and expiry of a genuine, unexpired invitation. A forged, altered or malformed
 * token → 400 `invitation`/`signature`; an expired one → 400 `invitation`/`expired`.
 */
export function verifyInvitation(secret: string, token: string, now: Date): Invitation {
  const forged = () => invalid('invitation', 'signature', '评价邀请链接无效，请使用短信或办事系统中的完整链接');
  if (token.length > MAX_INVITATION_LENGTH) throw forged();
  const [payload, sig, ...rest] = token.split('.');
  if (!payload || !sig || rest.length) throw forged();
  const given = Buffer.from(sig, 'base64url');
  const expected = mac(secret, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw forged();
  let claims: { v?: unknown; c?: unknown; e?: unknown };
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw forged();
  }
  if (claims.v !== 1 || typeof claims.c !== 'string' || typeof claims.e !== 'number') throw forged();
  if (claims.e * 1000 <= now.getTime()) throw invalid('invitation', 'expired', '评价邀请已过期，可扫描窗口二维码或登录后评价');
  return { caseNumber: claims.c, expiresAt: new Date(claims.e * 1000).toISOString() };
}
