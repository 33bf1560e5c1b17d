import { ref, watch } from 'vue';
import type { ResponseOf } from '../api/client.js';
import { loadConfig } from '../config.js';
import { type Period, parsePeriod, periodQuery } from './period.js';

export type Disclosure = ResponseOf<'/public/disclosure', 'get'>;

/** What the page says when the API says no: its message, and whether the region or unit was not found. */
export class LoadError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The public API only: no sign-in, no token, never anything but `GET /public/disclosure`.
 * A plain fetch rather than the app's client, which brings the sign-in library along
 * (about 15 KB gzipped that this page never needs); the answer's type is still the route's.
 */
export async function fetchDisclosure(query: Record<string, string>): Promise<Disclosure> {
  const base = (await loadConfig()).apiBaseUrl;
  let res: Response;
  try {
    res = await fetch(`${base}/public/disclosure?${new URLSearchParams(query)}`, { headers: { accept: 'application/json' } });
  } catch {
    throw new LoadError(0, '网络连接失败，请检查网络后重试');
  }
  const json = (await res.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
  if (!res.ok) throw new LoadError(res.status, json?.error?.message ?? `加载失败（${res.status}），请稍后重试`);
  return json as Disclosure;
}

export const shanghaiToday = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

/** What the page shows, kept in the URL (`?region=` or `?unit=`, `&p=` the period) so a view can be shared and Back works. */
export interface View {
  region: string;
  unit: string;
  period: Period;
}
export function readView(search: string, today: string): View {
  const q = new URLSearchParams(search);
  return { region: q.get('region') ?? '', unit: q.get('unit') ?? '', period: parsePeriod(q.get('p'), today) };
}
export function viewSearch(v: Partial<View>, today: string): string {
  const q = new URLSearchParams();
  if (v.unit) q.set('unit', v.unit);
  else if (v.region) q.set('region', v.region);
  if (v.period && !(v.period.kind === 'month' && v.period.value === today.slice(0, 7))) q.set('p', v.period.value);
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function useDisclosure() {
  const today = shanghaiToday();
  const view = ref<View>(readView(location.search, today));
  const data = ref<Disclosure | null>(null);
  const loading = ref(false);
  const error = ref<LoadError | null>(null);
  let seq = 0;

  async function load(v: View) {
    const mine = ++seq;
    if (!v.region && !v.unit) {
      data.value = null;
      return;
    }
    loading.value = true;
    error.value = null;
    try {
      const scope: Record<string, string> = v.unit ? { unitId: v.unit } : { regionCode: v.region };
      const answer = await fetchDisclosure({ ...scope, ...periodQuery(v.period) });
      if (mine === seq) data.value = answer;
    } catch (e) {
      if (mine === seq) {
        data.value = null;
        error.value = e instanceof LoadError ? e : new LoadError(0, String(e));
      }
    } finally {
      if (mine === seq) loading.value = false;
    }
  }
  watch(view, load, { immediate: true, deep: true });

  /** Moves to another view (a link's click): a history entry, then the new figures. */
  function go(next: Partial<View>) {
    const v = { ...view.value, ...next };
    if (next.region) v.unit = '';
    history.pushState(null, '', location.pathname + viewSearch(v, today));
    view.value = v;
  }
  window.addEventListener('popstate', () => (view.value = readView(location.search, today)));
  return {
    view,
    data,
    loading,
    error,
    go,
    today,
    href: (v: Partial<View>) => location.pathname + viewSearch({ ...view.value, ...v, ...(v.region ? { unit: '' } : {}) }, today),
  };
}
