import * as z from 'zod/mini';

/**
 * What the supervisors' routes answer (indicators, coverage, hot spots, the 通报 and
 * commendation lists, reports), for the OpenAPI document and the workbench's generated
 * types. Strict objects, as in responses.ts: the integration tests parse every answer of
 * these routes with them. Pure data, no AWS imports.
 */
const str = z.string();
const int = z.int();
const opt = z.optional;
/** A share between 0 and 1, or null when nothing was counted below the line. */
const rate = z.nullable(z.number());

/** One channel's figures (core/indicators/formulas.ts `ChannelFigures`). */
const ChannelFigures = z.strictObject({ ratings: int, share: rate, good: int, bad: int, goodRate: rate, badRate: rate });

/** One figure set (core/indicators/formulas.ts `indicatorsOf`), with the asked channel's figures when one was named. */
const Figures = z.strictObject({
  cases: int,
  completed: int,
  ratings: int,
  activeRatings: int,
  defaultRatings: int,
  followUps: int,
  activeRatingRate: rate,
  goodRate: rate,
  badRate: rate,
  levels: z.record(str, int),
  channels: z.record(str, int),
  byChannel: z.record(str, ChannelFigures),
  badReviews: int,
  badReviewsClosed: int,
  namedBadReviewVisitRate: rate,
  rectificationRate: rate,
  onTimeRectificationRate: rate,
  complaints: int,
  complaintsAnswered: int,
  repeatComplaints: int,
  complaintOnTimeRate: rate,
  averageHandlingHours: z.nullable(z.number()),
  taskOrders: int,
  taskOrdersOverdue: int,
  escalations: int,
  channel: opt(ChannelFigures),
});

/** `GET /indicators` (usecases/indicators.ts `getIndicators`). */
export const IndicatorsResponse = z.strictObject({
  scope: z.strictObject({ kind: z.enum(['region', 'unit', 'item']), id: str, name: str }),
  from: str,
  to: str,
  channel: opt(str),
  indicators: z.extend(Figures, { casesPerResident: z.nullable(z.number()), unitsOnNoticeList: z.nullable(int) }),
  children: z.array(z.strictObject({ regionCode: str, name: str, indicators: Figures })),
  units: z.array(z.strictObject({ unitId: str, name: str, indicators: Figures, rank: int })),
  noticeUnits: z.array(z.strictObject({ unitId: str, name: str, escalations: int })),
  trend: z.array(
    z.strictObject({
      month: str,
      ratings: int,
      goodRate: rate,
      badRate: rate,
      activeRatingRate: rate,
      complaintOnTimeRate: rate,
      channel: opt(ChannelFigures),
    }),
  ),
  read: int,
});

/** `GET /indicators/coverage` (usecases/coverage.ts `Coverage`). */
export const CoverageResponse = z.strictObject({
  scope: z.strictObject({ kind: z.enum(['region', 'unit']), id: str, name: str }),
  from: str,
  to: str,
  itemCoverageRate: rate,
  itemIncidenceRate: rate,
  deviceCoverageRate: rate,
  qrCoverageRate: rate,
  counts: z.strictObject({
    items: int,
    itemsWithCases: int,
    itemsWithCompletedCases: int,
    itemsCovered: int,
    hallWindows: int,
    hallWindowsWithPad: int,
    points: int,
    pointsWithQr: int,
  }),
  gaps: z.strictObject({
    items: z.array(z.strictObject({ itemCode: str, itemName: str, unitId: str, unitName: str, regionCode: str, regionName: opt(str), completed: int })),
    windowsWithoutPad: z.array(
      z.strictObject({
        venueId: str,
        venueName: str,
        windowId: str,
        windowName: str,
        regionCode: str,
        regionName: opt(str),
        unitId: opt(str),
        unitName: opt(str),
        device: opt(z.literal('terminal')),
      }),
    ),
    pointsWithoutQr: z.array(z.strictObject({ venueId: str, venueName: str, kind: z.enum(['township', 'village']), regionCode: str, regionName: opt(str) })),
  }),
  byRegion: z.array(z.strictObject({ regionCode: str, regionName: opt(str), items: int, windowsWithoutPad: int, pointsWithoutQr: int })),
  byUnit: z.array(z.strictObject({ unitId: str, unitName: opt(str), regionCode: str, items: int, windowsWithoutPad: int })),
  read: z.strictObject({ counters: int, catalog: int }),
});

/** `GET /complaint-hot-spots` (core/complaints/clusters.ts `HotSpot`): terms and ids, no personal data. */
export const HotSpotsResponse = z.strictObject({
  from: str,
  to: str,
  analysed: int,
  truncated: z.boolean(),
  hotSpots: z.array(
    z.strictObject({
      id: str,
      unitId: opt(str),
      itemCode: opt(str),
      size: int,
      people: int,
      complaintIds: z.array(str),
      topTerms: z.array(str),
      examples: z.array(str),
      firstAt: str,
      lastAt: str,
      trend: z.strictObject({ weeks: z.array(z.strictObject({ from: str, to: str, count: int })), lastWeekRose: z.boolean() }),
    }),
  ),
});

const NoticePeriod = { period: str, periodStart: str, periodEnd: str };
const NoticeEntry = { period: str, unitId: str, regionCode: str, caseNumber: str, escalation: int, at: str };

/** `GET /notice-list`: the bad reviews' bi-weekly 通报 list. */
export const NoticeListResponse = z.strictObject({ ...NoticePeriod, items: z.array(z.strictObject({ ...NoticeEntry, reviewId: str })) });

/** `GET /complaint-notice-list`: the complaints' bi-weekly 通报 list (`caseId` is the complaint's id). */
export const ComplaintNoticeListResponse = z.strictObject({ ...NoticePeriod, items: z.array(z.strictObject({ ...NoticeEntry, caseId: str })) });

/** `GET /commendation-list`. */
export const CommendationListResponse = z.strictObject({
  from: str,
  to: str,
  minRatings: int,
  items: z.array(z.strictObject({ unitId: str, name: str, indicators: Figures })),
});

/** A report record as the API shows it (usecases/reports.ts `recordView`: no file keys). */
export const ReportRecordResponse = z.strictObject({
  reportId: str,
  kind: z.enum(['biweekly', 'progress', 'year']),
  regionCode: str,
  regionName: str,
  from: str,
  to: str,
  title: str,
  status: z.literal('ready'),
  trigger: z.enum(['schedule', 'demand']),
  counts: z.record(str, int),
  reads: z.record(str, int),
  files: z.strictObject({ xlsx: z.strictObject({ bytes: int }), html: z.strictObject({ bytes: int }) }),
  createdAt: str,
  updatedAt: str,
});

/** `POST /reports`: 201 when new, 200 when it replaced (or found unchanged) the report of the same kind, region and period. */
export const ReportCreatedResponse = z.strictObject({ outcome: z.enum(['created', 'replaced', 'unchanged']), report: ReportRecordResponse });

/** `GET /reports`. */
export const ReportListResponse = z.strictObject({ items: z.array(ReportRecordResponse), next: opt(str) });
