import { nextTick } from 'vue';
import { createRouter, createWebHashHistory } from 'vue-router';
import Home from './pages/Home.vue';
import Rate from './pages/Rate.vue';

/**
 * Hash routes inside rate.html (printed QR codes point at `rate.html?venue=…&window=…`):
 * the first screen (home, rate) is in the entry chunk; the rest loads when opened.
 */
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', component: Home, meta: { title: '办事评价' } },
    { path: '/rate/:caseNumber', component: Rate, props: true, meta: { title: '评价办件' } },
    // A rating invitation (办结 SMS, business system): the signed token in the fragment, never sent to a server.
    { path: '/i/:token', component: Rate, props: true, meta: { title: '评价办件' } },
    { path: '/progress', component: () => import('./pages/Progress.vue'), meta: { title: '我的差评与诉求' } },
    { path: '/complaints/new', component: () => import('./pages/ComplaintNew.vue'), meta: { title: '咨询投诉' } },
    { path: '/track/:code?', component: () => import('./pages/Track.vue'), props: true, meta: { title: '查询办理进度' } },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
  scrollBehavior: () => ({ top: 0 }),
});

// Titles and focus follow navigation: the new page's heading gets the focus (screen readers announce it).
let first = true;
router.afterEach(async (to) => {
  document.title = `${String(to.meta.title ?? '办事评价')} · 政务服务“好差评”`;
  if (first) {
    first = false;
    return;
  }
  await nextTick();
  document.querySelector<HTMLElement>('main h1')?.focus();
});
