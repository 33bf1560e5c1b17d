import type { WorkbenchRoute } from '../routes.js';

/** The admin area's pages: the catalog (forms and CSV import), the QR sheets, the working-day calendar. */
export const routes: WorkbenchRoute[] = [
  {
    path: '/admin/catalog',
    component: () => import('./catalog/index.vue'),
    meta: { title: '目录管理', roles: ['admin'], nav: { label: '目录管理', order: 90 } },
  },
  {
    path: '/admin/qr',
    component: () => import('./qr/index.vue'),
    meta: { title: '评价二维码', roles: ['admin'], nav: { label: '评价二维码', order: 91 } },
  },
  {
    path: '/admin/calendar',
    component: () => import('./calendar/index.vue'),
    meta: { title: '工作日历', roles: ['admin'], nav: { label: '工作日历', order: 92 } },
  },
];
