import { ref, watch } from 'vue';
import { ApiError, api } from '../../../api/client.js';
import type { IndicatorsAnswer } from './figures.js';

/**
 * The signed-in unit's figures for a month (GET /indicators: a unit user reads its own unit,
 * the API picks it from the token), read again when the month changes.
 */
export function useUnitFigures(month: () => string) {
  const data = ref<IndicatorsAnswer | null>(null);
  const loading = ref(false);
  const error = ref('');
  let asked = 0;
  async function load() {
    const mine = ++asked;
    loading.value = true;
    error.value = '';
    try {
      const answer = await api.get('/indicators', { query: { month: month() } });
      if (mine === asked) data.value = answer;
    } catch (e) {
      if (mine === asked) error.value = e instanceof ApiError ? e.message : '指标加载失败，请稍后重试';
    } finally {
      if (mine === asked) loading.value = false;
    }
  }
  watch(month, load, { immediate: true });
  return { data, loading, error, load };
}
