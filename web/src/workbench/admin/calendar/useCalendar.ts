import { ref, watch, type Ref } from 'vue';
import { type ApiError, api, type ResponseOf } from '../../../api/client.js';
import { sendText } from '../../../api/files.js';

export type Calendar = ResponseOf<'/calendar', 'get'>;
type Special = Calendar['days'][number];

export interface DayCell {
  date: string;
  day: number;
  weekend: boolean;
  special?: Special;
  /** 工作日 / 周末 / 法定节假日 / 调休上班 (+ the name, + 管理员修订), for the cell's accessible name. */
  label: string;
}

export const WEEK = ['一', '二', '三', '四', '五', '六', '日'];
const pad = (n: number) => String(n).padStart(2, '0');

/** A month as weeks Monday–Sunday (null before the 1st and after the last day). */
export function monthGrid(year: number, month: number, byDate: Map<string, Special>): (DayCell | null)[][] {
  const lead = (new Date(Date.UTC(year, month - 1, 1)).getUTCDay() + 6) % 7;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const cells: (DayCell | null)[] = Array.from({ length: lead }, () => null);
  for (let d = 1; d <= days; d++) {
    const date = `${year}-${pad(month)}-${pad(d)}`;
    const weekend = (lead + d - 1) % 7 >= 5;
    const special = byDate.get(date);
    const kind = special ? (special.kind === 'holiday' ? '法定节假日' : '调休上班') : weekend ? '周末' : '工作日';
    const label = `${month}月${d}日 星期${WEEK[(lead + d - 1) % 7]} ${kind}${special?.name ? `（${special.name}）` : ''}${special?.source === 'override' ? ' 管理员修订' : ''}`;
    cells.push({ date, day: d, weekend, label, ...(special ? { special } : {}) });
  }
  while (cells.length % 7) cells.push(null);
  const weeks: (DayCell | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/** A year's schedule from a JSON file: `{ "days": [...] }` or the bare list; null when it is not JSON. */
export function parseYearJson(text: string): { days: { date: string; kind: 'holiday' | 'workday'; name?: string }[] } | null {
  try {
    const v = JSON.parse(text) as unknown;
    const days = Array.isArray(v) ? v : (v as { days?: unknown })?.days;
    return Array.isArray(days) ? { days } : null;
  } catch {
    return null;
  }
}

/** The calendar of one year (route query), and the admin's writes to it; each write reloads. */
export function useCalendar(year: Ref<number>) {
  const cal = ref<Calendar | null>(null);
  const loading = ref(false);
  const error = ref<ApiError | null>(null);
  async function load() {
    loading.value = true;
    error.value = null;
    try {
      cal.value = await api.get('/calendar', { query: { year: year.value } });
    } catch (e) {
      error.value = e as ApiError;
    } finally {
      loading.value = false;
    }
  }
  watch(year, load, { immediate: true });

  const setDay = async (date: string, kind: 'holiday' | 'workday', name: string) => {
    await api.put('/calendar/overrides/{date}', { path: { date }, body: { kind, ...(name.trim() ? { name: name.trim() } : {}) } });
    await load();
  };
  const clearDay = async (date: string) => {
    await api.delete('/calendar/overrides/{date}', { path: { date } });
    await load();
  };
  /** A whole year from a file: .ics as iCalendar, anything else as JSON. */
  const importYear = async (y: number, file: { name: string; text: string }) => {
    if (/\.ics$/i.test(file.name) || file.text.startsWith('BEGIN:VCALENDAR')) {
      await sendText('PUT', `/calendar/years/${y}/ics`, file.text, 'text/calendar; charset=utf-8');
    } else {
      const body = parseYearJson(file.text);
      if (!body)
        throw new Error('文件不是有效的 JSON 放假安排（应为 {"days": [{"date": "YYYY-MM-DD", "kind": "holiday" 或 "workday", "name": "…"}]}）或 .ics 文件');
      await api.put('/calendar/years/{year}', { path: { year: y }, body });
    }
    await load();
  };
  return { cal, loading, error, reload: load, setDay, clearDay, importYear };
}
