import { ref } from 'vue';
import { ApiError } from '../../../api/client.js';
import { badReviewRow, byUrgency, type CaseRow, complaintRow, inRegion, listBadReviews, listComplaints } from '../caseRows.js';

export type OverdueKind = 'overdue' | 'escalated';

/** Rows of one unit, or of one region (and below), or all. */
export function scoped(rows: CaseRow[], scope: { unit?: string; region?: string }) {
  return rows.filter((r) => (!scope.unit || r.unitId === scope.unit) && (!scope.region || inRegion(r.regionCode, scope.region)));
}

/**
 * 超期 (behind schedule: the step's deadline passed, or an open task order's) and 升级
 * (escalated at least once, still open) bad reviews and complaints of the supervisor's
 * region, straight from the API's `overdue` and `escalated` lists.
 */
export function useOverdue() {
  const rows = ref<Record<OverdueKind, CaseRow[]>>({ overdue: [], escalated: [] });
  const more = ref(false);
  const error = ref('');
  const loading = ref(false);
  const loaded = ref(false);
  async function load() {
    loading.value = true;
    error.value = '';
    try {
      const [bo, co, be, ce] = await Promise.all([
        listBadReviews('overdue'),
        listComplaints('overdue'),
        listBadReviews('escalated'),
        listComplaints('escalated'),
      ]);
      rows.value = {
        overdue: [...bo.rows.map((x) => badReviewRow(x, bo.at)), ...co.rows.map((x) => complaintRow(x, co.at))].sort(byUrgency),
        escalated: [...be.rows.map((x) => badReviewRow(x, be.at)), ...ce.rows.map((x) => complaintRow(x, ce.at))].sort(byUrgency),
      };
      more.value = [bo, co, be, ce].some((l) => l.more);
      loaded.value = true;
    } catch (e) {
      error.value = e instanceof ApiError ? e.message : '加载失败，请稍后重试';
    } finally {
      loading.value = false;
    }
  }
  return { rows, more, error, loading, loaded, load };
}
