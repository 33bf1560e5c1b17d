import type { WorkbenchRoute } from '../routes.js';

const SUPERVISORS = ['supervisor', 'admin'] as const;

/**
 * The supervision area's pages: the indicator dashboard (drill-down region → unit → case in
 * the query), what waits for the supervisor's decision, overdue and escalated cases, the 通报
 * and commendation lists, and reports. ECharts loads with the dashboard's chunk only.
 */
export const routes: WorkbenchRoute[] = [
  {
    path: '/dashboard',
    component: () => import('./dashboard/index.vue'),
    meta: { title: '监管看板', roles: SUPERVISORS, nav: { label: '监管看板', order: 40 } },
  },
  {
    path: '/decisions',
    component: () => import('./decisions/index.vue'),
    meta: { title: '待我决定', roles: SUPERVISORS, nav: { label: '待我决定', order: 41 } },
  },
  {
    path: '/overdue',
    component: () => import('./overdue/index.vue'),
    meta: { title: '超期与升级', roles: SUPERVISORS, nav: { label: '超期与升级', order: 42 } },
  },
  {
    path: '/notice-lists',
    component: () => import('./notice-lists/index.vue'),
    meta: { title: '通报与表彰', roles: SUPERVISORS, nav: { label: '通报与表彰', order: 43 } },
  },
  {
    path: '/reports',
    component: () => import('./reports/index.vue'),
    meta: { title: '报告', roles: SUPERVISORS, nav: { label: '报告', order: 44 } },
  },
];
