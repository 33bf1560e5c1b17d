import { ref } from 'vue';
import { ApiError, api, type ResponseOf } from '../../../api/client.js';

export type NoticeList = ResponseOf<'/notice-list', 'get'>;
export type ComplaintNoticeList = ResponseOf<'/complaint-notice-list', 'get'>;
export type Commendations = ResponseOf<'/commendation-list', 'get'>;

/** Entries grouped per unit (a unit escalated on several cases is one line with its cases). */
export function byUnit<T extends { unitId: string }>(items: readonly T[]) {
  const out = new Map<string, T[]>();
  for (const e of items) out.set(e.unitId, [...(out.get(e.unitId) ?? []), e]);
  return [...out.entries()]
    .map(([unitId, entries]) => ({ unitId, entries }))
    .sort((a, b) => b.entries.length - a.entries.length || a.unitId.localeCompare(b.unitId));
}

const messageOf = (e: unknown) => (e instanceof ApiError ? e.message : '加载失败，请稍后重试');

/**
 * The bi-weekly 通报 lists (bad reviews, complaints) of the period that holds `date`, and the
 * commendation list (通报表彰) for the same days — side by side.
 */
export function useNoticeLists() {
  const notices = ref<NoticeList | null>(null);
  const complaintNotices = ref<ComplaintNoticeList | null>(null);
  const commended = ref<Commendations | null>(null);
  const error = ref('');
  const loading = ref(false);
  async function load(date: string) {
    loading.value = true;
    error.value = '';
    try {
      const [n, c] = await Promise.all([api.get('/notice-list', { query: { period: date } }), api.get('/complaint-notice-list', { query: { period: date } })]);
      notices.value = n;
      complaintNotices.value = c;
      commended.value = await api.get('/commendation-list', { query: { from: n.periodStart, to: n.periodEnd } });
    } catch (e) {
      error.value = messageOf(e);
    } finally {
      loading.value = false;
    }
  }
  return { notices, complaintNotices, commended, error, loading, load };
}
