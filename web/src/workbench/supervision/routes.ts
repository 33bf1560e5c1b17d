import type { WorkbenchRoute } from '../routes.js';

/** The supervision area's pages. */
export const routes: WorkbenchRoute[] = [];
