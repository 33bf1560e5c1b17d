import '../ui/base.css';
import { createApp } from 'vue';
import { initAuth } from '../auth/index.js';
import { loadConfig } from '../config.js';
import { applyElderMode } from '../ui/elder.js';
import App from './App.vue';
import { router } from './router.js';

// 长辈模式 before the first paint; sign-in configured before anything asks for a token.
applyElderMode();
void loadConfig().then((cfg) => {
  initAuth(cfg.oidc);
  createApp(App).use(router).mount('#app');
});
