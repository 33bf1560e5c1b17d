import { ref, watch, type Ref } from 'vue';
import { type ApiError, api } from '../../../api/client.js';
import { loadConfig } from '../../../config.js';

export interface QrCard {
  /** Empty for the venue's own card (valid at every window). */
  windowId: string;
  title: string;
  unitName: string;
  /** The QR image and file paths (API-relative), and the download's base name. */
  path: (format: 'png' | 'svg') => string;
  fileName: (format: 'png' | 'svg') => string;
}

type Venue = { venueId: string; name: string; kind: string };

/** Every page of a catalog list (venues, windows, units are a few hundred at most). */
async function all<T>(kind: 'venues' | 'windows' | 'units', prefix?: string): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 50; i++) {
    const page = await api.get('/catalog/{kind}', { path: { kind }, query: { limit: 200, ...(prefix ? { prefix } : {}), ...(cursor ? { cursor } : {}) } });
    out.push(...(page.items as T[]));
    cursor = page.next;
    if (!cursor || page.items.length === 0) break;
  }
  return out;
}

export const qrPath = (venueId: string, windowId: string, format: 'png' | 'svg') =>
  `/places/${encodeURIComponent(venueId)}/qr?${windowId ? `window=${encodeURIComponent(windowId)}&` : ''}format=${format}`;

/** The QR sheet of a venue: its own card and one per window, with the unit each window serves. */
export function useQr(venueId: Ref<string>) {
  const venues = ref<Venue[]>([]);
  const venue = ref<Venue | null>(null);
  const cards = ref<QrCard[]>([]);
  const base = ref('');
  const loading = ref(false);
  const error = ref<ApiError | null>(null);

  void loadConfig().then((c) => (base.value = c.apiBaseUrl));
  all<Venue>('venues')
    .then((v) => (venues.value = v))
    .catch((e) => (error.value = e as ApiError));

  watch(
    venueId,
    async (id) => {
      cards.value = [];
      venue.value = null;
      if (!id) return;
      loading.value = true;
      error.value = null;
      try {
        const [place, windows, units] = await Promise.all([
          api.get('/places/{venueId}', { path: { venueId: id }, anonymous: true }),
          all<{ windowId: string; name: string; unitId?: string }>('windows', `${id}#`),
          all<{ unitId: string; name: string }>('units'),
        ]);
        const unitName = new Map(units.map((u) => [u.unitId, u.name]));
        venue.value = { venueId: id, name: place.venue.name, kind: place.venue.kind };
        const card = (windowId: string, title: string, unit: string): QrCard => ({
          windowId,
          title,
          unitName: unit,
          path: (f) => qrPath(id, windowId, f),
          fileName: (f) => `qr-${id}${windowId ? `-${windowId}` : ''}.${f}`,
        });
        cards.value = [
          card('', '本场所评价码', '适用于本场所所有窗口'),
          ...windows.map((w) => card(w.windowId, w.name, w.unitId ? (unitName.get(w.unitId) ?? w.unitId) : '综合窗口')),
        ];
      } catch (e) {
        error.value = e as ApiError;
      } finally {
        loading.value = false;
      }
    },
    { immediate: true },
  );
  return { venues, venue, cards, base, loading, error };
}
