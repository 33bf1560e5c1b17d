import { ref } from 'vue';
import { api } from '../../api/client.js';

/**
 * Unit and region names for rows and crumbs that carry only a code: the catalog's units and
 * regions (GET /catalog/{kind}), read once per page load. Names are a nicety: until they
 * arrive, or if reading fails, the code shows.
 */
const names = ref({ units: new Map<string, string>(), regions: new Map<string, string>() });
let started = false;

async function readAll(kind: 'units' | 'regions', key: 'unitId' | 'code') {
  const out = new Map<string, string>();
  let cursor: string | undefined;
  for (let i = 0; i < 10; i++) {
    const page = (await api.get('/catalog/{kind}', { path: { kind }, query: { limit: 200, ...(cursor ? { cursor } : {}) } })) as unknown as {
      items: Record<string, unknown>[];
      next?: string;
    };
    for (const x of page.items) if (typeof x[key] === 'string' && typeof x.name === 'string') out.set(x[key] as string, x.name);
    cursor = page.next;
    if (!cursor) break;
  }
  return out;
}

export function useNames() {
  if (!started) {
    started = true;
    Promise.all([readAll('units', 'unitId'), readAll('regions', 'code')])
      .then(([units, regions]) => {
        names.value = { units, regions };
      })
      .catch(() => {
        started = false;
      });
  }
  return {
    unitName: (id?: string) => (id ? (names.value.units.get(id) ?? id) : '—'),
    regionName: (code?: string) => (code ? (names.value.regions.get(code) ?? code) : '—'),
  };
}
