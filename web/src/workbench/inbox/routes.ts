import type { WorkbenchRoute } from '../routes.js';

/** The inbox area's pages: one inbox of bad reviews and complaints (待办), and the unit's cases and ratings (办件与评价). */
export const routes: WorkbenchRoute[] = [
  {
    path: '/inbox',
    component: () => import('./index.vue'),
    meta: { title: '待办', roles: ['staff', 'leader', 'supervisor', 'admin'], nav: { label: '待办', order: 10, countKey: 'inbox' } },
  },
  {
    path: '/cases',
    component: () => import('./records/index.vue'),
    meta: { title: '办件与评价', roles: ['staff', 'leader', 'supervisor', 'admin'], nav: { label: '办件与评价', order: 20 } },
  },
];
