/**
 * The hall pad's service worker, so a pad that reloads (or restarts) while the network is
 * down still comes up: `vite build` turns this file into `/pad-sw.js` (web/build/pad-sw-plugin.ts),
 * prefixed with `PAD_SW` = the cache version and the pad page's built files. Registered by
 * the pad page only, with scope `/pad.html`, so no other page is ever served by it.
 *
 * - install: caches the pad page, its JS/CSS chunks and icon (all or nothing), and `/config.json`
 *   when it can; activate: deletes the caches of earlier versions, takes over open pads.
 * - The pad page (navigation) and `/config.json`: network first (a fresh deploy is picked up at
 *   once), the cached copy when the network fails or hangs.
 * - The built chunks: from the cache (their names carry a content hash), else the network.
 * - `GET …/meta` without a token (the public rules: levels and reason tags): network first,
 *   cached for offline starts.
 * - Everything else, and any request carrying `Authorization`, is not touched: authenticated
 *   answers are never cached here (the pad keeps what it needs itself), uploads go straight out.
 *
 * This file must stay free of imports (it is transpiled, not bundled) and is a module only for
 * the type checker; the plugin strips the `export {}`.
 */
declare const PAD_SW: { version: string; precache: string[] };

/** The few worker types used here (the app is type-checked with the DOM library, not WebWorker). */
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface WorkerScope {
  readonly location: { readonly origin: string };
  readonly caches: CacheStorage;
  fetch(request: Request | string): Promise<Response>;
  skipWaiting(): Promise<void>;
  readonly clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', listener: (e: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (e: FetchEvent) => void): void;
}

const sw = self as unknown as WorkerScope;
const PREFIX = 'pad-';
const CACHE = `${PREFIX}${PAD_SW.version}`;
const PAGE = '/pad.html';
const CONFIG = '/config.json';
/** A network that neither answers nor fails (a dead uplink) is given up on after this long. */
const NETWORK_MS = 4000;
const precached = new Set(PAD_SW.precache);

sw.addEventListener('install', (e) => {
  e.waitUntil(
    (async () => {
      const cache = await sw.caches.open(CACHE);
      await cache.addAll([PAGE, ...PAD_SW.precache]);
      // Configuration is served by the stack, not built: best effort here, refreshed on each online start.
      await cache.add(CONFIG).catch(() => undefined);
      await sw.skipWaiting();
    })(),
  );
});

sw.addEventListener('activate', (e) => {
  e.waitUntil(
    (async () => {
      for (const name of await sw.caches.keys()) if (name.startsWith(PREFIX) && name !== CACHE) await sw.caches.delete(name);
      await sw.clients.claim();
    })(),
  );
});

/** The network's answer (kept in the cache under `key` when it is a good one), else the cached copy. */
async function networkFirst(request: Request, key: string): Promise<Response> {
  const cache = await sw.caches.open(CACHE);
  try {
    const res = await Promise.race([sw.fetch(request), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('network timeout')), NETWORK_MS))]);
    if (res.ok && !res.redirected) await cache.put(key, res.clone());
    return res;
  } catch (error) {
    const cached = await cache.match(key);
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request: Request, key: string): Promise<Response> {
  const cache = await sw.caches.open(CACHE);
  const cached = await cache.match(key);
  if (cached) return cached;
  const res = await sw.fetch(request);
  if (res.ok) await cache.put(key, res.clone());
  return res;
}

sw.addEventListener('fetch', (e) => {
  const req = e.request;
  if (req.method !== 'GET' || req.headers.has('authorization')) return;
  const url = new URL(req.url);
  const own = url.origin === sw.location.origin;
  if (req.mode === 'navigate') {
    if (own && url.pathname === PAGE) e.respondWith(networkFirst(req, PAGE));
  } else if (own && precached.has(url.pathname)) e.respondWith(cacheFirst(req, url.pathname));
  else if (own && url.pathname === CONFIG) e.respondWith(networkFirst(req, CONFIG));
  else if (url.pathname.endsWith('/meta') && !url.search) e.respondWith(networkFirst(req, url.href));
});

export {};
