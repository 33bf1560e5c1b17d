import { ref } from 'vue';
import { ApiError, type ResponseOf } from '../../../api/client.js';
import { api } from '../../../api/client.js';
import { badReviewRow, byUrgency, type CaseRow, complaintRow, listBadReviews, listComplaints } from '../caseRows.js';
import { CHANNEL_NAMES, one } from '../format.js';
import { scoped } from '../overdue/useOverdue.js';

export type Indicators = ResponseOf<'/indicators', 'get'>;
export type Coverage = ResponseOf<'/indicators/coverage', 'get'>;
export type HotSpots = ResponseOf<'/complaint-hot-spots', 'get'>;

/** The dashboard's filters, all in the route query: `region` or `unit` (the drill-down), `from`–`to`, `channel`. */
export interface DashboardFilters {
  region?: string;
  unit?: string;
  from?: string;
  to?: string;
  channel?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const REGION = /^(\d{6}|\d{9}|\d{12})$/;
const UNIT = /^[A-Za-z0-9_-]{1,50}$/;

/** The filters a query holds; a malformed value is dropped (the view falls back to the default), never sent. */
export function filtersOf(query: Record<string, unknown>): DashboardFilters {
  const pick = (k: string, ok: (v: string) => boolean) => {
    const v = one(query[k]);
    return v && ok(v) ? v : undefined;
  };
  const f: DashboardFilters = {
    region: pick('region', (v) => REGION.test(v)),
    unit: pick('unit', (v) => UNIT.test(v)),
    from: pick('from', (v) => DATE.test(v)),
    to: pick('to', (v) => DATE.test(v)),
    channel: pick('channel', (v) => v in CHANNEL_NAMES),
  };
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as DashboardFilters;
}

/** The route query for filters (empty ones left out). */
export const queryOf = (f: DashboardFilters) =>
  Object.fromEntries(Object.entries(f).filter(([, v]) => typeof v === 'string' && v !== '')) as Record<string, string>;

/** Drill-down links keep the period and channel: into a child region (no unit), into a unit (its region kept for the crumbs), or back to the top. */
export const drillRegion = (f: DashboardFilters, region: string) => queryOf({ ...f, region, unit: undefined });
export const drillUnit = (f: DashboardFilters, unit: string) => queryOf({ ...f, unit });
export const drillTop = (f: DashboardFilters) => queryOf({ ...f, region: undefined, unit: undefined });

/** What the API is asked: one scope (a unit wins over a region), the period, the channel. */
export function requestsOf(f: DashboardFilters) {
  const scope = f.unit ? { unitId: f.unit } : f.region ? { regionCode: f.region } : {};
  const period = { ...(f.from ? { from: f.from } : {}), ...(f.to ? { to: f.to } : {}) };
  return { indicators: { ...scope, ...period, ...(f.channel ? { channel: f.channel } : {}) }, coverage: { ...scope, ...period }, hotSpots: period };
}

const messageOf = (e: unknown) => (e instanceof ApiError ? e.message : '加载失败，请稍后重试');

/**
 * The dashboard's data for the filters: indicators, coverage and hot spots of the scope, and
 * the overdue cases in it (so an overdue case shows on the dashboard and links to its page).
 * Each part loads on its own: one failing shows its message, the others still show.
 */
export function useDashboard() {
  const indicators = ref<Indicators | null>(null);
  const coverage = ref<Coverage | null>(null);
  const hotSpots = ref<HotSpots | null>(null);
  const overdue = ref<CaseRow[] | null>(null);
  const errors = ref<Record<'indicators' | 'coverage' | 'hotSpots' | 'overdue', string>>({ indicators: '', coverage: '', hotSpots: '', overdue: '' });
  const loading = ref(false);
  let seq = 0;

  async function load(f: DashboardFilters) {
    const mine = ++seq;
    loading.value = true;
    const r = requestsOf(f);
    const part = async <T>(key: keyof typeof errors.value, get: () => Promise<T>, set: (v: T | null) => void) => {
      try {
        const v = await get();
        if (mine === seq) {
          set(v);
          errors.value[key] = '';
        }
      } catch (e) {
        if (mine === seq) {
          set(null);
          errors.value[key] = messageOf(e);
        }
      }
    };
    await Promise.all([
      part(
        'indicators',
        () => api.get('/indicators', { query: r.indicators as never }),
        (v) => (indicators.value = v),
      ),
      part(
        'coverage',
        () => api.get('/indicators/coverage', { query: r.coverage }),
        (v) => (coverage.value = v),
      ),
      part(
        'hotSpots',
        () => api.get('/complaint-hot-spots', { query: r.hotSpots }),
        (v) => (hotSpots.value = v),
      ),
      part(
        'overdue',
        async () => {
          const [b, c] = await Promise.all([listBadReviews('overdue'), listComplaints('overdue')]);
          const rows = [...b.rows.map((x) => badReviewRow(x, b.at)), ...c.rows.map((x) => complaintRow(x, c.at))].sort(byUrgency);
          return scoped(rows, { unit: f.unit, region: f.unit ? undefined : f.region });
        },
        (v) => (overdue.value = v),
      ),
    ]);
    if (mine === seq) loading.value = false;
  }
  return { indicators, coverage, hotSpots, overdue, errors, loading, load };
}
