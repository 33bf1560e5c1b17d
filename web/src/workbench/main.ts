import 'element-plus/dist/index.css';
import './theme.css';
import { createApp } from 'vue';
import { currentUser, initAuth, signIn } from '../auth/index.js';
import { loadConfig } from '../config.js';
import { applyElderMode } from '../ui/elder.js';
import App from './App.vue';
import { router } from './router.js';
import { user } from './session.js';

// 长辈模式 before the first paint; the workbench is for signed-in staff only: signed out, it goes to the provider.
applyElderMode();
void (async () => {
  const cfg = await loadConfig();
  initAuth(cfg.oidc);
  const me = await currentUser();
  if (!me) return signIn(location.pathname + location.search + location.hash);
  user.value = me;
  createApp(App).use(router).mount('#app');
})();
