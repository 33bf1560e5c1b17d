import { onBeforeUnmount, onMounted, ref } from 'vue';

/**
 * Live countdowns. A deadline's time left is the server's (`secondsLeft`, from its working-day
 * calendar and clock), counted down on this page from when the answer arrived: a wrong clock
 * on the user's computer does not change it.
 */

/** When the time left runs out, in this page's clock: arrival time + the server's seconds left. */
export const endsAtOf = (secondsLeft: number | undefined, receivedAt: number): number | undefined =>
  secondsLeft === undefined ? undefined : receivedAt + secondsLeft * 1000;

/** "剩余 2天3小时" / "剩余 45分钟" / "已超期 1天2小时": whole units, the two largest. */
export function timeLeftText(endsAt: number | undefined, now: number): string {
  if (endsAt === undefined) return '—';
  const ms = endsAt - now;
  const s = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const span = d > 0 ? `${d}天${h}小时` : h > 0 ? `${h}小时${m}分钟` : m > 0 ? `${m}分钟` : `${s % 60}秒`;
  return ms < 0 ? `已超期 ${span}` : `剩余 ${span}`;
}

export const isOverdueAt = (endsAt: number | undefined, now: number) => endsAt !== undefined && endsAt < now;

/** The current time, ticking every `ms` while the component is mounted. */
export function useNow(ms = 1000) {
  const now = ref(Date.now());
  let timer: ReturnType<typeof setInterval> | undefined;
  onMounted(() => {
    timer = setInterval(() => (now.value = Date.now()), ms);
  });
  onBeforeUnmount(() => clearInterval(timer));
  return now;
}

/** 2026-11-02 18:00 in Shanghai time, whatever the computer's zone. */
export function shanghaiTime(iso: string | undefined): string {
  if (!iso) return '—';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return new Date(t + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}
