import type { webcrypto } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, jwtVerify, SignJWT } from 'jose';

export const LOCAL_ISSUER = 'http://localhost/haochaping-local-issuer';
export const LOCAL_AUDIENCE = 'haochaping';

/**
 * The local OIDC-like issuer: an ES256 key kept in the data folder signs demo users'
 * tokens; the server verifies them the way API Gateway's JWT authorizer does (issuer,
 * audience, signature, expiry) and hands the claims to the same handlers.
 */
export class LocalIssuer {
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

  /** Verified claims, or null for a missing, forged, expired or foreign token. */
  async verify(token: string): Promise<Record<string, string> | null> {
    try {
      // API Gateway's JWT authorizer refuses a token without `exp`; so does the local one.
      const { payload } = await jwtVerify(token, this.publicKey, { issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, requiredClaims: ['exp'] });
      // API Gateway hands claims to Lambda as strings.
      return Object.fromEntries(Object.entries(payload).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
    } catch {
      return null;
    }
  }
}
