import { reactive, ref } from 'vue';
import { ApiError, api, type ResponseOf } from '../../../api/client.js';
import { fetchFile, saveBlob } from '../../../api/files.js';
import { openHtml } from '../download.js';

export type Report = ResponseOf<'/reports/{reportId}', 'get'>;
export type ReportKind = Report['kind'];

/** The POST /reports body for the form: a period by dates, month or year as the kind needs; empty means the kind's latest period. */
export function bodyOf(form: { kind: ReportKind; from: string; to: string; month: string; year: string }) {
  if (form.kind === 'year') return { kind: form.kind, ...(form.year ? { year: form.year } : {}) };
  if (form.kind === 'progress' && form.month) return { kind: form.kind, month: form.month };
  return { kind: form.kind, ...(form.from ? { from: form.from } : {}), ...(form.to ? { to: form.to } : {}) };
}

const messageOf = (e: unknown) => (e instanceof ApiError ? e.message : '操作失败，请稍后重试');

/** The region's reports, generating one now, and the two files (fetched with the token: the routes need it). */
export function useReports() {
  const items = ref<Report[]>([]);
  const next = ref<string | undefined>();
  const error = ref('');
  const loading = ref(false);
  const form = reactive({ kind: 'biweekly' as ReportKind, from: '', to: '', month: '', year: '' });
  const issues = ref<Record<string, string>>({});
  const generating = ref(false);
  const generated = ref<{ outcome: string; report: Report } | null>(null);
  const busy = ref('');

  async function load(more = false) {
    loading.value = true;
    error.value = '';
    try {
      const page = await api.get('/reports', { query: { limit: 50, ...(more && next.value ? { cursor: next.value } : {}) } });
      items.value = more ? [...items.value, ...page.items] : page.items;
      next.value = page.next;
    } catch (e) {
      error.value = messageOf(e);
    } finally {
      loading.value = false;
    }
  }

  async function generate() {
    generating.value = true;
    issues.value = {};
    error.value = '';
    try {
      generated.value = await api.post('/reports', { body: bodyOf(form) });
      await load();
    } catch (e) {
      if (e instanceof ApiError && e.issues.length) for (const i of e.issues) issues.value[i.field.split('.')[0] || 'kind'] = i.message;
      error.value = messageOf(e);
    } finally {
      generating.value = false;
    }
  }

  async function download(r: Report) {
    busy.value = `${r.reportId}-xlsx`;
    error.value = '';
    try {
      saveBlob(await fetchFile(`/reports/${encodeURIComponent(r.reportId)}/xlsx`), `${r.title}.xlsx`);
    } catch (e) {
      error.value = messageOf(e);
    } finally {
      busy.value = '';
    }
  }

  /** The printable page in a new tab: the tab opens at the click (no pop-up blocker), then gets the file. */
  async function openPrintable(r: Report) {
    busy.value = `${r.reportId}-html`;
    error.value = '';
    const win = window.open('', '_blank');
    try {
      await openHtml(await fetchFile(`/reports/${encodeURIComponent(r.reportId)}/html`), win);
    } catch (e) {
      win?.close();
      error.value = messageOf(e);
    } finally {
      busy.value = '';
    }
  }

  return { items, next, error, loading, form, issues, generating, generated, busy, load, generate, download, openPrintable };
}
