import { ref, type Ref, watch } from 'vue';
import { ApiError, api, type ResponseOf } from '../../../api/client.js';

export type CaseItem = ResponseOf<'/cases', 'get'>['items'][number];
export type RatingItem = ResponseOf<'/ratings', 'get'>['items'][number];
export type Tab = 'cases' | 'ratings';

/** Rows a "加载更多" adds at least (a ratings page may hold none while `next` goes on: read on until this many or the end). */
const PAGE = 50;

/**
 * One unit's cases (办件, applicant as the API discloses it: ID numbers always masked) or its
 * ratings, newest first, paged from the server: `loadMore` reads the next page(s). Staff and
 * leaders read their own unit (`unitId` empty); supervisors and admins name one.
 */
export function useUnitRecords(tab: Ref<Tab>, unitId: Ref<string | undefined>) {
  const cases = ref<CaseItem[]>([]);
  const ratings = ref<RatingItem[]>([]);
  const next = ref<string>();
  const done = ref(false);
  const loading = ref(false);
  const error = ref('');

  async function loadMore() {
    if (done.value || loading.value) return;
    loading.value = true;
    const want = tab.value;
    try {
      let added = 0;
      do {
        const query = { limit: PAGE, cursor: next.value, ...(unitId.value ? { unitId: unitId.value } : {}) };
        const page = want === 'cases' ? await api.get('/cases', { query }) : await api.get('/ratings', { query });
        if (want !== tab.value) return; // the tab changed meanwhile: its own load runs
        if (want === 'cases') cases.value = [...cases.value, ...(page.items as CaseItem[])];
        else ratings.value = [...ratings.value, ...(page.items as RatingItem[])];
        added += page.items.length;
        next.value = page.next;
        done.value = !page.next;
      } while (!done.value && added < PAGE);
      error.value = '';
    } catch (e) {
      error.value = e instanceof ApiError ? e.message : String(e);
    } finally {
      loading.value = false;
    }
  }

  function reset() {
    cases.value = [];
    ratings.value = [];
    next.value = undefined;
    done.value = false;
    error.value = '';
    loading.value = false;
  }
  watch(
    [tab, unitId],
    () => {
      reset();
      loadMore();
    },
    { immediate: true },
  );

  return { cases, ratings, done, loading, error, loadMore };
}
