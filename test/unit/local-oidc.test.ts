/**
 * The local OIDC provider: authorization code + PKCE for the public web client, JWT access
 * tokens the local API accepts exactly as API Gateway's JWT authorizer would, rotating
 * refresh tokens, and the sign-in page. Driven over HTTP as a browser would, with no stack.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUsers } from '../../functions/local/demo-users.js';
import { LOCAL_AUDIENCE, LocalIssuer } from '../../functions/local/jwt.js';
import { createLocalOidc, type LocalOidc, WEB_CLIENT_ID, WEB_SCOPE } from '../../functions/local/oidc.js';

const dir = mkdtempSync(join(tmpdir(), 'hcp-oidc-'));
const users = demoUsers('test-salt');
let server: Server;
let base: string;
let oidc: LocalOidc;
let issuer: LocalIssuer;

beforeAll(async () => {
  server = createServer((req, res) => {
    void oidc.handle(req, res).then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://localhost:${(server.address() as { port: number }).port}`;
  oidc = await createLocalOidc({ baseUrl: base, dataDir: dir, users });
  issuer = await LocalIssuer.open(dir);
  issuer.trust(oidc.issuer, LOCAL_AUDIENCE, oidc.jwks);
});
afterAll(async () => {
  await new Promise((ok) => server.close(ok));
  rmSync(dir, { recursive: true, force: true });
});

/** A cookie jar good enough for one browser. */
class Browser {
  private cookies = new Map<string, string>();
  async go(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const res = await fetch(url, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, ...v] = (pair ?? '').split('=');
      if (k) this.cookies.set(k.trim(), v.join('='));
    }
    return res;
  }
  /** Follows redirects until a page answers (200) or the app's callback is reached. */
  async follow(res: Response, from: string): Promise<{ res: Response; url: string }> {
    let url = from;
    while (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get('location') ?? '', url).href;
      if (url.startsWith(`${base}/callback.html`)) return { res, url };
      res = await this.go(url);
    }
    return { res, url };
  }
}

const pkce = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

function authorizeUrl(challenge: string, extra: Record<string, string> = {}) {
  const q = new URLSearchParams({
    client_id: WEB_CLIENT_ID,
    response_type: 'code',
    scope: WEB_SCOPE,
    redirect_uri: `${base}/callback.html`,
    state: 'st-1',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...extra,
  });
  return `${oidc.issuer}/auth?${q}`;
}

async function token(form: Record<string, string>) {
  const res = await fetch(`${oidc.issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: WEB_CLIENT_ID, ...form }).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

/** Signs in as a demo user through the login page; returns the code and the browser. */
async function signIn(user: string, challenge: string) {
  const browser = new Browser();
  const auth = authorizeUrl(challenge);
  const { res, url } = await browser.follow(await browser.go(auth), auth);
  const html = await res.text();
  const action = /<form method="post" action="([^"]+\/login)">/.exec(html)?.[1];
  const done = await browser.go(new URL(action ?? '', url).href, { method: 'POST', form: { user } });
  const back = await browser.follow(done, url);
  return { browser, callback: new URL(back.url), loginPage: html };
}

describe('local OIDC provider', () => {
  it('signs a citizen in with code + PKCE and issues a JWT access token the local API accepts with the demo-token claims', async () => {
    // Prepare
    const { verifier, challenge } = pkce();
    // Act
    const { callback, loginPage } = await signIn('citizen', challenge);
    const code = callback.searchParams.get('code') ?? '';
    const tokens = await token({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: `${base}/callback.html` });
    const claims = await issuer.verify(tokens.body.access_token ?? '');
    // Assess: the login page lists the demo users; back at the app with the state
    expect(loginPage).toContain('<html lang="zh-CN">');
    expect(loginPage).toContain('市民 张三');
    expect(callback.searchParams.get('state')).toBe('st-1');
    expect(tokens.status).toBe(200);
    // The access token: RS256 with a kid (API Gateway takes RSA only), the API's audience, the claims the handlers read.
    expect(decodeProtectedHeader(tokens.body.access_token ?? '')).toMatchObject({ alg: 'RS256', kid: oidc.jwks.keys[0]?.kid });
    const citizen = users.citizen?.claims ?? {};
    expect(claims).toMatchObject({ iss: oidc.issuer, aud: LOCAL_AUDIENCE, sub: citizen.sub, role: 'citizen', person_key: citizen.person_key });
    // The ID token names the user for the app, without the personal key.
    const id = decodeJwt(tokens.body.id_token ?? '');
    expect(id).toMatchObject({ sub: citizen.sub, role: 'citizen', name: '张三', aud: WEB_CLIENT_ID });
    expect(id.person_key).toBeUndefined();
    // A refresh token, rotated on use, renews the access token.
    const renewed = await token({ grant_type: 'refresh_token', refresh_token: tokens.body.refresh_token ?? '' });
    expect(renewed.status).toBe(200);
    expect(renewed.body.refresh_token).not.toBe(tokens.body.refresh_token);
    expect(await issuer.verify(renewed.body.access_token ?? '')).toMatchObject({ sub: citizen.sub, role: 'citizen' });
    const replayed = await token({ grant_type: 'refresh_token', refresh_token: tokens.body.refresh_token ?? '' });
    expect(replayed.status).toBe(400);
  });

  it('puts the pad device’s venue and window in its tokens, and keeps its session across a restart', async () => {
    const { verifier, challenge } = pkce();
    const { callback } = await signIn('pad', challenge);
    const tokens = await token({
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code') ?? '',
      code_verifier: verifier,
      redirect_uri: `${base}/callback.html`,
    });
    const pad = users.pad?.claims ?? {};
    expect(await issuer.verify(tokens.body.access_token ?? '')).toMatchObject({ role: 'client', venue_id: pad.venue_id, window_id: pad.window_id });
    expect(decodeJwt(tokens.body.id_token ?? '')).toMatchObject({ role: 'client', venue_id: pad.venue_id, window_id: pad.window_id });
    // The pad stays signed in across a restart of the local stack: keys and refresh tokens live in the data folder.
    oidc = await createLocalOidc({ baseUrl: base, dataDir: dir, users });
    const afterRestart = await token({ grant_type: 'refresh_token', refresh_token: tokens.body.refresh_token ?? '' });
    expect(afterRestart.status).toBe(200);
    expect(await issuer.verify(afterRestart.body.access_token ?? '')).toMatchObject({ sub: pad.sub, window_id: pad.window_id });
  });

  it('refuses a code without the PKCE verifier, and an authorization request without a challenge', async () => {
    const { challenge } = pkce();
    const { callback } = await signIn('staff', challenge);
    const noVerifier = await token({ grant_type: 'authorization_code', code: callback.searchParams.get('code') ?? '', redirect_uri: `${base}/callback.html` });
    expect(noVerifier.status).toBe(400);
    expect(noVerifier.body.error).toBe('invalid_grant');
    // Without code_challenge the provider sends the browser back with an error, never a code.
    const browser = new Browser();
    const q = new URLSearchParams({ client_id: WEB_CLIENT_ID, response_type: 'code', scope: WEB_SCOPE, redirect_uri: `${base}/callback.html`, state: 's' });
    const res = await browser.go(`${oidc.issuer}/auth?${q}`);
    const location = new URL(res.headers.get('location') ?? '', base);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('code')).toBeNull();
  });

  it('verifies as API Gateway would: a changed payload, another key or an HMAC token are refused', async () => {
    const { verifier, challenge } = pkce();
    const { callback } = await signIn('admin', challenge);
    const good = (
      await token({
        grant_type: 'authorization_code',
        code: callback.searchParams.get('code') ?? '',
        code_verifier: verifier,
        redirect_uri: `${base}/callback.html`,
      })
    ).body.access_token as string;
    const [h, p, sig] = good.split('.');
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...decodeJwt(good), role: 'admin', sub: 'someone-else' })).toString('base64url')}.${sig}`;
    const kid = oidc.jwks.keys[0]?.kid ?? '';
    const { privateKey } = await generateKeyPair('RS256');
    const now = Math.floor(Date.now() / 1000);
    const foreignKey = await new SignJWT({ sub: 'x', role: 'admin' })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuer(oidc.issuer)
      .setAudience(LOCAL_AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .sign(privateKey);
    const hmac = await new SignJWT({ sub: 'x', role: 'admin' })
      .setProtectedHeader({ alg: 'HS256', kid })
      .setIssuer(oidc.issuer)
      .setAudience(LOCAL_AUDIENCE)
      .setExpirationTime(now + 60)
      .sign(new TextEncoder().encode(JSON.stringify(await exportJWK((await generateKeyPair('RS256', { extractable: true })).publicKey))));
    expect(p).toBeDefined();
    expect(await issuer.verify(good)).toMatchObject({ role: 'admin' });
    expect(await issuer.verify(tampered)).toBeNull();
    expect(await issuer.verify(foreignKey)).toBeNull();
    expect(await issuer.verify(hmac)).toBeNull();
  });

  it('answers an unknown demo user with the form again, in Chinese, and cancelling returns access_denied to the app', async () => {
    const { challenge } = pkce();
    const browser = new Browser();
    const auth = authorizeUrl(challenge);
    const { res, url } = await browser.follow(await browser.go(auth), auth);
    const html = await res.text();
    const login = new URL(/action="([^"]+\/login)"/.exec(html)?.[1] ?? '', url).href;
    const bad = await browser.go(login, { method: 'POST', form: { user: 'nobody' } });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('请选择一位演示用户');
    const abort = new URL(/action="([^"]+\/abort)"/.exec(html)?.[1] ?? '', url).href;
    const back = await browser.follow(await browser.go(abort, { method: 'POST', form: {} }), url);
    expect(new URL(back.url).searchParams.get('error')).toBe('access_denied');
  });
});
