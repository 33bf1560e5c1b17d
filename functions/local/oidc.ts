import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import Provider, { type KoaLikeContext } from 'oidc-provider';
import type { DemoUsers } from './demo-users.js';
import { LOCAL_AUDIENCE } from './jwt.js';

/**
 * The local stack's OpenID Connect provider (`oidc-provider`, mounted at /oidc on the stack's
 * own port) with the demo users: the web app signs in here exactly as it does against the
 * province's identity service in AWS — authorization code + PKCE, a public client, JWT access
 * tokens for the API's audience carrying the claims the API reads.
 */
export const OIDC_PATH = '/oidc';
/** The web app's client (public: no secret, PKCE required). */
export const WEB_CLIENT_ID = 'haochaping-web';
export const WEB_SCOPE = 'openid profile';
/** The API's resource indicator (RFC 8707); its access tokens carry `aud` = LOCAL_AUDIENCE. */
export const API_RESOURCE = 'urn:haochaping:api';

const ACCESS_TOKEN_TTL = 3600;
/** Hall pads (device accounts) keep one sign-in for 30 days through rotating refresh tokens; people for 12 h. */
const DEVICE_SESSION_TTL = 30 * 24 * 3600;
const PERSON_SESSION_TTL = 12 * 3600;

/** Claims for the ID token (what the app shows and routes by); the access token carries all the demo claims. */
const PROFILE_CLAIMS = ['name', 'role', 'unit_id', 'region_code', 'venue_id', 'window_id'] as const;

export interface LocalOidc {
  /** `iss` of the provider's tokens: `<base URL>/oidc`. */
  readonly issuer: string;
  /** The public signing keys (what `<issuer>/jwks` serves). */
  readonly jwks: { keys: JWK[] };
  /** Answers a request under /oidc (provider endpoints and the sign-in pages); false for any other path. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
}

interface KeyFile {
  signingJwk: JWK;
  cookieKeys: string[];
}

/** The signing key and cookie keys, made on first start and kept in the data folder like the issuer key. */
async function keys(dataDir: string): Promise<KeyFile> {
  const file = join(dataDir, 'oidc-keys.json');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    // RS256: API Gateway's JWT authorizer takes only RSA signatures.
    const { privateKey } = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
    const signingJwk = { ...(await exportJWK(privateKey)), kid: `oidc-${randomBytes(4).toString('hex')}`, alg: 'RS256', use: 'sig' };
    writeFileSync(file, JSON.stringify({ signingJwk, cookieKeys: [randomBytes(32).toString('base64url')] } satisfies KeyFile), { mode: 0o600 });
  }
  return JSON.parse(readFileSync(file, 'utf8')) as KeyFile;
}

/**
 * oidc-provider's storage (sessions, grants, refresh tokens…) in the data folder, one JSON
 * file per kind, so a restart of `npm start` keeps a hall pad signed in. Small by nature:
 * expired entries are dropped on every write.
 */
function fileAdapter(dir: string) {
  mkdirSync(dir, { recursive: true });
  type Entry = { payload: Record<string, unknown>; exp?: number };
  const now = () => Math.floor(Date.now() / 1000);
  return class FileAdapter {
    private readonly file: string;
    private entries: Map<string, Entry>;
    constructor(name: string) {
      this.file = join(dir, `${name}.json`);
      this.entries = new Map(existsSync(this.file) ? (JSON.parse(readFileSync(this.file, 'utf8')) as [string, Entry][]) : []);
    }
    private save() {
      for (const [id, e] of this.entries) if (e.exp !== undefined && e.exp <= now()) this.entries.delete(id);
      writeFileSync(this.file, JSON.stringify([...this.entries]), { mode: 0o600 });
    }
    private live(id: string) {
      const e = this.entries.get(id);
      return e && (e.exp === undefined || e.exp > now()) ? e.payload : undefined;
    }
    async upsert(id: string, payload: Record<string, unknown>, expiresIn?: number) {
      this.entries.set(id, { payload, exp: expiresIn ? now() + expiresIn : undefined });
      this.save();
    }
    async find(id: string) {
      return this.live(id);
    }
    async findByUid(uid: string) {
      for (const [id, e] of this.entries) if (e.payload.uid === uid) return this.live(id);
      return undefined;
    }
    async findByUserCode(code: string) {
      for (const [id, e] of this.entries) if (e.payload.userCode === code) return this.live(id);
      return undefined;
    }
    async consume(id: string) {
      const e = this.entries.get(id);
      if (e) e.payload.consumed = now();
      this.save();
    }
    async destroy(id: string) {
      this.entries.delete(id);
      this.save();
    }
    async revokeByGrantId(grantId: string) {
      for (const [id, e] of this.entries) if (e.payload.grantId === grantId) this.entries.delete(id);
      this.save();
    }
  };
}

const isDevice = (claims: Record<string, string> | undefined) => claims?.role === 'client' && !!claims.venue_id;

export async function createLocalOidc(opts: { baseUrl: string; dataDir: string; users: DemoUsers }): Promise<LocalOidc> {
  const base = opts.baseUrl.replace(/\/+$/, '');
  const issuer = `${base}${OIDC_PATH}`;
  const { signingJwk, cookieKeys } = await keys(opts.dataDir);
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = signingJwk;
  const bySub = new Map(Object.values(opts.users).map((u) => [u.claims.sub, u.claims]));
  const claimsOf = (sub: string | undefined) => (sub ? bySub.get(sub) : undefined);
  const origins = new Set([new URL(base).origin]);

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: WEB_CLIENT_ID,
        client_name: '政务服务“好差评”',
        application_type: 'web',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: [`${base}/callback.html`],
        post_logout_redirect_uris: [`${base}/`, `${base}/rate.html`, `${base}/pad.html`],
      },
    ],
    adapter: fileAdapter(join(opts.dataDir, 'oidc')),
    jwks: { keys: [signingJwk] },
    cookies: { keys: cookieKeys },
    pkce: { required: () => true },
    claims: { openid: ['sub'], profile: [...PROFILE_CLAIMS] },
    // ID tokens from the token endpoint carry the profile claims (the app reads role, unit… from them).
    conformIdTokenClaims: false,
    async findAccount(_ctx: unknown, sub: string) {
      const claims = claimsOf(sub);
      if (!claims) return undefined;
      return {
        accountId: sub,
        async claims() {
          return { sub, ...Object.fromEntries(PROFILE_CLAIMS.filter((c) => claims[c] !== undefined).map((c) => [c, claims[c]])) };
        },
      };
    },
    // The access token carries what POST /auth/demo-token signs (role, unit_id, person_key…): the API's claims path.
    async extraTokenClaims(_ctx: unknown, token: { kind: string; accountId?: string }) {
      if (token.kind !== 'AccessToken') return undefined;
      const { sub: _sub, ...claims } = claimsOf(token.accountId) ?? {};
      return claims;
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => API_RESOURCE,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx: unknown, resource: string) => {
          if (resource !== API_RESOURCE) throw new Error(`unknown resource ${resource}`);
          return { scope: 'api', audience: LOCAL_AUDIENCE, accessTokenTTL: ACCESS_TOKEN_TTL, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } };
        },
      },
    },
    // A first-party app: no consent screen; the grant covers what it asked for and the API.
    async loadExistingGrant(ctx: KoaLikeContext) {
      const { oidc } = ctx;
      const clientId = oidc.client?.clientId;
      const accountId = oidc.session?.accountId;
      if (!clientId || !accountId) return undefined;
      const grantId = oidc.result?.consent?.grantId ?? oidc.session?.grantIdFor(clientId);
      const grant = (grantId ? await oidc.provider.Grant.find(grantId) : undefined) ?? new oidc.provider.Grant({ clientId, accountId });
      grant.addOIDCScope(typeof oidc.params?.scope === 'string' ? oidc.params.scope : WEB_SCOPE);
      grant.addResourceScope(API_RESOURCE, 'api');
      await grant.save();
      return grant;
    },
    // Rotating refresh tokens for the public client: the app renews without a hidden frame.
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(t: string): boolean }) => client.grantTypeAllowed('refresh_token'),
    // A person's refresh token dies with the sign-in session; a hall pad's outlives it.
    expiresWithSession: async (_ctx: unknown, code: { accountId?: string }) => !isDevice(claimsOf(code.accountId)),
    ttl: {
      AccessToken: ACCESS_TOKEN_TTL,
      AuthorizationCode: 60,
      IdToken: ACCESS_TOKEN_TTL,
      Interaction: 30 * 60,
      Session: PERSON_SESSION_TTL,
      Grant: DEVICE_SESSION_TTL,
      RefreshToken(ctx: { oidc?: { entities: { RotatedRefreshToken?: { remainingTTL: number } } } }, token: { accountId?: string }) {
        // A rotated token keeps what was left of the one it replaces: one sign-in, one fixed lifetime.
        const rotated = ctx?.oidc?.entities.RotatedRefreshToken;
        if (rotated) return rotated.remainingTTL;
        return isDevice(claimsOf(token.accountId)) ? DEVICE_SESSION_TTL : PERSON_SESSION_TTL;
      },
    },
    clientBasedCORS: (_ctx: unknown, origin: string) => origins.has(origin),
    interactions: { url: async (_ctx: unknown, interaction: { uid: string }) => `${OIDC_PATH}/interaction/${interaction.uid}` },
    renderError,
  });

  const callback = provider.callback();
  const users = Object.entries(opts.users).map(([id, u]) => ({ id, label: u.label, sub: u.claims.sub }));

  async function interaction(req: IncomingMessage, res: ServerResponse, uid: string, action: string | undefined) {
    let details: Awaited<ReturnType<Provider['interactionDetails']>>;
    try {
      details = await provider.interactionDetails(req, res);
    } catch {
      return page(res, 400, '登录已过期', '<p>这次登录等待太久或已经完成，请回到原来的页面重新登录。</p>');
    }
    if (details.uid !== uid) return page(res, 400, '登录已过期', '<p>请回到原来的页面重新登录。</p>');
    if (req.method === 'GET' && !action) {
      // Consent is granted by loadExistingGrant; any other prompt than login is finished at once.
      if (details.prompt.name !== 'login') return provider.interactionFinished(req, res, {}, { mergeWithLastSubmission: true });
      return page(res, 200, '登录', loginForm(uid, users, typeof details.params.login_hint === 'string' ? details.params.login_hint : undefined));
    }
    if (req.method === 'POST' && action === 'login') {
      const form = new URLSearchParams((await readAll(req)).toString('utf8'));
      const user = users.find((u) => u.id === form.get('user'));
      if (!user) return page(res, 400, '登录', loginForm(uid, users, undefined, '请选择一位演示用户。'));
      return provider.interactionFinished(req, res, { login: { accountId: user.sub } }, { mergeWithLastSubmission: false });
    }
    if (req.method === 'POST' && action === 'abort') {
      await readAll(req);
      return provider.interactionFinished(req, res, { error: 'access_denied', error_description: '用户取消了登录' }, { mergeWithLastSubmission: false });
    }
    return page(res, 405, '不支持的请求', '<p>请回到原来的页面重新登录。</p>');
  }

  return {
    issuer,
    jwks: { keys: [publicJwk as JWK] },
    async handle(req, res) {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (path !== OIDC_PATH && !path.startsWith(`${OIDC_PATH}/`)) return false;
      for (const [k, v] of Object.entries(PAGE_HEADERS)) res.setHeader(k, v);
      try {
        const m = /^\/oidc\/interaction\/([\w-]+)(?:\/(login|abort))?$/.exec(path);
        if (m?.[1]) await interaction(req, res, m[1], m[2]);
        else {
          // Mounted as Express does it: the provider sees its own paths and builds URLs from originalUrl.
          Object.assign(req, { originalUrl: req.url });
          req.url = (req.url ?? '/').slice(OIDC_PATH.length) || '/';
          await callback(req, res);
        }
      } catch {
        if (!res.headersSent) page(res, 500, '出错了', '<p>身份认证服务出错，请稍后重试。</p>');
      }
      return true;
    },
  };
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) throw new Error('form too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

// ---- The pages (Simplified Chinese, accessible: labelled controls, large targets, visible focus) ----

const STYLE = `body{margin:0;font:18px/1.6 system-ui,"PingFang SC","Noto Sans CJK SC",sans-serif;color:#1a1a1a;background:#f4f6f9}
main{max-width:30rem;margin:0 auto;padding:1.5rem 1rem}h1{font-size:1.6rem;margin:.5rem 0 1rem}
p.note{color:#3d3d3d;font-size:1rem}fieldset{border:1px solid #8a8f98;border-radius:8px;padding:.5rem 1rem;margin:0 0 1rem;background:#fff}
legend{font-weight:600;padding:0 .25rem}.opt{display:flex;align-items:center;gap:.75rem;min-height:48px}
.opt input{width:1.4rem;height:1.4rem;margin:0}.opt label{flex:1;padding:.5rem 0;cursor:pointer}
button{display:block;width:100%;min-height:52px;margin:.75rem 0 0;border:2px solid #0b5cad;border-radius:8px;font:inherit;font-weight:600;cursor:pointer;background:#0b5cad;color:#fff}
button.secondary{background:#fff;color:#0b5cad}:focus-visible{outline:3px solid #b35900;outline-offset:2px}
.error{color:#a4000f;font-weight:600}`;
const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

/** The provider's pages load nothing from elsewhere and run no script; forms post to this origin only. */
const PAGE_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
  'content-security-policy': `default-src 'none'; style-src ${STYLE_HASH}; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
};

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function html(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · 政务服务“好差评”统一身份认证（本地演示）</title><style>${STYLE}</style></head>
<body><main><h1>${esc(title)}</h1>${body}</main></body></html>`;
}

function page(res: ServerResponse, status: number, title: string, body: string) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(html(title, body));
}

function loginForm(uid: string, users: { id: string; label: string }[], hint: string | undefined, error?: string): string {
  const chosen = users.some((u) => u.id === hint) ? hint : users[0]?.id;
  const options = users
    .map(
      (u) =>
        `<div class="opt"><input type="radio" name="user" id="user-${esc(u.id)}" value="${esc(u.id)}"${u.id === chosen ? ' checked' : ''}><label for="user-${esc(u.id)}">${esc(u.label)}</label></div>`,
    )
    .join('');
  return `<p class="note">本地演示的身份认证服务。部署后，这一步由全省统一身份认证平台完成。</p>
${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}
<form method="post" action="${OIDC_PATH}/interaction/${esc(uid)}/login">
<fieldset><legend>选择演示用户</legend>${options}</fieldset>
<button type="submit">登录</button></form>
<form method="post" action="${OIDC_PATH}/interaction/${esc(uid)}/abort"><button type="submit" class="secondary">取消</button></form>`;
}

async function logoutSource(ctx: KoaLikeContext, form: string) {
  ctx.type = 'html';
  ctx.body = html(
    '退出登录',
    `${form}<p>要退出“好差评”的登录吗？退出后需要重新登录才能查看您的评价和诉求。</p>
<button type="submit" form="op.logoutForm" name="logout" value="yes">退出登录</button>
<button type="submit" form="op.logoutForm" class="secondary">暂不退出</button>`,
  );
}

async function postLogoutSuccessSource(ctx: KoaLikeContext) {
  ctx.type = 'html';
  ctx.body = html('已退出登录', '<p>您已退出登录。可以关闭这个页面。</p><p><a href="/rate.html">返回办事评价</a></p>');
}

async function renderError(ctx: KoaLikeContext, out: { error?: string; error_description?: string }) {
  ctx.type = 'html';
  ctx.body = html(
    '登录出错',
    `<p>登录请求无效，请回到原来的页面重新登录。</p><p class="note">${esc(`${out.error ?? ''} ${out.error_description ?? ''}`.trim())}</p>`,
  );
}
