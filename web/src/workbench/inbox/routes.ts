import type { WorkbenchRoute } from '../routes.js';

/** The inbox area's pages. */
export const routes: WorkbenchRoute[] = [];
