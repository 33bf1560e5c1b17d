import { User } from 'oidc-client-ts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { currentUser, getAccessToken, handleCallback, initAuth, sameOriginPath, signIn, signOut, toSignedInUser } from './index.js';

const CFG = { authority: 'https://sso.test/oidc', clientId: 'haochaping-web', scope: 'openid profile' };
const USER_KEY = `oidc.user:${CFG.authority}:${CFG.clientId}`;
const METADATA = {
  issuer: CFG.authority,
  authorization_endpoint: `${CFG.authority}/auth`,
  token_endpoint: `${CFG.authority}/token`,
  end_session_endpoint: `${CFG.authority}/session/end`,
  jwks_uri: `${CFG.authority}/jwks`,
};
const b64 = (o: unknown) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
const jwt = (claims: Record<string, unknown>) => `${b64({ alg: 'RS256', kid: 'k' })}.${b64(claims)}.c2ln`;

/** The provider as far as the browser sees it: discovery and the token endpoint; anything else fails. */
function fakeProvider(token: (body: URLSearchParams) => Response) {
  const calls: string[] = [];
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    calls.push(url);
    if (url.endsWith('/.well-known/openid-configuration')) return Response.json(METADATA);
    if (url === METADATA.token_endpoint) return token(new URLSearchParams(String(init?.body ?? '')));
    throw new TypeError('network down');
  });
  return calls;
}

/** happy-dom's way to put the page at a URL without navigating. */
const setUrl = (url: string) => (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(url);

function storeUser(store: Storage, over: Partial<ConstructorParameters<typeof User>[0]> = {}) {
  const now = Math.floor(Date.now() / 1000);
  const user = new User({
    access_token: 'AT-1',
    token_type: 'Bearer',
    id_token: jwt({ sub: 'demo-citizen' }),
    profile: { sub: 'demo-citizen', role: 'citizen', name: '张三', iss: CFG.authority, aud: CFG.clientId, exp: now + 3600, iat: now } as never,
    expires_at: now + 3600,
    ...over,
  });
  store.setItem(USER_KEY, user.toStorageString());
}

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
  setUrl('https://app.test/rate.html?venue=V-CITY#/');
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('sign-in module', () => {
  it('maps the API’s snake_case claims to the app’s user and refuses a profile without sub or role', () => {
    expect(toSignedInUser({ sub: 'p', role: 'client', venue_id: 'V-CITY', window_id: 'W01', name: '评价器', person_key: 'x' })).toEqual({
      sub: 'p',
      role: 'client',
      name: '评价器',
      venueId: 'V-CITY',
      windowId: 'W01',
    });
    expect(toSignedInUser({ sub: 's', role: 'staff', unit_id: 'U-SCJG', region_code: '' })).toEqual({ sub: 's', role: 'staff', unitId: 'U-SCJG' });
    expect(toSignedInUser({ sub: 'x' })).toBeNull();
    expect(toSignedInUser({ role: 'admin' })).toBeNull();
  });

  it('keeps the return address on this origin (no open redirect through returnTo)', () => {
    expect(sameOriginPath('/rate.html?venue=V#/cases')).toBe('/rate.html?venue=V#/cases');
    expect(sameOriginPath(undefined)).toBe('/rate.html?venue=V-CITY#/');
    expect(sameOriginPath('https://evil.test/phish')).toBe('/');
    expect(sameOriginPath('//evil.test/phish')).toBe('/');
  });

  it('hands out the stored access token, and none when nobody is signed in', async () => {
    initAuth(CFG);
    expect(await getAccessToken()).toBeNull();
    expect(await currentUser()).toBeNull();
    storeUser(sessionStorage);
    expect(await getAccessToken()).toBe('AT-1');
    expect(await currentUser()).toEqual({ sub: 'demo-citizen', role: 'citizen', name: '张三' });
  });

  it('renews an expired token with the refresh token, and signs out locally when renewal fails', async () => {
    const past = Math.floor(Date.now() / 1000) - 10;
    storeUser(localStorage, { expires_at: past, refresh_token: 'RT-1' });
    initAuth(CFG, { storage: 'local' });
    const seen: string[] = [];
    fakeProvider((body) => {
      seen.push(`${body.get('grant_type')} ${body.get('refresh_token')}`);
      return Response.json({
        access_token: 'AT-2',
        token_type: 'Bearer',
        expires_in: 3600,
        refresh_token: 'RT-2',
        id_token: jwt({ sub: 'demo-citizen', iss: CFG.authority, aud: CFG.clientId }),
      });
    });
    expect(await getAccessToken()).toBe('AT-2');
    expect(seen).toEqual(['refresh_token RT-1']);
    expect(localStorage.getItem(USER_KEY)).toContain('RT-2');

    // Expired again and the provider refuses: no token, nothing left stored (the app then signs in again).
    storeUser(localStorage, { expires_at: past, refresh_token: 'RT-revoked' });
    fakeProvider(() => Response.json({ error: 'invalid_grant' }, { status: 400 }));
    expect(await getAccessToken()).toBeNull();
    expect(localStorage.getItem(USER_KEY)).toBeNull();
  });

  it('completes a pad’s sign-in on callback.html from localStorage and returns to where it started', async () => {
    // The pad starts the sign-in with its tokens (and the pending request) in localStorage.
    const calls = fakeProvider((body) => {
      expect(body.get('code')).toBe('C0DE');
      expect(body.get('code_verifier')?.length).toBeGreaterThanOrEqual(43);
      return Response.json({
        access_token: 'AT-PAD',
        token_type: 'Bearer',
        expires_in: 3600,
        refresh_token: 'RT-PAD',
        id_token: jwt({ sub: 'demo-pad', role: 'client', venue_id: 'V-CITY', window_id: 'W01', iss: CFG.authority, aud: CFG.clientId }),
      });
    });
    vi.spyOn(window.location, 'assign').mockImplementation(() => undefined);
    setUrl('https://app.test/pad.html');
    initAuth(CFG, { storage: 'local' });
    void signIn();
    await vi.waitFor(() => expect(calls.length).toBeGreaterThan(0));
    await vi.waitFor(() => expect(Object.keys(localStorage).some((k) => k.startsWith('oidc.') && !k.startsWith('oidc.user:'))).toBe(true));
    const stateId = Object.keys(localStorage)
      .find((k) => k.startsWith('oidc.'))
      ?.slice('oidc.'.length);
    expect(sessionStorage.length).toBe(0);

    // callback.html knows nothing of the pad: it initialises with the default and still finds the request.
    setUrl(`https://app.test/callback.html?code=C0DE&state=${stateId}`);
    initAuth(CFG);
    expect(await handleCallback()).toBe('/pad.html');
    initAuth(CFG, { storage: 'local' });
    expect(await currentUser()).toEqual({ sub: 'demo-pad', role: 'client', venueId: 'V-CITY', windowId: 'W01' });
    expect(await getAccessToken()).toBe('AT-PAD');
  });

  it('signs out: forgets the tokens here and sends the browser to the provider’s end-session page, back to this page', async () => {
    fakeProvider(() => new Response(null, { status: 500 }));
    const assign = vi.spyOn(window.location, 'assign').mockImplementation(() => undefined);
    storeUser(sessionStorage);
    initAuth(CFG);
    void signOut();
    await vi.waitFor(() => expect(assign).toHaveBeenCalled());
    const to = new URL(String(assign.mock.calls[0]?.[0]));
    expect(`${to.origin}${to.pathname}`).toBe(METADATA.end_session_endpoint);
    expect(to.searchParams.get('id_token_hint')).toBe(jwt({ sub: 'demo-citizen' }));
    expect(to.searchParams.get('post_logout_redirect_uri')).toBe('https://app.test/rate.html');
    expect(sessionStorage.getItem(USER_KEY)).toBeNull();
    expect(await getAccessToken()).toBeNull();
  });
});
