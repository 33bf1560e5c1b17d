import type { webcrypto } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTVerifyGetKey,
  jwtVerify,
  SignJWT,
} from 'jose';

export const LOCAL_ISSUER = 'http://localhost/haochaping-local-issuer';
export const LOCAL_AUDIENCE = 'haochaping';
/** The signatures API Gateway's JWT authorizer verifies: RSA only. */
const RSA = ['RS256', 'RS384', 'RS512'];
/** Verified tokens remembered (a few per signed-in user and device). */
const VERIFIED_TOKENS = 1000;

/**
 * The local OIDC-like issuer: an ES256 key kept in the data folder signs demo users'
 * tokens; the server verifies them the way API Gateway's JWT authorizer does (issuer,
 * audience, signature, expiry) and hands the claims to the same handlers.
 */
export class LocalIssuer {
  /** Other issuers whose tokens the local API accepts: the local OIDC provider (see trust()). */
  private readonly trusted = new Map<string, { audience: string; keys: JWTVerifyGetKey }>();

  private constructor(
    private readonly privateKey: webcrypto.CryptoKey,
    private readonly publicKey: webcrypto.CryptoKey,
    readonly publicJwk: JWK,
  ) {}

  static async open(dataDir: string): Promise<LocalIssuer> {
    const file = join(dataDir, 'issuer-key.json');
    if (!existsSync(file)) {
      mkdirSync(dataDir, { recursive: true });
      const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
      writeFileSync(file, JSON.stringify({ privateJwk: await exportJWK(privateKey), publicJwk: await exportJWK(publicKey) }), { mode: 0o600 });
    }
    const { privateJwk, publicJwk } = JSON.parse(readFileSync(file, 'utf8'));
    return new LocalIssuer((await importJWK(privateJwk, 'ES256')) as webcrypto.CryptoKey, (await importJWK(publicJwk, 'ES256')) as webcrypto.CryptoKey, {
      ...publicJwk,
      kid: 'local',
      alg: 'ES256',
      use: 'sig',
    });
  }

  sign(claims: Record<string, string>, ttlSeconds = 12 * 3600): Promise<string> {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: 'local' })
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(this.privateKey);
  }

  /**
   * Also accept tokens of another issuer, checked as API Gateway's JWT authorizer checks them:
   * an RSA signature by the key its `kid` names in that issuer's JWKS, `iss` exactly, `aud`,
   * `exp` required, `nbf` and `iat` not in the future.
   */
  trust(issuer: string, audience: string, jwks: { keys: JWK[] }): void {
    this.trusted.set(issuer, { audience, keys: createLocalJWKSet(jwks) });
  }

  /** Tokens verified lately, with their claims: a signature is checked once per token, its expiry on every use. */
  private readonly verified = new Map<string, Record<string, string>>();

  /** Verified claims, or null for a missing, forged, expired or foreign token. */
  async verify(token: string): Promise<Record<string, string> | null> {
    const known = this.verified.get(token);
    if (known && Number(known.exp) > Date.now() / 1000) return { ...known };
    const claims = await this.check(token);
    this.verified.delete(token);
    if (claims) {
      // A bounded memory: the oldest entry leaves first.
      if (this.verified.size >= VERIFIED_TOKENS) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, claims);
    }
    return claims;
  }

  private async check(token: string): Promise<Record<string, string> | null> {
    try {
      const iss = decodeJwt(token).iss;
      const other = iss === undefined ? undefined : this.trusted.get(iss);
      // API Gateway's JWT authorizer refuses a token without `exp`; so does the local one.
      const { payload } = other
        ? await jwtVerify(token, other.keys, { issuer: iss, audience: other.audience, requiredClaims: ['exp'], algorithms: RSA })
        : await jwtVerify(token, this.publicKey, { issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, requiredClaims: ['exp'] });
      if (other && (decodeProtectedHeader(token).kid === undefined || (payload.iat ?? 0) > Date.now() / 1000 + 60)) return null;
      // API Gateway hands claims to Lambda as strings.
      return Object.fromEntries(Object.entries(payload).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
    } catch {
      return null;
    }
  }
}
