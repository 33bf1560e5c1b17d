import type { WorkbenchRoute } from '../routes.js';

/** The admin area's pages. */
export const routes: WorkbenchRoute[] = [];
