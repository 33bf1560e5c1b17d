import type { WorkbenchRoute } from '../routes.js';

/** The case pages (no navigation entries: the inbox, queues, notifications and task orders link here). */
export const routes: WorkbenchRoute[] = [
  {
    path: '/bad-reviews/:reviewId',
    component: () => import('./bad-review/index.vue'),
    props: true,
    meta: { title: '差评办理', roles: ['staff', 'leader', 'supervisor', 'admin'] },
  },
  {
    path: '/complaints/:complaintId',
    component: () => import('./complaint/index.vue'),
    props: true,
    meta: { title: '诉求办理', roles: ['staff', 'leader', 'supervisor', 'admin'] },
  },
];
