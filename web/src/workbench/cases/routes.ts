import type { WorkbenchRoute } from '../routes.js';

/** The cases area's pages. */
export const routes: WorkbenchRoute[] = [];
