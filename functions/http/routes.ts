import type { RouteDef } from './route-def.js';
import { BAD_REVIEW_ROUTES } from './routes-bad-reviews.js';
import { CALENDAR_ROUTES } from './routes-calendar.js';
import { CASE_ROUTES } from './routes-cases.js';
import { CATALOG_ROUTES } from './routes-catalog.js';
import { CITIZEN_ROUTES } from './routes-citizen.js';
import { COMPLAINT_ROUTES } from './routes-complaints.js';
import { EXCHANGE_ROUTES } from './routes-exchange.js';
import { INDICATOR_ROUTES } from './routes-indicators.js';
import { PAD_ROUTES } from './routes-pad.js';
import { REPORT_ROUTES } from './routes-reports.js';
import { SYSTEM_ROUTES } from './routes-system.js';

/**
 * Every HTTP route, once: the local server and the CDK API both read this table, and the
 * OpenAPI document is generated from its zod schemas. Pure data, no AWS imports.
 *
 * The routes are defined per capability (routes-*.ts) and each handler imports only its
 * own module, so a function bundles and builds the schemas of its capability's routes,
 * not of every route (a new capability's routes grow no other function).
 */
export const ROUTES = {
  ...SYSTEM_ROUTES,
  ...CATALOG_ROUTES,
  ...CASE_ROUTES,
  ...CALENDAR_ROUTES,
  ...BAD_REVIEW_ROUTES,
  ...COMPLAINT_ROUTES,
  ...CITIZEN_ROUTES,
  ...INDICATOR_ROUTES,
  ...REPORT_ROUTES,
  ...EXCHANGE_ROUTES,
  ...PAD_ROUTES,
} as const satisfies Record<string, RouteDef>;

export type RouteId = keyof typeof ROUTES;
export const routeList = () => Object.entries(ROUTES).map(([id, r]) => ({ id: id as RouteId, ...(r as RouteDef) }));

export { IsoDate, Paging, QueryInt, type RouteDef } from './route-def.js';
export { CaseBatch, MAX_BATCH, RatingBatch } from './routes-cases.js';
export { CatalogKey } from './routes-catalog.js';
export { CalendarOverrideBody, CalendarYearBody } from './routes-calendar.js';
