import { computed, onMounted, onUnmounted, ref } from 'vue';
import { ApiError, api } from '../../../api/client.js';
import { catalogName } from '../../layout/catalogName.js';
import { type BadReviewOrder, type ComplaintOrder, mergeOrders, type OrderRow } from './orders.js';

const PAGE = 200;
const MAX_PAGES = 10;

/** Every page of one list (the API pages by case; at most MAX_PAGES pages of PAGE). */
async function readAll<T>(read: (cursor: string | undefined) => Promise<{ items: T[]; next?: string }>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < MAX_PAGES; pages++) {
    const page = await read(cursor);
    items.push(...page.items);
    cursor = page.next;
    if (!cursor) break;
  }
  return items;
}

/** The API's message; a refused path or query (the page's state is older than the server's) in words, not the schema's. */
const messageOf = (e: unknown) =>
  e instanceof ApiError
    ? e.issues.some((i) => /^(path|query)(\.|$)/.test(i.field))
      ? '页面上的信息已过期，请刷新页面后重试'
      : e.message
    : '操作失败，请稍后重试';

/**
 * The 任务交办单 page's state: both lists (bad reviews' and complaints') as one by deadline,
 * unit names, loading and error, and the unit's two actions (签收, 办结 with a note). After
 * an action the list is read again, so states and allowed actions stay the server's.
 */
export function useTaskOrders(status: () => 'open' | 'all') {
  const orders = ref<OrderRow[]>([]);
  const unitNames = ref<Record<string, string>>({});
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref('');
  /** The last action's outcome, announced in a status line (`ok`) or an alert. */
  const outcome = ref<{ ok: boolean; text: string } | null>(null);
  const busy = ref<string | null>(null);
  /** Field issues of the 办结 note, by order key. */
  const noteErrors = ref<Record<string, string>>({});

  async function load() {
    loading.value = true;
    try {
      const query = (cursor: string | undefined) => ({ status: status(), limit: PAGE, ...(cursor ? { cursor } : {}) });
      const [bad, complaints] = await Promise.all([
        readAll<BadReviewOrder>((cursor) => api.get('/task-orders', { query: query(cursor) })),
        readAll<ComplaintOrder>((cursor) => api.get('/complaint-task-orders', { query: query(cursor) })),
      ]);
      orders.value = mergeOrders(bad, complaints);
      error.value = '';
      loaded.value = true;
      for (const unitId of new Set(orders.value.map((o) => o.unitId)))
        if (!unitNames.value[unitId]) void catalogName('units', unitId).then((name) => name && (unitNames.value = { ...unitNames.value, [unitId]: name }));
    } catch (e) {
      error.value = messageOf(e);
    } finally {
      loading.value = false;
    }
  }

  async function act(o: OrderRow, what: 'acknowledge' | 'complete', note?: string): Promise<boolean> {
    busy.value = o.key;
    outcome.value = null;
    const { [o.key]: _, ...rest } = noteErrors.value;
    noteErrors.value = rest;
    const path = { n: o.n };
    const body = { note: note?.trim() || undefined };
    try {
      if (o.source === 'bad-reviews') {
        const p = { ...path, reviewId: o.caseId };
        if (what === 'acknowledge') await api.post('/bad-reviews/{reviewId}/task-orders/{n}/acknowledge', { path: p });
        else await api.post('/bad-reviews/{reviewId}/task-orders/{n}/complete', { path: p, body });
      } else {
        const p = { ...path, complaintId: o.caseId };
        if (what === 'acknowledge') await api.post('/complaints/{complaintId}/task-orders/{n}/acknowledge', { path: p });
        else await api.post('/complaints/{complaintId}/task-orders/{n}/complete', { path: p, body });
      }
      outcome.value = { ok: true, text: `${what === 'acknowledge' ? '已签收' : '已办结'}任务交办单 #${o.n}（办件 ${o.caseNumber}）` };
      await load();
      return true;
    } catch (e) {
      const issue = e instanceof ApiError ? e.issueFor('note') : undefined;
      if (issue) noteErrors.value = { ...noteErrors.value, [o.key]: issue };
      outcome.value = { ok: false, text: `任务交办单 #${o.n}（办件 ${o.caseNumber}）：${messageOf(e)}` };
      return false;
    } finally {
      busy.value = null;
    }
  }

  // Others act too (a colleague signs, the workflow issues one): read again every 30 s.
  let timer: ReturnType<typeof setInterval> | undefined;
  onMounted(() => {
    void load();
    timer = setInterval(() => !busy.value && void load(), 30_000);
  });
  onUnmounted(() => clearInterval(timer));

  const counts = computed(() => ({ total: orders.value.length, open: orders.value.filter((o) => o.status !== 'completed').length }));
  const unitName = (unitId: string) => unitNames.value[unitId] ?? unitId;
  return { orders, counts, loading, loaded, error, outcome, busy, noteErrors, load, act, unitName };
}
