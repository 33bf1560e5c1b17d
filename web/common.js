// Shared helpers for the rating page and the workbench: API calls, the demo session,
// DOM building (text only, never HTML from the API), formatting in Asia/Shanghai.

/** GB/T 39046 table A.8 satisfaction codes; 4 and 5 are bad reviews (差评). Mirrors functions/core/ratings.ts. */
export const LEVEL_NAMES = { 1: '非常满意', 2: '满意', 3: '基本满意', 4: '不满意', 5: '非常不满意' };
export const isBad = (level) => Number(level) >= 4;
// Limits and lists the API enforces (text length, reason tags, evidence size and types) are not
// copied here: the pages read them from GET /meta (loadRules below).
/** 办件编号: GB/T 39046 an..50 (functions/core/cases.ts). */
export const CASE_NUMBER_RE = /^[A-Za-z0-9_-]{1,50}$/;

export const ROLE_NAMES = { citizen: '市民', staff: '承办人', leader: '分管领导', supervisor: '监管人员', admin: '系统管理员', client: '集成客户端' };
export const CASE_STATUS = { accepted: '已受理', completed: '已办结', cancelled: '已撤销' };
export const ID_TYPES = { resident_id: '居民身份证', uscc: '统一社会信用代码', other: '其他证件' };

// ---------------------------------------------------------------- session

const SESSION_KEY = 'hcp.session';

function tokenExpired(token) {
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    return typeof payload.exp === 'number' && payload.exp * 1000 < Date.now() + 30_000;
  } catch {
    return true;
  }
}

/** The signed-in demo user `{ token, user }`, or null (none, unreadable or expired). */
export function getSession() {
  try {
    const s = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null');
    if (s && typeof s.token === 'string' && s.user && !tokenExpired(s.token)) return s;
  } catch {
    /* storage blocked or corrupt: treat as signed out */
  }
  clearSession();
  return null;
}
export function setSession(session) {
  try {
    sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  } catch {
    /* private mode without storage: the session lives only in this page */
  }
}
export function clearSession() {
  try {
    sessionStorage.removeItem(SESSION_KEY);
  } catch {
    /* ignore */
  }
}

/** Signs in as a demo user through the local stack's issuer. */
export async function demoSignIn(userId) {
  const out = await api('/auth/demo-token', { method: 'POST', body: { user: userId }, auth: false });
  setSession(out);
  return out;
}

// ---------------------------------------------------------------- API

/** An API answer that was not 2xx, normalised to the `{error:{code,message,issues}}` envelope. */
export class ApiError extends Error {
  constructor(status, code, message, issues = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.issues = issues;
  }
}

const FALLBACK_MESSAGES = {
  0: '网络连接失败，请检查网络后重试',
  401: '登录已失效，请重新登录',
  403: '当前身份无权执行此操作',
  404: '请求的内容不存在',
  413: '提交的内容过大',
  429: '请求过于频繁，请稍后再试',
};

/**
 * Calls the API on the same origin. Sends the session's bearer token unless `auth: false`.
 * Resolves with the parsed JSON body (plus `_status`); rejects with ApiError.
 */
export async function api(path, { method = 'GET', body, headers = {}, auth = true, query, signal } = {}) {
  const h = { accept: 'application/json', ...headers };
  if (body !== undefined) h['content-type'] = 'application/json';
  if (auth) {
    const s = getSession();
    if (s) h.authorization = `Bearer ${s.token}`;
  }
  let url = path;
  if (query) {
    const qs = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined && v !== null && v !== ''));
    if ([...qs].length) url += `?${qs}`;
  }
  let res;
  try {
    res = await fetch(url, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body), signal });
  } catch (e) {
    if (e?.name === 'AbortError') throw e;
    throw new ApiError(0, 'NETWORK', FALLBACK_MESSAGES[0]);
  }
  let json;
  try {
    json = await res.json();
  } catch {
    json = undefined;
  }
  if (res.ok) return Object.assign(json ?? {}, { _status: res.status });
  const err = json?.error;
  // The JWT authorizer answers 401 with `{message}` only, outside the error envelope.
  if (res.status === 401) throw new ApiError(401, 'UNAUTHENTICATED', FALLBACK_MESSAGES[401]);
  throw new ApiError(
    res.status,
    err?.code ?? `HTTP_${res.status}`,
    err?.message ?? json?.message ?? FALLBACK_MESSAGES[res.status] ?? (res.status >= 500 ? '服务器暂时无法处理，请稍后重试' : `请求失败（${res.status}）`),
    Array.isArray(err?.issues) ? err.issues : [],
  );
}

// ---------------------------------------------------------------- the API's rules (GET /meta)

let rulesPromise;
/**
 * The rules the API enforces, as `GET /meta` states them (rating text length and reason tags,
 * evidence size and types), fetched once per page load. Resolves null when they could not be
 * loaded (the next call tries again); the pages then leave the judging to the API.
 */
export function loadRules() {
  rulesPromise ??= api('/meta', { auth: false }).catch(() => {
    rulesPromise = undefined;
    return null;
  });
  return rulesPromise;
}

/** Bytes for people: `4 MiB`, `1.5 MiB`, `300 KiB`. */
export function fmtBytes(n) {
  const mib = n / 1024 / 1024;
  if (mib >= 1) return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB`;
  return `${Math.max(1, Math.round(n / 1024))} KiB`;
}
/** `PNG、JPEG 或 PDF`. */
export const orList = (items) => (items.length > 1 ? `${items.slice(0, -1).join('、')} 或 ${items.at(-1)}` : items.join(''));

// ---------------------------------------------------------------- error messages people can read

/** Rules named by the API's schema checks (zod); every other rule comes with a message written for people. */
const SCHEMA_RULES = new Set([
  'too_small',
  'too_big',
  'invalid_type',
  'invalid_value',
  'invalid_format',
  'invalid_union',
  'invalid_key',
  'invalid_element',
  'not_multiple_of',
  'unknown_field',
  'unrecognized_keys',
]);

/**
 * One issue of the API's error envelope (`{field, rule, message}`) in words for the person at
 * the form: the schema's own texts ("数值过小：期望 number >=1") are rephrased with the field's
 * label; a path or query parameter the page itself built means the page is out of date.
 */
export function friendlyIssue(issue, label) {
  const field = String(issue?.field ?? '');
  const rule = issue?.rule;
  const raw = String(issue?.message ?? '');
  if (/^(path|query)(\.|$)/.test(field)) return '页面上的信息已过期，请刷新页面后重试';
  if (!SCHEMA_RULES.has(rule)) return raw || '填写的内容有误';
  const what = label || '填写的内容';
  const n = /[<>]=?\s*(\d+)/.exec(raw)?.[1];
  const text = /string|字符/.test(raw);
  switch (rule) {
    case 'too_small':
      if (text) return n && n !== '1' ? `${what}至少需要 ${n} 个字` : `请填写${what}`;
      return n ? `${what}不能小于 ${n}` : `${what}不符合要求`;
    case 'too_big':
      if (text) return n ? `${what}不能超过 ${n} 个字` : `${what}过长`;
      if (/array|项/.test(raw)) return n ? `${what}最多 ${n} 项` : `${what}过多`;
      return n ? `${what}不能大于 ${n}` : `${what}不符合要求`;
    case 'invalid_type':
      return /undefined|null/.test(raw) ? `请填写${what}` : `${what}格式不正确`;
    case 'invalid_value':
      return `请重新选择${what}`;
    case 'unknown_field':
    case 'unrecognized_keys':
      return '页面版本已过期，请刷新页面后重试';
    default:
      return `${what}格式不正确`;
  }
}

/** The message of a failed call for a page: friendly issues for a 400, the API's own message otherwise. */
export function friendlyMessage(e) {
  if (!(e instanceof ApiError)) return e?.message || '操作失败，请稍后重试';
  if (e.status === 400) return e.issues?.length ? [...new Set(e.issues.map((i) => friendlyIssue(i)))].join('；') : '提交的内容有误，请检查后重试';
  if (e.status === 413) return FALLBACK_MESSAGES[413];
  return e.message;
}

/** A UUID v4 for Idempotency-Key; crypto.randomUUID needs a secure context, phones on plain HTTP may lack it. */
export function uuid() {
  if (globalThis.crypto?.randomUUID) {
    try {
      return crypto.randomUUID();
    } catch {
      /* insecure context */
    }
  }
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// ---------------------------------------------------------------- DOM

/**
 * Builds an element. `attrs`: `class`, `text`, `on{Event}` handlers, `dataset`, booleans
 * (true sets, false omits), anything else as an attribute. Children: nodes, strings, arrays, null.
 */
export function h(tag, attrs = {}, ...children) {
  const svg = tag.startsWith('svg:');
  const el = svg ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.setAttribute('class', Array.isArray(v) ? v.filter(Boolean).join(' ') : v);
    else if (k === 'text') el.textContent = String(v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2).toLowerCase(), v);
    else if (k in el && !svg && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}
/** Appends children like h() does: nodes, strings, arrays; null/undefined/false are skipped. */
export function add(el, ...children) {
  append(el, children);
  return el;
}
function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}
export const $ = (sel, root = document) => root.querySelector(sel);
export const clear = (el) => {
  el.replaceChildren();
  return el;
};

/** A face icon for a satisfaction level (1 big smile … 5 big frown). */
export function face(level, size = 36) {
  const mouths = { 1: 'M11 21 Q18 29 25 21', 2: 'M12 22 Q18 26 24 22', 3: 'M12 23 L24 23', 4: 'M12 25 Q18 20 24 25', 5: 'M11 26 Q18 18 25 26' };
  return h(
    'svg:svg',
    { viewBox: '0 0 36 36', width: size, height: size, 'aria-hidden': 'true', focusable: 'false', class: `face face-${level}` },
    h('svg:circle', { cx: 18, cy: 18, r: 16, class: 'face-bg' }),
    h('svg:circle', { cx: 12.5, cy: 14, r: 2, class: 'face-fg' }),
    h('svg:circle', { cx: 23.5, cy: 14, r: 2, class: 'face-fg' }),
    h('svg:path', { d: mouths[level], class: 'face-mouth' }),
  );
}

/** A coloured badge with the GB level name. */
export const levelBadge = (level, name) => h('span', { class: `badge level-${level}` }, name ?? LEVEL_NAMES[level] ?? String(level));
/**
 * What kind of rating it is, when not an ordinary one: 已作废 for one voided by an upheld appeal
 * (`voided: true`), 默认好评 for the system's default rating (channel `default`, `active: false`).
 */
export const ratingStatus = (r) => (r?.voided ? '已作废' : r?.channel === 'default' || r?.active === false ? '默认好评' : null);
export function ratingStatusBadge(r) {
  const s = ratingStatus(r);
  return s ? h('span', { class: `badge rating-${r.voided ? 'voided' : 'default'}` }, s) : null;
}

// ---------------------------------------------------------------- formatting

const TIME_FMT = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const DATE_FMT = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
const parts = (fmt, d) => Object.fromEntries(fmt.formatToParts(d).map((p) => [p.type, p.value]));

/** `YYYY-MM-DD HH:mm` in Beijing time; '—' for nothing. */
export function fmtTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const p = parts(TIME_FMT, d);
  return `${p.year}-${p.month}-${p.day} ${p.hour === '24' ? '00' : p.hour}:${p.minute}`;
}
export function fmtDate(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const p = parts(DATE_FMT, d);
  return `${p.year}-${p.month}-${p.day}`;
}
/** Today's date in Asia/Shanghai, `YYYY-MM-DD`. */
export const shanghaiToday = () => fmtDate(new Date().toISOString());
