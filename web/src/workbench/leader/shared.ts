import { onMounted, onUnmounted, ref } from 'vue';
import { api } from '../../api/client.js';

/** The current time (ms), ticking every second while the page is mounted: live countdowns. */
export function useNow(everyMs = 1000) {
  const now = ref(Date.now());
  let timer: ReturnType<typeof setInterval> | undefined;
  onMounted(() => {
    timer = setInterval(() => (now.value = Date.now()), everyMs);
  });
  onUnmounted(() => clearInterval(timer));
  return now;
}

/** Whether the screen is phone-sized (the same line as the stylesheets' `@media (max-width: 768px)`). */
export function usePhone() {
  const query = typeof matchMedia === 'function' ? matchMedia('(max-width: 768px)') : undefined;
  const phone = ref(query?.matches ?? false);
  const update = (e: MediaQueryListEvent) => (phone.value = e.matches);
  onMounted(() => query?.addEventListener('change', update));
  onUnmounted(() => query?.removeEventListener('change', update));
  return phone;
}

type CatalogKind = 'units' | 'items' | 'regions';
const names = new Map<string, Promise<string | undefined>>();

/**
 * The catalog's name of a unit, service item or region (GET /catalog/{kind}/{key}), read once
 * per page load; undefined when the catalog does not have it or cannot be read (the page then
 * shows the code).
 */
export function catalogName(kind: CatalogKind, key: string | undefined): Promise<string | undefined> {
  if (!key) return Promise.resolve(undefined);
  const id = `${kind}/${key}`;
  let found = names.get(id);
  if (!found) {
    found = api
      .get('/catalog/{kind}/{key}', { path: { kind, key } })
      .then((r) => {
        const name = (r as { name?: unknown } | undefined)?.name;
        return typeof name === 'string' ? name : undefined;
      })
      .catch(() => undefined);
    names.set(id, found);
  }
  return found;
}
