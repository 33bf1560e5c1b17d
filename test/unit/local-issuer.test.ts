/** The local issuer verifies tokens the way API Gateway's JWT authorizer does. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importJWK, SignJWT } from 'jose';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, LocalIssuer } from '../../functions/local/jwt.js';

const dir = mkdtempSync(join(tmpdir(), 'hcp-issuer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.useRealTimers());

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

  it('checks a token’s signature once and its expiry on every use: a remembered token is refused once it expires, an altered one is never taken for it', async () => {
    // Prepare
    vi.useFakeTimers({ now: new Date('2026-11-30T08:00:00Z'), toFake: ['Date'] });
    const issuer = await LocalIssuer.open(dir);
    const token = await issuer.sign({ sub: 'x', role: 'staff' }, 60);
    const [head, body] = token.split('.');
    const forged = `${head}.${body}.${'A'.repeat(86)}`;
    // Act
    const first = await issuer.verify(token);
    const again = await issuer.verify(token);
    if (again) again.role = 'admin';
    const third = await issuer.verify(token);
    const altered = await issuer.verify(forged);
    vi.setSystemTime(new Date('2026-11-30T08:01:01Z'));
    const expired = await issuer.verify(token);
    // Assess
    expect(first).toMatchObject({ sub: 'x', role: 'staff' });
    expect(third).toStrictEqual(first);
    expect(altered).toBeNull();
    expect(expired).toBeNull();
  });
});
