import { ref } from 'vue';
import { ApiError, api } from '../../../api/client.js';
import { catalogName } from '../../layout/catalogName.js';
import { type Sheet, sheetOf } from './sheet.js';

type Obj = Record<string, unknown>;

/** The printable 任务交办单 of order `n` of a case: the case's detail and the catalog names it needs. */
export function usePrintSheet(source: 'bad-reviews' | 'complaints', id: string, n: number) {
  const sheet = ref<Sheet | null>(null);
  const error = ref('');
  const loading = ref(true);
  async function load() {
    loading.value = true;
    error.value = '';
    try {
      const detail = (
        source === 'bad-reviews'
          ? await api.get('/bad-reviews/{reviewId}', { path: { reviewId: id } })
          : await api.get('/complaints/{complaintId}', { path: { complaintId: id } })
      ) as Obj;
      const str = (k: string) => (typeof detail?.[k] === 'string' ? (detail[k] as string) : undefined);
      const [unit, item, region] = await Promise.all([
        catalogName('units', str('unitId')),
        catalogName('items', str('itemCode')),
        catalogName('regions', str('regionCode')),
      ]);
      const built = sheetOf(source, detail, n, { unit, item, region });
      if (built) sheet.value = built;
      else error.value = `该办件没有编号为 #${n} 的任务交办单`;
    } catch (e) {
      error.value = e instanceof ApiError ? e.message : '交办单加载失败，请稍后重试';
    } finally {
      loading.value = false;
    }
  }
  void load();
  return { sheet, error, loading };
}
