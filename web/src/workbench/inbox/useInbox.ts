import { computed, onBeforeUnmount, onMounted, ref, type Ref } from 'vue';
import { ApiError, api } from '../../api/client.js';
import { type BadReviewItem, badReviewRow, byUrgency, type ComplaintItem, complaintRow, type Filters, type InboxRow, matches } from './rows.js';

/** A page of the lists: the API's largest. */
const PAGE = 200;
/** Open items read at most (a unit has tens; a city-wide admin list stops here and says so). */
const MAX_OPEN = 2000;
/** Closed history: read from the server page by page, on demand. */
const HISTORY_PAGE = 50;
const REFRESH_MS = 60_000;

type Cursor = string | undefined;

/**
 * The inbox's data. How paging and filtering combine:
 * - Open items (bad reviews and complaints, `filter=open`) are read whole, all pages, on
 *   load and every minute: a unit has tens of them, so the case-number search, date range,
 *   status (open/overdue/escalated), level and step filter them here, at once, without a
 *   request per keystroke; overdue counts the live countdown too.
 * - Closed history is long and only wanted now and then: with status 闭结 (or when asked),
 *   it is read from the server in pages (`filter=all`, 50 of each kind a page, "加载更多"),
 *   and the same local filters apply to what has been read so far.
 */
export function useInbox(filters: Ref<Filters>, now: Ref<number>) {
  const open = ref<InboxRow[]>([]);
  const history = ref<InboxRow[]>([]);
  const historyNext = ref<{ badReviews: Cursor; complaints: Cursor } | null>(null);
  const loading = ref(false);
  const error = ref('');
  const truncated = ref(false);
  const updatedAt = ref<number>();

  async function readAll<T>(read: (cursor: Cursor) => Promise<{ items: T[]; next?: string }>): Promise<T[]> {
    const out: T[] = [];
    let cursor: Cursor;
    do {
      const page = await read(cursor);
      out.push(...page.items);
      cursor = page.next;
    } while (cursor && out.length < MAX_OPEN);
    if (cursor) truncated.value = true;
    return out;
  }

  async function loadOpen(silent = false) {
    if (!silent) loading.value = true;
    try {
      const [reviews, complaints] = await Promise.all([
        readAll<BadReviewItem>((cursor) => api.get('/bad-reviews', { query: { filter: 'open', limit: PAGE, cursor } })),
        readAll<ComplaintItem>((cursor) => api.get('/complaints', { query: { filter: 'open', limit: PAGE, cursor } })),
      ]);
      const at = Date.now();
      open.value = [...reviews.map((b) => badReviewRow(b, at)), ...complaints.map((c) => complaintRow(c, at))];
      updatedAt.value = at;
      error.value = '';
    } catch (e) {
      error.value = e instanceof ApiError ? e.message : String(e);
    } finally {
      loading.value = false;
    }
  }

  /** The next page of closed history (both kinds); the first call starts from the newest. */
  async function loadHistory() {
    const from = historyNext.value ?? { badReviews: undefined, complaints: undefined };
    const first = historyNext.value === null;
    loading.value = true;
    try {
      const [b, c] = await Promise.all([
        first || from.badReviews
          ? api.get('/bad-reviews', { query: { filter: 'all', limit: HISTORY_PAGE, cursor: from.badReviews } })
          : { items: [], next: undefined },
        first || from.complaints
          ? api.get('/complaints', { query: { filter: 'all', limit: HISTORY_PAGE, cursor: from.complaints } })
          : { items: [], next: undefined },
      ]);
      const at = Date.now();
      const closed = [...b.items.map((x) => badReviewRow(x, at)), ...c.items.map((x) => complaintRow(x, at))].filter((r) => !r.open);
      const seen = new Set(history.value.map((r) => r.id));
      history.value = [...history.value, ...closed.filter((r) => !seen.has(r.id))];
      historyNext.value = { badReviews: b.next, complaints: c.next };
      error.value = '';
    } catch (e) {
      error.value = e instanceof ApiError ? e.message : String(e);
    } finally {
      loading.value = false;
    }
  }

  const moreHistory = computed(() => historyNext.value === null || !!historyNext.value.badReviews || !!historyNext.value.complaints);
  const rows = computed(() => {
    const all = filters.value.status === 'closed' ? history.value : open.value;
    return all.filter((r) => matches(r, filters.value, now.value)).sort(byUrgency(now.value));
  });
  /** The steps the loaded rows are in, for the step filter. */
  const steps = computed(() => [...new Set([...open.value, ...history.value].map((r) => r.stepName))].sort());

  let timer: ReturnType<typeof setInterval> | undefined;
  onMounted(() => {
    loadOpen();
    timer = setInterval(() => loadOpen(true), REFRESH_MS);
  });
  onBeforeUnmount(() => clearInterval(timer));

  return { rows, steps, loading, error, truncated, updatedAt, moreHistory, historyLoaded: computed(() => historyNext.value !== null), loadOpen, loadHistory };
}
