import { ref, type Ref, watch } from 'vue';
import { api, type ResponseOf } from '../../../api/client.js';
import { catalogName } from '../../layout/catalogName.js';
import { useCase } from '../shared/useCase.js';

export type BadReviewDetail = ResponseOf<'/bad-reviews/{reviewId}', 'get'>;

/** One bad review (GET /bad-reviews/{id}: facts, deadlines, timeline, what the caller may do) with its item's and unit's names. */
export function useBadReview(id: Ref<string>) {
  const c = useCase(id, (reviewId) => api.get('/bad-reviews/{reviewId}', { path: { reviewId } }));
  const names = ref({ item: '', unit: '' });
  watch(c.data, async (d) => {
    if (!d) return;
    const [item, unit] = await Promise.all([catalogName('items', d.itemCode), catalogName('units', d.unitId)]);
    names.value = { item: item ?? '', unit: unit ?? '' };
  });
  return { ...c, names };
}
