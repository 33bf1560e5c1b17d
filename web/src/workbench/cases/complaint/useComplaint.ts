import { ref, type Ref, watch } from 'vue';
import { api, ApiError, type ResponseOf } from '../../../api/client.js';
import { catalogName } from '../../layout/catalogName.js';
import { useCase } from '../shared/useCase.js';

/** The workbench's detail (a citizen would get their progress instead: not this page's). */
export type ComplaintDetail = Extract<ResponseOf<'/complaints/{complaintId}', 'get'>, { actions: string[] }>;

/** The 6-digit region code's prefix its descendants share (410400 → 4104), for listing the units a supervisor may assign to. */
export const regionPrefix = (code: string) =>
  code.length !== 6 ? code : code.endsWith('0000') ? code.slice(0, 2) : code.endsWith('00') ? code.slice(0, 4) : code;

/** One complaint (GET /complaints/{id}) with its unit's and item's names. */
export function useComplaint(id: Ref<string>) {
  const c = useCase(id, async (complaintId) => {
    const d = await api.get('/complaints/{complaintId}', { path: { complaintId } });
    if (!('actions' in d)) throw new ApiError(404, 'NOT_FOUND', '找不到该诉求');
    return d as ComplaintDetail;
  });
  const names = ref({ item: '', unit: '' });
  watch(c.data, async (d) => {
    if (!d) return;
    const [item, unit] = await Promise.all([catalogName('items', d.itemCode), catalogName('units', d.unitId)]);
    names.value = { item: item ?? '', unit: unit ?? '' };
  });
  return { ...c, names };
}

/** Units to assign to: every catalog unit, or a supervisor's region's (the API refuses others). */
export async function unitsFor(regionCode: string | undefined) {
  const out: { unitId: string; name: string; regionCode: string }[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.get('/catalog/{kind}', { path: { kind: 'units' }, query: { limit: 200, ...(cursor ? { cursor } : {}) } });
    for (const u of page.items as { unitId?: string; name?: string; regionCode?: string }[])
      if (u.unitId && u.name && u.regionCode && (!regionCode || u.regionCode.startsWith(regionPrefix(regionCode))))
        out.push({ unitId: u.unitId, name: u.name, regionCode: u.regionCode });
    cursor = page.next;
  } while (cursor);
  return out;
}
