import { ref, watch } from 'vue';

/**
 * 长辈模式 (large-type mode): one class on <html> swapping the CSS variables (larger type,
 * 7:1 contrast, 60 px targets), remembered in localStorage, applied without a reload.
 */
export const ELDER_KEY = 'hcp.elder-mode';

const read = () => {
  try {
    return localStorage.getItem(ELDER_KEY) === '1';
  } catch {
    return false;
  }
};
export const elderMode = ref(read());

export function applyElderMode(on = elderMode.value) {
  document.documentElement.classList.toggle('elder', on);
}

watch(elderMode, (on) => {
  try {
    if (on) localStorage.setItem(ELDER_KEY, '1');
    else localStorage.removeItem(ELDER_KEY);
  } catch {}
  applyElderMode(on);
});

/** Whether the browser can read aloud in Chinese. */
export const canSpeak = () => typeof window !== 'undefined' && 'speechSynthesis' in window && typeof SpeechSynthesisUtterance !== 'undefined';

/** Reads the text aloud (zh-CN), stopping what was being read. */
export function speak(text: string) {
  if (!canSpeak()) return;
  window.speechSynthesis.cancel();
  const u = new SpeechSynthesisUtterance(text);
  u.lang = 'zh-CN';
  u.rate = 0.9;
  window.speechSynthesis.speak(u);
}
