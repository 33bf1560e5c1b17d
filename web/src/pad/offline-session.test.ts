import { User } from 'oidc-client-ts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { currentUser, getAccessToken, initAuth } from '../auth/index.js';

/**
 * A hall pad that restarts while the network is down, its access token expired meanwhile:
 * the device must stay signed in (the pad page renders and queues ratings) and renew once
 * the provider answers again — never be signed out because nobody answered.
 */
const CFG = { authority: 'https://sso.test/oidc', clientId: 'haochaping-web', scope: 'openid profile' };
const USER_KEY = `oidc.user:${CFG.authority}:${CFG.clientId}`;
const b64 = (o: unknown) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
const jwt = (claims: Record<string, unknown>) => `${b64({ alg: 'RS256', kid: 'k' })}.${b64(claims)}.c2ln`;
const METADATA = {
  issuer: CFG.authority,
  authorization_endpoint: `${CFG.authority}/auth`,
  token_endpoint: `${CFG.authority}/token`,
  jwks_uri: `${CFG.authority}/jwks`,
};

/**
 * The network: down (every request fails without an answer), or up with the provider rotating
 * refresh tokens as oidc-provider does — a refresh token used a second time is refused
 * (and, there, ends the whole grant). Returns the refresh tokens presented.
 */
function network(up: boolean) {
  const presented: string[] = [];
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    if (!up) throw new TypeError('Failed to fetch');
    if (url.endsWith('/.well-known/openid-configuration')) return Response.json(METADATA);
    if (url === METADATA.token_endpoint) {
      const rt = new URLSearchParams(String(init?.body ?? '')).get('refresh_token') ?? '';
      presented.push(rt);
      if (presented.indexOf(rt) !== presented.length - 1) return Response.json({ error: 'invalid_grant' }, { status: 400 });
      const n = presented.length + 1;
      const id_token = jwt({ sub: 'demo-pad', role: 'client', venue_id: 'V-CITY', window_id: 'W01', iss: CFG.authority, aud: CFG.clientId });
      return Response.json({ access_token: `AT-${n}`, token_type: 'Bearer', expires_in: 3600, refresh_token: `RT-${n}`, id_token });
    }
    throw new TypeError('unexpected request');
  });
  return presented;
}

beforeEach(() => {
  localStorage.clear();
  const now = Math.floor(Date.now() / 1000);
  const pad = new User({
    access_token: 'AT-1',
    token_type: 'Bearer',
    refresh_token: 'RT-1',
    id_token: jwt({ sub: 'demo-pad' }),
    profile: {
      sub: 'demo-pad',
      role: 'client',
      venue_id: 'V-CITY',
      window_id: 'W01',
      iss: CFG.authority,
      aud: CFG.clientId,
      exp: now,
      iat: now - 3600,
    } as never,
    expires_at: now - 10,
  });
  localStorage.setItem(USER_KEY, pad.toStorageString());
  initAuth(CFG, { storage: 'local' });
});
afterEach(() => vi.unstubAllGlobals());

describe('the pad’s sign-in while the network is down', () => {
  it('keeps the device signed in with its window, offers no expired token, and renews once the network is back', async () => {
    // Act: offline, the expired token cannot be renewed
    network(false);
    const offline = await currentUser();
    const tokenOffline = await getAccessToken();

    // Assert: still the window's device, nothing forgotten, no stale token sent
    expect(offline).toMatchObject({ sub: 'demo-pad', role: 'client', venueId: 'V-CITY', windowId: 'W01' });
    expect(tokenOffline).toBeNull();
    expect(localStorage.getItem(USER_KEY)).toContain('RT-1');

    // Act + Assert: back online, the refresh token renews it
    const presented = network(true);
    expect(await getAccessToken()).toBe('AT-2');
    expect(presented).toEqual(['RT-1']);
    expect(localStorage.getItem(USER_KEY)).toContain('RT-2');
  });

  it('renews once when the board poll and the upload both ask for a token as the network returns', async () => {
    // Arrange
    network(false);
    expect(await getAccessToken()).toBeNull();
    const presented = network(true);

    // Act: two requests at the same moment
    const tokens = await Promise.all([getAccessToken(), getAccessToken()]);

    // Assert: one refresh, both got its token, the device is still signed in
    expect(presented).toEqual(['RT-1']);
    expect(tokens).toEqual(['AT-2', 'AT-2']);
    expect(await currentUser()).toMatchObject({ sub: 'demo-pad', windowId: 'W01' });
  });
});
