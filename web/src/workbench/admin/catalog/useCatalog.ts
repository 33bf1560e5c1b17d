import { ref, watch, type Ref } from 'vue';
import { type ApiError, api } from '../../../api/client.js';
import { type CatalogKind, type CatalogRecord, KINDS } from './kinds.js';

/** One kind's records, a page at a time (加载更多), narrowed by the filter; reloads when either changes. */
export function useCatalog(kind: Ref<CatalogKind>, filter: Ref<string>) {
  const items = ref<CatalogRecord[]>([]);
  const next = ref<string | undefined>();
  const loading = ref(false);
  const error = ref<ApiError | null>(null);
  let seq = 0;

  async function load(more = false) {
    const mine = ++seq;
    loading.value = true;
    error.value = null;
    try {
      const f = filter.value.trim();
      const page = await api.get('/catalog/{kind}', {
        path: { kind: kind.value },
        query: { limit: 50, ...(f ? { prefix: KINDS[kind.value].toPrefix(f) } : {}), ...(more && next.value ? { cursor: next.value } : {}) },
      });
      if (mine !== seq) return;
      items.value = more ? [...items.value, ...(page.items as CatalogRecord[])] : (page.items as CatalogRecord[]);
      next.value = page.next;
    } catch (e) {
      if (mine === seq) error.value = e as ApiError;
    } finally {
      if (mine === seq) loading.value = false;
    }
  }
  watch([kind, filter], () => load(), { immediate: true });
  return { items, next, loading, error, reload: () => load(), more: () => load(true) };
}
