import { nextTick } from 'vue';
import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router';
import { routes as admin } from './admin/routes.js';
import { routes as cases } from './cases/routes.js';
import { routes as inbox } from './inbox/routes.js';
import { routes as leader } from './leader/routes.js';
import type { WorkbenchRoute } from './routes.js';
import { user } from './session.js';
import { routes as supervision } from './supervision/routes.js';

export const AREA_ROUTES: WorkbenchRoute[] = [...inbox, ...cases, ...leader, ...supervision, ...admin];

/** The navigation entries the signed-in user may open, in order. */
export const navFor = (role: string) =>
  AREA_ROUTES.filter((r) => r.meta.nav && r.meta.roles.some((x) => x === role)).sort((a, b) => (a.meta.nav?.order ?? 0) - (b.meta.nav?.order ?? 0));

const home = () => navFor(user.value.role)[0]?.path ?? '/none';

/**
 * Hash routes inside the workbench page: each area's pages load when first opened; filters
 * and drill-downs live in the query, so a view can be bookmarked and Back works.
 */
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', redirect: home },
    ...(AREA_ROUTES as RouteRecordRaw[]),
    { path: '/none', component: () => import('./layout/NoAccess.vue'), meta: { title: '无可用功能' } },
    { path: '/:rest(.*)*', redirect: home },
  ],
  scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
});

// A page outside the user's role goes to the role's home, not to an error.
router.beforeEach((to) => {
  if (to.meta.roles && !to.meta.roles.some((r) => r === user.value.role)) return home();
});

// Titles and focus follow navigation: the new page's heading gets the focus (screen readers announce it).
let first = true;
router.afterEach(async (to) => {
  document.title = `${String(to.meta.title ?? '工作台')} · 政务服务“好差评”工作台`;
  if (first) {
    first = false;
    return;
  }
  await nextTick();
  document.querySelector<HTMLElement>('main h1')?.focus();
});
