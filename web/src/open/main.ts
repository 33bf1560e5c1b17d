import '../ui/base.css';
import { createApp } from 'vue';
import { applyElderMode } from '../ui/elder.js';
import App from './App.vue';

// 长辈模式 before the first paint. A public page: no sign-in, nothing personal is ever asked for.
applyElderMode();
createApp(App).mount('#app');
