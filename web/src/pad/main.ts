import { createApp } from 'vue';
import PadKiosk from './PadKiosk.vue';

createApp(PadKiosk).mount('#app');

// The built pad comes up from its service worker when the network is down (sw.ts). Not gated on
// import.meta.env.PROD: a build made under a test runner (NODE_ENV=test) is not "PROD" but needs it;
// the dev server has no /pad-sw.js and registration just fails there.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/pad-sw.js', { scope: '/pad.html' }).catch((e: unknown) => console.warn('pad service worker not registered', e));
}
