import { onBeforeUnmount, ref } from 'vue';

/** True while the media query matches (e.g. phones: lists become cards). */
export function useMedia(query: string) {
  const mq = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(query) : undefined;
  const matches = ref(mq?.matches ?? false);
  const on = (e: MediaQueryListEvent) => (matches.value = e.matches);
  mq?.addEventListener('change', on);
  onBeforeUnmount(() => mq?.removeEventListener('change', on));
  return matches;
}
export const usePhone = () => useMedia('(max-width: 768px)');
