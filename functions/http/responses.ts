import * as z from 'zod/mini';

/**
 * What routes answer (200/201 JSON), for the OpenAPI document and the web app's generated
 * types. Strict objects: a field the handler adds or drops without saying so here fails
 * the integration tests (test/integration/http.ts parses every answer of a route that
 * declares one). Pure data, no AWS imports.
 */
const str = z.string();
const opt = z.optional;

/** `GET /meta` (functions/usecases/meta.ts `pageRules`). */
export const PageRulesResponse = z.strictObject({
  rating: z.strictObject({
    levels: z.record(str, str),
    badLevels: z.array(z.int()),
    maxTextLength: z.int(),
    tagsByChannel: z.record(str, z.array(str)),
  }),
  evidence: z.strictObject({
    maxBytes: z.int(),
    types: z.array(z.strictObject({ contentType: str, label: str, extensions: z.array(str) })),
  }),
  badReview: z.strictObject({ steps: z.record(str, str), days: z.strictObject({ verify: z.int(), rectify: z.int() }) }),
});

/** `GET /places/{venueId}`: names only, no personal data. */
export const PlaceInfoResponse = z.strictObject({
  venue: z.strictObject({ venueId: str, name: str, kind: str, regionCode: str }),
  window: opt(z.strictObject({ windowId: str, name: str, unitId: opt(str), unitName: opt(str) })),
  rateUrl: str,
});

/** `GET /my/cases` (functions/usecases/citizen.ts `MyCaseView`). */
export const MyCasesResponse = z.strictObject({
  items: z.array(
    z.strictObject({
      caseNumber: str,
      itemName: str,
      unitName: str,
      venueId: opt(str),
      venueName: opt(str),
      windowId: opt(str),
      windowName: opt(str),
      status: str,
      acceptedAt: str,
      completedAt: opt(str),
      rated: z.boolean(),
      /** After this moment an unrated completed case gets the default rating (满意). */
      rateBy: opt(str),
    }),
  ),
  next: opt(str),
});

/** A consultation or complaint as the person who filed it sees it (`progressView`). */
export const ComplaintProgress = z.strictObject({
  complaintId: str,
  kindName: str,
  sourceName: str,
  title: str,
  content: str,
  receivedAt: str,
  unitName: opt(str),
  /** Where it stands, in plain words. */
  stage: str,
  /** The unit must answer by then. */
  dueAt: opt(str),
  answer: opt(z.strictObject({ text: str, at: str })),
  canRate: z.boolean(),
  closedAt: opt(str),
  repeat: opt(z.boolean()),
});

/** `GET /my/progress`. */
export const MyProgressResponse = z.strictObject({
  reviews: z.array(
    z.strictObject({
      reviewId: str,
      caseNumber: str,
      itemName: str,
      unitName: str,
      levelName: str,
      createdAt: str,
      open: z.boolean(),
      voided: z.boolean(),
      stage: str,
      /** While open: the unit must finish the current stage by then. */
      deadline: opt(str),
      closedAt: opt(str),
    }),
  ),
  complaints: z.array(ComplaintProgress),
});

/** `GET /public/regions`. */
export const RegionsResponse = z.strictObject({ items: z.array(z.strictObject({ code: str, name: str, level: str, parentCode: opt(str) })) });

/** `POST /public/rating-invitations/open`. */
export const OpenInvitationResponse = z.strictObject({
  caseNumber: str,
  itemName: str,
  unitName: str,
  completedAt: opt(str),
  expiresAt: str,
  rated: z.boolean(),
  rating: opt(z.strictObject({ level: z.int(), levelName: str })),
});

/** A person as the reader may see them: in full (their own), contact (the unit) or masked (张*, 1101**********1234). */
const PersonView = z.strictObject({ name: str, idType: str, idNumber: str, phone: opt(str) });

/** A rating as `ratingView` (functions/usecases/views.ts) shows it. */
export const RatingView = z.strictObject({
  ratingId: str,
  caseNumber: str,
  assessNumber: z.int(),
  level: z.int(),
  levelName: str,
  channel: str,
  channelName: str,
  tags: z.array(str),
  text: opt(str),
  anonymous: z.boolean(),
  rater: opt(PersonView),
  itemCode: str,
  unitId: str,
  regionCode: str,
  caseRegionCode: str,
  venueId: opt(str),
  windowId: opt(str),
  givenAt: opt(z.strictObject({ venueId: opt(str), windowId: opt(str) })),
  deviceId: opt(str),
  ratedAt: str,
  receivedAt: str,
  active: z.boolean(),
  bad: z.boolean(),
  voided: opt(z.boolean()),
  voidedAt: opt(str),
});

/** `POST /ratings`, `POST /public/invited-ratings`: 201 when recorded now, 200 with `replayed` when a retry got the first answer back. */
export const RatingSubmissionResponse = z.strictObject({ replayed: z.boolean(), rating: RatingView });

/** `POST /public/invited-ratings`: the holder of a link sees what they said, never the record (the applicant's data, unit codes). */
export const InvitedRatingResponse = z.strictObject({
  replayed: z.boolean(),
  rating: z.strictObject({ caseNumber: str, level: z.int(), tags: z.array(str), anonymous: z.boolean(), bad: z.boolean() }),
});

/** `POST /ratings/batch` (and every batch): one result per item, in order, each with its own status and answer or error. */
export const BatchResponse = z.strictObject({
  total: z.int(),
  succeeded: z.int(),
  failed: z.int(),
  results: z.array(z.strictObject({ index: z.int(), status: z.int(), body: z.unknown() })),
});

/**
 * `POST /complaints`, `POST /public/complaints`: the complaint as the submitter's role sees
 * it (its whole record for staff and supervisors, so only what every submitter may rely on
 * is named here), and the tracking code of an anonymous one.
 */
export const ComplaintSubmissionResponse = z.strictObject({
  replayed: z.boolean(),
  complaint: z.looseObject({ complaintId: str, kindName: str, title: str, receivedAt: str, status: str }),
  /** Anonymous submissions only: follow it with `GET /public/complaints/{code}`. */
  trackingCode: opt(str),
});

/** `GET /windows/{venueId}/{windowId}/current-case`: what the window's pad shows (the applicant's name masked). */
export const PadBoardResponse = z.strictObject({
  venueId: str,
  windowId: str,
  venueName: str,
  windowName: str,
  current: z.nullable(
    z.strictObject({
      caseNumber: str,
      itemName: str,
      unitName: str,
      /** Always masked (张*). */
      applicantName: str,
      completedAt: opt(str),
      pushedAt: str,
      rated: z.boolean(),
      /** For the pad itself: send it back with the rating (`ticket`) until the board stops offering the case. */
      ticket: opt(str),
    }),
  ),
  etag: str,
});
