import { onBeforeUnmount, onMounted, ref, shallowRef, watch, type Ref } from 'vue';
import { ApiError } from '../../../api/client.js';

const REFRESH_MS = 30_000;

/**
 * One case's detail: loading and error state (the API's message), when the answer arrived
 * (the countdown counts from there), a reload after every action, and a quiet refresh every
 * 30 s so a step the workflow moved on shows up without a click.
 */
export function useCase<T>(id: Ref<string>, read: (id: string) => Promise<T>) {
  const data = shallowRef<T>();
  const error = ref('');
  const notFound = ref(false);
  const loading = ref(false);
  const receivedAt = ref(Date.now());
  let seq = 0;
  async function reload() {
    const mine = ++seq;
    loading.value = true;
    try {
      const answer = await read(id.value);
      if (mine !== seq) return;
      data.value = answer;
      receivedAt.value = Date.now();
      error.value = '';
      notFound.value = false;
    } catch (e) {
      if (mine !== seq) return;
      if (!(e instanceof ApiError)) throw e;
      error.value = e.message;
      notFound.value = e.status === 404;
    } finally {
      if (mine === seq) loading.value = false;
    }
  }
  let timer: ReturnType<typeof setInterval> | undefined;
  onMounted(() => {
    void reload();
    timer = setInterval(() => {
      if (document.visibilityState === 'visible') void reload();
    }, REFRESH_MS);
  });
  onBeforeUnmount(() => clearInterval(timer));
  watch(id, () => {
    data.value = undefined;
    void reload();
  });
  return { data, error, notFound, loading, receivedAt, reload };
}
