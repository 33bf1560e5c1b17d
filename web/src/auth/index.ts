// Sign-in for the web app: OpenID Connect authorization code + PKCE via oidc-client-ts.
// The same code runs against the local stack's OIDC provider and the province's identity
// service in AWS; only /config.json differs. See README.md in this folder.
import { ErrorResponse, type User, UserManager, WebStorageStateStore } from 'oidc-client-ts';

export type SignedInUser = {
  sub: string;
  role: string;
  name?: string;
  unitId?: string;
  regionCode?: string;
  venueId?: string;
  windowId?: string;
};

export type AuthConfig = { authority: string; clientId: string; scope: string };

/**
 * Where tokens live. 'session' (default): sessionStorage — gone when the tab closes, right
 * for citizens on shared or borrowed phones. 'local': localStorage — survives reloads and
 * restarts, for the hall pad (a device account with a long refresh-token session).
 */
export type AuthOptions = { storage?: 'session' | 'local' };

/** The page the provider redirects back to: one registered redirect URI per origin. */
export const CALLBACK_PATH = '/callback.html';
/** oidc-client-ts keeps each pending sign-in under `oidc.<state>` in its state store. */
const STATE_PREFIX = 'oidc.';

let manager: UserManager | undefined;
let config: AuthConfig | undefined;

function build(cfg: AuthConfig, storage: 'session' | 'local'): UserManager {
  const store = new WebStorageStateStore({ prefix: STATE_PREFIX, store: storage === 'local' ? window.localStorage : window.sessionStorage });
  const origin = window.location.origin;
  return new UserManager({
    authority: cfg.authority,
    client_id: cfg.clientId,
    scope: cfg.scope,
    response_type: 'code', // PKCE is on by default in oidc-client-ts
    redirect_uri: `${origin}${CALLBACK_PATH}`,
    silent_redirect_uri: `${origin}${CALLBACK_PATH}`,
    // Tokens and the pending sign-in (PKCE verifier, returnTo) in the same storage.
    userStore: store,
    stateStore: store,
    // Renews before expiry: with the refresh token when the provider gave one, else in a hidden frame.
    automaticSilentRenew: true,
    silentRequestTimeoutInSeconds: 5,
    loadUserInfo: false,
  });
}

export function initAuth(cfg: AuthConfig, options: AuthOptions = {}): void {
  manager?.stopSilentRenew();
  config = cfg;
  manager = build(cfg, options.storage ?? 'session');
}

function mgr(): UserManager {
  if (!manager) throw new Error('initAuth(cfg) must be called before using sign-in');
  return manager;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * Maps the ID token claims to the app's user. The claims are the API's own (snake_case:
 * unit_id, region_code, venue_id, window_id — see functions/core/access.ts); camelCase is
 * accepted too. Exported for tests.
 */
export function toSignedInUser(profile: Record<string, unknown>): SignedInUser | null {
  const sub = str(profile.sub);
  const role = str(profile.role);
  if (!sub || !role) return null;
  const user: SignedInUser = { sub, role };
  const optional = [
    ['name', 'name'],
    ['unitId', 'unit_id'],
    ['regionCode', 'region_code'],
    ['venueId', 'venue_id'],
    ['windowId', 'window_id'],
  ] as const;
  for (const [key, claim] of optional) {
    const value = str(profile[claim]) ?? str(profile[key]);
    if (value) user[key] = value;
  }
  return user;
}

/** The renewal in flight: callers at the same moment share it (a rotating refresh token used twice ends the session). */
let renewing: Promise<User | null> | undefined;

/** A stored user with a usable access token, renewing silently (once) when it has expired. */
async function liveUser(): Promise<User | null> {
  const m = mgr();
  const user = await m.getUser();
  if (!user) return null;
  if (!user.expired) return user;
  renewing ??= renew(m, user).finally(() => {
    renewing = undefined;
  });
  return renewing;
}

async function renew(m: UserManager, user: User): Promise<User | null> {
  try {
    return await m.signinSilent();
  } catch (e) {
    // No answer at all (a hall pad while the network is down): keep the session, expired, and
    // renew on a later call. Only the provider's refusal (e.g. invalid_grant) ends it here.
    if (user.refresh_token && !(e instanceof ErrorResponse)) return user;
    await m.removeUser();
    return null;
  }
}

export async function currentUser(): Promise<SignedInUser | null> {
  const user = await liveUser();
  return user ? toSignedInUser(user.profile as Record<string, unknown>) : null;
}

export async function getAccessToken(): Promise<string | null> {
  const user = await liveUser();
  return user && !user.expired ? user.access_token : null;
}

/** A path on this origin (never another site: the return address must not become an open redirect). */
export function sameOriginPath(target: string | undefined): string {
  const here = window.location;
  if (!target) return `${here.pathname}${here.search}${here.hash}`;
  let url: URL;
  try {
    url = new URL(target, here.href);
  } catch {
    return '/';
  }
  if (url.origin !== here.origin) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}

/** Sends the browser to the provider's sign-in page; afterwards callback.html brings it back to `returnTo` (default: here). */
export async function signIn(returnTo?: string): Promise<void> {
  await mgr().signinRedirect({ state: { returnTo: sameOriginPath(returnTo) } });
}

/**
 * Completes the redirect on callback.html and returns the same-origin path to go back to
 * ('' inside the hidden frame of a silent renewal, which reports to its parent itself).
 * The pending sign-in is looked up in both storages: the pad keeps it in localStorage.
 */
export async function handleCallback(): Promise<string> {
  const params = new URL(window.location.href).searchParams;
  const state = params.get('state');
  if (config && state && window.localStorage.getItem(`${STATE_PREFIX}${state}`) !== null) initAuth(config, { storage: 'local' });
  const user = await mgr().signinCallback(window.location.href);
  if (!user) return '';
  const returnTo = (user.state as { returnTo?: unknown } | undefined)?.returnTo;
  return sameOriginPath(typeof returnTo === 'string' ? returnTo : '/');
}

/**
 * Forgets the tokens here and ends the session at the provider, which then sends the browser
 * back to this page (its path without query or hash; registered as a post-logout redirect URI).
 */
export async function signOut(): Promise<void> {
  const m = mgr();
  const user = await m.getUser();
  await m.removeUser();
  await m.signoutRedirect({ id_token_hint: user?.id_token, post_logout_redirect_uri: `${window.location.origin}${window.location.pathname}` });
}
