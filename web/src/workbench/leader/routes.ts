import type { WorkbenchRoute } from '../routes.js';
import { loadOrderCount } from './task-orders/count.js';

/** The leader area's pages: the unit's figures, the task orders to sign and complete, and a printable 任务交办单. */
export const routes: WorkbenchRoute[] = [
  {
    path: '/unit-figures',
    component: () => import('./unit-figures/index.vue'),
    meta: { title: '本单位指标', roles: ['leader', 'staff'], nav: { label: '本单位指标', order: 40 } },
  },
  {
    path: '/task-orders',
    component: () => import('./task-orders/index.vue'),
    meta: { title: '任务交办单', roles: ['leader', 'staff', 'supervisor', 'admin'], nav: { label: '任务交办单', order: 30, countKey: 'taskOrders' } },
  },
  {
    path: '/task-orders/:source(bad-reviews|complaints)/:id/:n(\\d+)/print',
    component: () => import('./print/index.vue'),
    props: true,
    meta: { title: '打印任务交办单', roles: ['leader', 'staff', 'supervisor', 'admin'] },
  },
];

// The navigation's count of open task orders. Registered once this module has been evaluated:
// layout/counts.js imports the router, which imports this module, so a static import would be a cycle.
void import('../layout/counts.js').then(({ registerCount }) => registerCount('taskOrders', loadOrderCount));
