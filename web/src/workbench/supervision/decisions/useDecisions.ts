import { computed, ref } from 'vue';
import { ApiError } from '../../../api/client.js';
import { badReviewRow, byUrgency, type CaseRow, complaintRow, type Listed, listBadReviews, listComplaints } from '../caseRows.js';

/** The five things a supervisor decides, each one list of the API (GET /bad-reviews or /complaints with a filter). */
export const SOURCES = [
  { type: 'appeal', label: '差评申诉复核', load: () => listBadReviews('appeal'), row: badReviewRow },
  { type: 'bad-extension', label: '差评延期审批', load: () => listBadReviews('extension'), row: badReviewRow },
  { type: 'unassigned', label: '诉求待派单', load: () => listComplaints('unassigned'), row: complaintRow },
  { type: 'review', label: '答复审核', load: () => listComplaints('review'), row: complaintRow },
  { type: 'complaint-extension', label: '诉求延期审批', load: () => listComplaints('extension'), row: complaintRow },
] as const;
export type DecisionType = (typeof SOURCES)[number]['type'];
export const isDecisionType = (t: unknown): t is DecisionType => SOURCES.some((s) => s.type === t);

/** All sources' rows in one queue, most urgent first; a source that failed says so and the others still show. */
export function mergeDecisions(
  results: { type: DecisionType; label: string; listed?: Listed; error?: string; row: (x: Record<string, unknown>, at: number, w?: string) => CaseRow }[],
) {
  const rows = results.flatMap((r) => (r.listed ? r.listed.rows.map((x) => ({ ...r.row(x, r.listed!.at, r.label), type: r.type })) : []));
  return {
    rows: rows.sort(byUrgency),
    counts: Object.fromEntries(results.map((r) => [r.type, r.listed?.rows.length ?? 0])) as Record<DecisionType, number>,
    errors: results.filter((r) => r.error).map((r) => `${r.label}：${r.error}`),
    more: results.filter((r) => r.listed?.more).map((r) => r.label),
  };
}

export function useDecisions() {
  const loading = ref(false);
  const state = ref<ReturnType<typeof mergeDecisions> | null>(null);
  async function load() {
    loading.value = true;
    const results = await Promise.all(
      SOURCES.map(async (s) => {
        try {
          return { type: s.type, label: s.label, row: s.row, listed: await s.load() };
        } catch (e) {
          return { type: s.type, label: s.label, row: s.row, error: e instanceof ApiError ? e.message : '加载失败，请稍后重试' };
        }
      }),
    );
    state.value = mergeDecisions(results);
    loading.value = false;
  }
  const total = computed(() => state.value?.rows.length ?? 0);
  return { loading, state, total, load };
}
