/** The local issuer verifies tokens the way API Gateway's JWT authorizer does. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importJWK, SignJWT } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, LocalIssuer } from '../../functions/local/jwt.js';

const dir = mkdtempSync(join(tmpdir(), 'hcp-issuer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('local issuer', () => {
  it('accepts its own token and refuses one without exp, as the AWS authorizer does', async () => {
    // Prepare: a token signed with the issuer's own key but no expiry
    const issuer = await LocalIssuer.open(dir);
    const { privateJwk } = JSON.parse(readFileSync(join(dir, 'issuer-key.json'), 'utf8'));
    const key = await importJWK(privateJwk, 'ES256');
    const noExp = await new SignJWT({ sub: 'x', role: 'admin' })
      .setProtectedHeader({ alg: 'ES256', kid: 'local' })
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setIssuedAt()
      .sign(key);
    // Act
    const good = await issuer.verify(await issuer.sign({ sub: 'x', role: 'admin' }));
    const refused = await issuer.verify(noExp);
    // Assess
    expect(good).toMatchObject({ sub: 'x', role: 'admin' });
    expect(refused).toBeNull();
  });
});
