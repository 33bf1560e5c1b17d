import { onBeforeUnmount, onMounted, ref, type Ref, watch } from 'vue';
import { api } from '../../api/client.js';
import { router } from '../router.js';
import { loadDigest } from './digest.js';

/**
 * Counts beside the navigation labels (a route's `meta.nav.countKey`). Each key has a
 * loader; an area may register its own with {@link registerCount}. The counts of the keys in
 * the navigation are refreshed on navigation (at most every 10 s) and every 60 s.
 */
export interface Count {
  n: number;
  /** What a screen reader says, e.g. "12 件，其中 3 件超期". */
  label: string;
  /** Something in it is overdue or urgent: the badge turns red (with the words in `label`). */
  urgent?: boolean;
}
type Loader = () => Promise<Count | undefined>;

const loaders = new Map<string, Loader>();
export const counts = ref<Record<string, Count | undefined>>({});

export function registerCount(key: string, load: Loader) {
  loaders.set(key, load);
}

/** The open items of one list: one page of 200 (a unit has tens); beyond it the count says "200+". */
async function openCount(path: '/bad-reviews' | '/complaints') {
  const page = await api.get(path, { query: { filter: 'open', limit: 200 } });
  // Behind schedule as the inbox counts it: past the deadline, or in the task-order or escalation step.
  const behind = (i: { overdue: boolean; step?: string }) => i.overdue || i.step === 'taskOrder' || i.step === 'escalated';
  return { n: page.items.length, more: !!page.next, overdue: page.items.filter(behind).length };
}

/** 待办: open bad reviews and complaints, and how many of them are overdue. */
registerCount('inbox', async () => {
  const [b, c] = await Promise.all([openCount('/bad-reviews'), openCount('/complaints')]);
  const n = b.n + c.n;
  const overdue = b.overdue + c.overdue;
  return { n, label: `${n}${b.more || c.more ? '+' : ''} 件待办${overdue ? `，其中 ${overdue} 件超期` : ''}`, urgent: overdue > 0 };
});

/** 通知: cases with unread urgent notices. */
registerCount('notifications', async () => {
  const d = await loadDigest();
  return d && { n: d.urgentUnread, label: `${d.urgentUnread} 条紧急通知未读`, urgent: d.urgentUnread > 0 };
});

let last = 0;
/** Reloads the counts of these keys (a failed one keeps its last value). */
export async function refreshCounts(keys: readonly string[]) {
  last = Date.now();
  await Promise.all(
    keys.map(async (key) => {
      const load = loaders.get(key);
      if (!load) return;
      try {
        const value = await load(); // before reading counts.value: the loads run side by side
        counts.value = { ...counts.value, [key]: value };
      } catch {
        // keep the last count: a badge is a hint, the page itself shows the error
      }
    }),
  );
}

/** In App.vue: keeps the counts of `keys` fresh while the workbench is open. */
export function useNavCounts(keys: Ref<readonly string[]>, everyMs = 60_000, minGapMs = 10_000) {
  let timer: ReturnType<typeof setInterval> | undefined;
  let stop: (() => void) | undefined;
  onMounted(() => {
    refreshCounts(keys.value);
    timer = setInterval(() => refreshCounts(keys.value), everyMs);
    stop = router.afterEach(() => {
      if (Date.now() - last >= minGapMs) refreshCounts(keys.value);
    });
  });
  watch(keys, (k) => refreshCounts(k));
  onBeforeUnmount(() => {
    clearInterval(timer);
    stop?.();
  });
  return counts;
}
