import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed tokens the server hands out and takes back (rating invitations, rating tickets):
 * `base64url(JSON claims).base64url(HMAC-SHA256)`, keyed by the deployment's secret with a
 * label per kind, so a token of one kind never verifies as another and no key equals the
 * person-key salt derived from the same secret.
 */
const keys = new Map<string, Buffer>();
/** The key of a kind, derived once per secret and label. */
const keyOf = (secret: string, label: string) => {
  const id = `${label}\n${secret}`;
  let key = keys.get(id);
  if (!key) keys.set(id, (key = createHmac('sha256', secret).update(label).digest()));
  return key;
};
const mac = (secret: string, label: string, payload: string) => createHmac('sha256', keyOf(secret, label)).update(payload).digest();

export function signClaims(secret: string, label: string, claims: object): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${mac(secret, label, payload).toString('base64url')}`;
}

/** The claims of a genuine token of this kind, or undefined for a forged, altered, malformed or over-long one. */
export function verifiedClaims(secret: string, label: string, token: string, maxLength: number): Record<string, unknown> | undefined {
  if (token.length > maxLength) return undefined;
  const [payload, sig, ...rest] = token.split('.');
  if (!payload || !sig || rest.length) return undefined;
  const given = Buffer.from(sig, 'base64url');
  const expected = mac(secret, label, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return claims && typeof claims === 'object' && !Array.isArray(claims) ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
