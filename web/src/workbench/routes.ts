import type { RouteRecordRaw } from 'vue-router';
import type { Role } from './session.js';

/**
 * What each workbench area adds to the router: its pages (lazy, one chunk each), who may
 * open them, and whether (and where) they appear in the navigation. The API decides what
 * each user may see and do; `roles` only keeps pages out of menus they cannot use.
 */
export interface WorkbenchMeta {
  title: string;
  roles: readonly Role[];
  /** Shown in the navigation, in `order`; `countKey` names a figure from the nav counts. */
  nav?: { label: string; order: number; countKey?: string };
}
export type WorkbenchRoute = RouteRecordRaw & { meta: WorkbenchMeta };

declare module 'vue-router' {
  interface RouteMeta {
    title?: string;
    roles?: readonly Role[];
    nav?: WorkbenchMeta['nav'];
  }
}
