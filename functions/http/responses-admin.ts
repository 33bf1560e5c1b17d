import * as z from 'zod/mini';
import { Region, ServiceItem, Unit, Venue, Window } from '../core/catalog.js';

/**
 * What the catalog list, the working-day calendar and the public disclosure answer, for the
 * OpenAPI document and the workbench's and the public page's generated types. Strict
 * objects, as in responses.ts: the integration tests parse every answer of these routes with
 * them. Pure data, no AWS imports.
 */
const str = z.string();
const int = z.int();
const opt = z.optional;
/** A share between 0 and 1, or null when nothing was counted below the line. */
const rate = z.nullable(z.number());

/** `GET /catalog/{kind}`: one page of records of one kind (the records as stored, core/catalog.ts). */
export const CatalogListResponse = z.strictObject({
  items: z.array(z.union([Region, Unit, Venue, Window, ServiceItem])),
  next: opt(str),
});

const Day = z.strictObject({ date: str, kind: z.enum(['holiday', 'workday']), name: opt(str) });

/** `GET /calendar` (usecases/calendar.ts `getCalendar`): a year's special days, every admin override, and the years without data. */
export const CalendarResponse = z.strictObject({
  year: int,
  /** Whether the year has holiday data (the package's or an admin's). */
  covered: z.boolean(),
  /** Set when this or (from November) next year has no data: what the admin should do. */
  warning: z.nullable(str),
  /** The years the warning names. */
  missingYears: z.array(int),
  days: z.array(z.extend(Day, { source: z.enum(['package', 'override']) })),
  overrides: z.array(Day),
});

/** What the public sees of a unit or an item (usecases/indicators.ts `publicFigures`): counts and rates, nothing personal. */
const PublicFigures = {
  name: str,
  ratings: int,
  goodRate: rate,
  badRate: rate,
  levels: z.record(str, int),
  badReviews: int,
  badReviewsClosed: int,
  rectificationRate: rate,
  onTimeRectificationRate: rate,
};

/** `GET /public/disclosure`: a region's units (with the regions below it they belong to), or one unit's items. */
export const DisclosureResponse = z.strictObject({
  from: str,
  to: str,
  region: opt(z.strictObject({ regionCode: str, name: str, parentCode: opt(str) })),
  subRegions: opt(z.array(z.strictObject({ regionCode: str, name: str }))),
  units: opt(z.array(z.strictObject({ unitId: str, regionCode: str, ...PublicFigures }))),
  unit: opt(z.strictObject({ unitId: str, name: str, regionCode: str })),
  items: opt(z.array(z.strictObject({ itemCode: str, ...PublicFigures }))),
});
