import { computed, onBeforeUnmount, onMounted, ref } from 'vue';
import { ApiError } from '../api/client.js';
import { currentUser, initAuth, signIn } from '../auth/index.js';
import { loadConfig } from '../config.js';
import { fetchBoard, loadRules, type PadBoard, type PadRules, postBatch } from './board.js';
import { type PadRating, RatingQueue, type RejectedRating } from './queue.js';
import { Sender } from './sender.js';

/** How often the pad asks for the window's current case, and uploads what is waiting. */
const POLL_MS = 3000;
const SEND_MS = 30_000;
/** The thank-you stays this long; an unfinished choice is cleared after IDLE_MS without a touch. */
export const THANKS_MS = 6000;
const IDLE_MS = 60_000;
/** Case numbers rated on this pad (kept across reloads, so a case is never offered twice). */
const RATED_KEY = 'pad.ratedCases';
/** The window's last board, so a pad that restarts while offline still offers the case it was showing. */
const BOARD_KEY = 'pad.board';
/** As long as the server offers a pushed case (CURRENT_CASE_MINUTES in functions/usecases/pad.ts). */
const CASE_FRESH_MS = 15 * 60_000;

export type Phase = 'loading' | 'error' | 'idle' | 'rate' | 'thanks';

const ratedHere = (): string[] => JSON.parse(localStorage.getItem(RATED_KEY) ?? '[]') as string[];
const rememberRated = (caseNumber: string) => localStorage.setItem(RATED_KEY, JSON.stringify([caseNumber, ...ratedHere()].slice(0, 50)));

/** The board last seen for this window, its case dropped once the server would no longer offer it. */
function savedBoard(venueId: string, windowId: string): PadBoard | undefined {
  try {
    const b = JSON.parse(localStorage.getItem(BOARD_KEY) ?? 'null') as PadBoard | null;
    if (b?.venueId !== venueId || b.windowId !== windowId) return undefined;
    const fresh = b.current && Date.now() - Date.parse(b.current.pushedAt) < CASE_FRESH_MS;
    return fresh ? b : { ...b, current: null, etag: '' };
  } catch {
    return undefined;
  }
}

/** The pad's state: sign-in as the device, the window's board, the rating being given, the offline queue. */
export function usePad() {
  const phase = ref<Phase>('loading');
  const problem = ref('');
  const board = ref<PadBoard>();
  const rules = ref<PadRules>();
  const level = ref<number>();
  const tags = ref<string[]>([]);
  const online = ref(navigator.onLine);
  const pending = ref(0);
  const rejected = ref<RejectedRating[]>([]);
  const lastBad = ref(false);
  let queue: RatingQueue | undefined;
  let sender: Sender | undefined;
  let place: { venueId: string; windowId: string } | undefined;
  const timers: ReturnType<typeof setTimeout>[] = [];
  let thanksTimer: ReturnType<typeof setTimeout> | undefined;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;

  const current = computed(() => board.value?.current ?? null);
  const isBad = computed(() => level.value !== undefined && (rules.value?.badLevels ?? [4, 5]).includes(level.value));
  const canSubmit = computed(() => level.value !== undefined && (!isBad.value || tags.value.length > 0));

  const refreshCounts = async () => {
    if (!queue) return;
    pending.value = await queue.pendingCount();
    rejected.value = await queue.rejected();
  };

  /** Shows the pushed case when there is one this pad has not rated yet; otherwise waits. */
  const settlePhase = async () => {
    if (phase.value === 'thanks' || phase.value === 'error' || phase.value === 'loading') return;
    const c = current.value;
    const open = !!c && !c.rated && !ratedHere().includes(c.caseNumber) && !(await queue?.hasCase(c.caseNumber));
    if (open && phase.value !== 'rate') {
      level.value = undefined;
      tags.value = [];
    }
    phase.value = open ? 'rate' : 'idle';
  };

  const poll = async () => {
    if (!place) return;
    try {
      const next = await fetchBoard(place.venueId, place.windowId, board.value?.etag);
      if (next) {
        board.value = next;
        localStorage.setItem(BOARD_KEY, JSON.stringify(next));
      }
      // The API answered again: upload what waits, whether or not the browser said `online`.
      if (!online.value) void send();
      online.value = true;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401 && navigator.onLine) return void signIn(location.href);
      if (e instanceof ApiError && e.status === 0) online.value = false;
    }
    await settlePhase();
  };

  const send = () => sender?.trigger().then(refreshCounts);

  const touch = () => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      level.value = undefined;
      tags.value = [];
    }, IDLE_MS);
  };

  /** Keeps the rating on the device first, thanks the rater, then uploads in the background. */
  const submit = async () => {
    const c = current.value;
    if (!queue || !place || !c || level.value === undefined || !canSubmit.value) return;
    const rating: PadRating = {
      caseNumber: c.caseNumber,
      level: level.value as PadRating['level'],
      channel: 'pad',
      tags: isBad.value ? [...tags.value] : [],
      anonymous: true,
      venueId: place.venueId,
      windowId: place.windowId,
      ratedAt: new Date().toISOString(),
      ...(c.ticket ? { ticket: c.ticket } : {}),
    };
    await queue.add(rating);
    rememberRated(c.caseNumber);
    lastBad.value = isBad.value;
    phase.value = 'thanks';
    await refreshCounts();
    void send();
    clearTimeout(thanksTimer);
    thanksTimer = setTimeout(reset, THANKS_MS);
  };

  /** Back to waiting for the next person (the thank-you's automatic end, or a tap on it). */
  const reset = () => {
    clearTimeout(thanksTimer);
    level.value = undefined;
    tags.value = [];
    phase.value = 'idle';
    void settlePhase();
  };

  const goOnline = () => {
    online.value = true;
    void send();
    void poll();
  };
  const goOffline = () => {
    online.value = false;
  };

  onMounted(async () => {
    window.addEventListener('online', goOnline);
    window.addEventListener('offline', goOffline);
    // Any touch or key press counts as someone still rating.
    document.addEventListener('pointerdown', touch);
    document.addEventListener('keydown', touch);
    try {
      queue = await RatingQueue.open();
      await refreshCounts();
      const cfg = await loadConfig();
      initAuth(cfg.oidc, { storage: 'local' });
      // Signed in before, the device stays signed in while offline (its token is renewed once the network is back).
      const user = await currentUser();
      if (!user && !navigator.onLine) {
        phase.value = 'error';
        problem.value = '网络已断开。评价器需要联网登录一次，网络恢复后将自动继续。';
        window.addEventListener('online', () => location.reload(), { once: true });
        return;
      }
      if (!user) return void (await signIn(location.href));
      if (!user.venueId || !user.windowId) {
        phase.value = 'error';
        problem.value = '此设备账号没有绑定窗口（缺少场所或窗口），请联系管理员配置。';
        return;
      }
      place = { venueId: user.venueId, windowId: user.windowId };
      board.value = savedBoard(place.venueId, place.windowId);
      sender = new Sender(queue, postBatch);
      rules.value = await loadRules();
      phase.value = 'idle';
      void send();
      await poll();
      timers.push(setInterval(poll, POLL_MS), setInterval(send, SEND_MS));
    } catch (e) {
      phase.value = 'error';
      problem.value = e instanceof Error && e.message ? `评价器启动失败：${e.message}` : '评价器启动失败，请检查网络后刷新。';
    }
  });

  onBeforeUnmount(() => {
    window.removeEventListener('online', goOnline);
    window.removeEventListener('offline', goOffline);
    document.removeEventListener('pointerdown', touch);
    document.removeEventListener('keydown', touch);
    for (const t of timers) clearInterval(t);
    clearTimeout(thanksTimer);
    clearTimeout(idleTimer);
    queue?.close();
  });

  return { phase, problem, board, rules, current, level, tags, isBad, canSubmit, online, pending, rejected, lastBad, submit, reset };
}
