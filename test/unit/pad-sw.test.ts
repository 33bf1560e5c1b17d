import { describe, expect, it } from 'vitest';
import { buildPadWorker, padFiles } from '../../web/build/pad-sw-plugin.js';

/**
 * The hall pad's service worker as built (web/src/pad/sw.ts through the build plugin), run
 * against an in-memory Cache Storage and a network that is up or down.
 */
const ORIGIN = 'https://pad.test';
const PRECACHE = ['/assets/pad-1.js', '/assets/client-2.js', '/assets/pad-3.css'];

type Listener = (e: unknown) => void;
interface FakeRequest {
  method: string;
  url: string;
  mode: string;
  headers: Headers;
}

/** Cache Storage with string keys (absolute URLs), enough for the worker. */
function memoryCaches(network: (url: string) => Promise<Response>) {
  const stores = new Map<string, Map<string, Response>>();
  const abs = (k: string | FakeRequest) => new URL(typeof k === 'string' ? k : k.url, ORIGIN).href;
  const open = (name: string) => {
    let s = stores.get(name);
    if (!s) stores.set(name, (s = new Map()));
    const store = s;
    return {
      async match(k: string) {
        return store.get(abs(k))?.clone();
      },
      async put(k: string, res: Response) {
        store.set(abs(k), res);
      },
      async add(k: string) {
        const res = await network(abs(k));
        if (!res.ok) throw new TypeError(`HTTP ${res.status}`);
        store.set(abs(k), res);
      },
      async addAll(keys: string[]) {
        const got = await Promise.all(keys.map(async (k) => [abs(k), await network(abs(k))] as const));
        if (got.some(([, r]) => !r.ok)) throw new TypeError('addAll: a request failed');
        for (const [k, r] of got) store.set(k, r);
      },
    };
  };
  return {
    stores,
    api: {
      open: async (name: string) => open(name),
      keys: async () => [...stores.keys()],
      delete: async (name: string) => stores.delete(name),
    },
  };
}

async function startWorker() {
  const net = { up: true, calls: [] as string[], pages: 0 };
  const network = async (url: string) => {
    const path = new URL(url).pathname;
    net.calls.push(path);
    if (!net.up) throw new TypeError('Failed to fetch');
    if (path === '/pad.html') return new Response(`page v${++net.pages}`, { status: 200 });
    if (path === '/config.json') return Response.json({ apiBaseUrl: 'https://api.test' });
    if (path === '/meta') return Response.json({ rating: { tagsByChannel: { pad: ['服务态度'] } } });
    return new Response(`file ${path}`);
  };
  const caches = memoryCaches(network);
  const listeners = new Map<string, Listener>();
  const scope = {
    location: { origin: ORIGIN },
    caches: caches.api,
    fetch: (r: FakeRequest | string) => network(typeof r === 'string' ? new URL(r, ORIGIN).href : r.url),
    skipped: false,
    claimed: false,
    skipWaiting: async () => {
      scope.skipped = true;
    },
    clients: {
      claim: async () => {
        scope.claimed = true;
      },
    },
    addEventListener: (type: string, l: Listener) => listeners.set(type, l),
  };
  const code = await buildPadWorker(PRECACHE, '<html>pad</html>');
  new Function('self', `${code}`)(scope);

  /** Runs a lifecycle event to its end. */
  const lifecycle = async (type: 'install' | 'activate') => {
    const waits: Promise<unknown>[] = [];
    listeners.get(type)?.({ waitUntil: (p: Promise<unknown>) => waits.push(p) });
    await Promise.all(waits);
  };
  /** A fetch as the page makes it: the worker's answer, or `undefined` when it lets the browser go to the network itself. */
  const request = async (path: string, init: { method?: string; mode?: string; auth?: boolean } = {}) => {
    let answer: Promise<Response> | undefined;
    const headers = new Headers(init.auth ? { authorization: 'Bearer T' } : {});
    const req: FakeRequest = { method: init.method ?? 'GET', url: new URL(path, ORIGIN).href, mode: init.mode ?? 'cors', headers };
    listeners.get('fetch')?.({ request: req, respondWith: (p: Promise<Response>) => (answer = p) });
    return answer ? await (await answer).text() : undefined;
  };
  const version = /"version":"([0-9a-f]+)"/.exec(code)?.[1];
  return { net, caches, scope, lifecycle, request, cacheName: `pad-${version}` };
}

describe('pad service worker', () => {
  it('precaches the page, its built files and the configuration, and drops earlier versions on activate', async () => {
    // Arrange
    const w = await startWorker();
    w.caches.stores.set('pad-0123456789ab', new Map());
    w.caches.stores.set('someone-else', new Map());

    // Act
    await w.lifecycle('install');
    await w.lifecycle('activate');

    // Assert
    expect([...w.caches.stores.keys()].sort()).toEqual([w.cacheName, 'someone-else'].sort());
    expect([...(w.caches.stores.get(w.cacheName)?.keys() ?? [])].sort()).toEqual(
      ['/assets/client-2.js', '/assets/pad-1.js', '/assets/pad-3.css', '/config.json', '/pad.html'].map((p) => ORIGIN + p),
    );
    expect(w.scope.skipped && w.scope.claimed).toBe(true);
  });

  it('serves the pad page and the configuration from the network while it answers, from the cache when it does not', async () => {
    // Arrange
    const w = await startWorker();
    await w.lifecycle('install'); // page v1 cached

    // Act + Assert: online, a reload gets the fresh page (and the cache keeps it)
    expect(await w.request('/pad.html?x=1', { mode: 'navigate' })).toBe('page v2');
    w.net.up = false;
    expect(await w.request('/pad.html', { mode: 'navigate' })).toBe('page v2');
    expect(JSON.parse((await w.request('/config.json')) ?? '')).toEqual({ apiBaseUrl: 'https://api.test' });
    expect(await w.request('/assets/pad-1.js')).toBe('file /assets/pad-1.js');
  });

  it('takes the built chunks from the cache without asking the network', async () => {
    const w = await startWorker();
    await w.lifecycle('install');
    w.net.calls.length = 0;
    expect(await w.request('/assets/client-2.js')).toBe('file /assets/client-2.js');
    expect(w.net.calls).toEqual([]);
  });

  it('keeps the public rules (GET /meta) for offline starts, network first', async () => {
    const w = await startWorker();
    await w.lifecycle('install');
    expect(await w.request('https://api.test/meta')).toContain('服务态度');
    w.net.up = false;
    expect(await w.request('https://api.test/meta')).toContain('服务态度');
  });

  it('leaves alone uploads, requests with a token and other pages: nothing authenticated is cached', async () => {
    // Arrange
    const w = await startWorker();
    await w.lifecycle('install');

    // Act + Assert
    expect(await w.request('https://api.test/ratings/batch', { method: 'POST' })).toBeUndefined();
    expect(await w.request('https://api.test/windows/V-CITY/W01/current-case', { auth: true })).toBeUndefined();
    expect(await w.request('https://api.test/meta', { auth: true })).toBeUndefined();
    expect(await w.request('/rate.html', { mode: 'navigate' })).toBeUndefined();
    expect(await w.request('/assets/rate-9.js')).toBeUndefined();
    const cached = [...(w.caches.stores.get(w.cacheName)?.keys() ?? [])];
    expect(cached.filter((k) => k.includes('api.test'))).toEqual([]);
  });

  it('fails like the network when it is down and nothing was cached', async () => {
    const w = await startWorker();
    w.net.up = false;
    await expect(w.request('https://api.test/meta')).rejects.toThrow('Failed to fetch');
  });
});

describe('pad service worker build', () => {
  const chunk = (fileName: string, name: string, isEntry: boolean, imports: string[] = [], dynamicImports: string[] = [], css: string[] = []) => ({
    type: 'chunk' as const,
    fileName,
    name,
    isEntry,
    imports,
    dynamicImports,
    viteMetadata: { importedCss: new Set(css), importedAssets: new Set<string>() },
  });
  const html = (source: string) => ({ type: 'asset' as const, fileName: 'pad.html', source });

  it('lists what pad.html references and every chunk the pad entry imports, and nothing of the other pages', () => {
    // Arrange: the shapes Vite hands to generateBundle
    const bundle = {
      'pad.html': html('<link rel="icon" href="/assets/favicon-a.svg"><script type="module" src="/assets/pad-b.js"></script>'),
      'rate.html': html('<script type="module" src="/assets/rate-c.js"></script>'),
      'assets/favicon-a.svg': { type: 'asset' as const, fileName: 'assets/favicon-a.svg', source: '<svg/>' },
      'assets/pad-b.js': chunk('assets/pad-b.js', 'pad', true, ['assets/client-d.js'], ['assets/lazy-e.js'], ['assets/pad-f.css']),
      'assets/client-d.js': chunk('assets/client-d.js', 'client', false, ['assets/pad-b.js']),
      'assets/lazy-e.js': chunk('assets/lazy-e.js', 'lazy', false),
      'assets/rate-c.js': chunk('assets/rate-c.js', 'rate', true, ['assets/client-d.js']),
    };

    // Act + Assert
    expect(padFiles(bundle)).toEqual(['/assets/client-d.js', '/assets/favicon-a.svg', '/assets/lazy-e.js', '/assets/pad-b.js', '/assets/pad-f.css']);
    expect(() => padFiles({ 'rate.html': bundle['rate.html'] })).toThrow('pad.html is not in the build');
  });

  it('gives each build that changes the page or its files a cache version of its own', async () => {
    const version = async (precache: string[], page: string) => /"version":"([0-9a-f]+)"/.exec(await buildPadWorker(precache, page))?.[1];
    const base = await version(['/assets/pad-1.js'], '<html>1</html>');
    expect(await version(['/assets/pad-1.js'], '<html>1</html>')).toBe(base);
    expect(await version(['/assets/pad-2.js'], '<html>1</html>')).not.toBe(base);
    expect(await version(['/assets/pad-1.js'], '<html>2</html>')).not.toBe(base);
  });
});
