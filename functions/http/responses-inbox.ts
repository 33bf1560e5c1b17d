import * as z from 'zod/mini';

/**
 * What the unit inbox's routes answer (the bad-review and complaint lists, the notification
 * digest), for the OpenAPI document and the workbench's generated types. List items are
 * loose objects (other pages read more of their fields; a new field is no breaking change);
 * the fields the inbox reads are named. Pure data, no AWS imports.
 */
const str = z.string();
const int = z.int();
const opt = z.optional;

/** What bad reviews and complaints share in a list (functions/usecases/*: `summaryView`). */
const Supervised = {
  unitId: opt(str),
  regionCode: str,
  status: str,
  round: int,
  step: opt(str),
  stepName: opt(str),
  workStep: opt(str),
  deadline: opt(str),
  secondsLeft: opt(z.number()),
  overdue: z.boolean(),
  openTaskOrders: int,
  escalations: int,
  pendingExtension: z.boolean(),
  closedAt: opt(str),
  closeReason: opt(str),
  /** The service item's name (functions/usecases/inbox.ts). */
  itemName: opt(str),
};

/** `GET /bad-reviews` (functions/usecases/inbox-bad-reviews.ts). */
export const BadReviewListResponse = z.strictObject({
  items: z.array(
    z.looseObject({
      ...Supervised,
      reviewId: str,
      caseNumber: str,
      itemCode: str,
      level: int,
      anonymous: z.boolean(),
      createdAt: str,
      reasonTags: opt(z.array(str)),
      reasonText: opt(str),
      /** The rater's name and phone as this reader may see them (masked for others than the unit). */
      rater: opt(z.strictObject({ name: str, phone: opt(str) })),
    }),
  ),
  next: opt(str),
});

/** `GET /complaints` (functions/usecases/inbox-complaints.ts). */
export const ComplaintListResponse = z.strictObject({
  items: z.array(
    z.looseObject({
      ...Supervised,
      complaintId: str,
      kind: str,
      kindName: str,
      title: str,
      itemCode: opt(str),
      anonymous: z.boolean(),
      receivedAt: str,
    }),
  ),
  next: opt(str),
});

const Notice = z.strictObject({ id: str, kind: str, title: str, body: str, subject: opt(str), createdAt: str, read: z.boolean() });

/** `GET /notifications/digest` (functions/core/notification-digest.ts `digest`). */
export const NotificationDigestResponse = z.strictObject({
  groups: z.array(
    z.strictObject({
      key: str,
      subject: opt(str),
      subjectKind: z.enum(['badReview', 'complaint', 'other']),
      urgency: z.enum(['urgent', 'reminder', 'info']),
      latest: Notice,
      count: int,
      unread: int,
      ids: z.array(str),
    }),
  ),
  unread: int,
  urgentUnread: int,
});

/** `POST /notifications/groups/{key}/read`. */
export const NotificationGroupReadResponse = z.strictObject({ key: str, marked: int, read: z.boolean() });

/** The applicant or rater as the reader may see them (functions/core/people.ts `disclose`: masked ID number always, name and phone for the unit). */
const Person = z.looseObject({ name: str, idType: opt(str), idNumber: opt(str), phone: opt(str) });

/** `GET /cases` (functions/usecases/cases.ts `listCases`): one page of the unit's cases, newest accepted first. */
export const CaseListResponse = z.strictObject({
  items: z.array(
    z.looseObject({
      caseNumber: str,
      itemCode: str,
      itemName: str,
      unitId: str,
      windowId: opt(str),
      applicant: Person,
      status: str,
      acceptedAt: str,
      completedAt: opt(str),
      ratingCount: int,
    }),
  ),
  next: opt(str),
});

/** `GET /ratings` (functions/usecases/ratings.ts `listRatings`): the ratings of one page of the unit's cases (possibly none while `next` goes on). */
export const RatingListResponse = z.strictObject({
  items: z.array(
    z.looseObject({
      ratingId: str,
      caseNumber: str,
      assessNumber: int,
      level: int,
      levelName: str,
      channel: str,
      channelName: str,
      tags: z.array(str),
      text: opt(str),
      anonymous: z.boolean(),
      rater: opt(Person),
      itemCode: str,
      ratedAt: str,
      active: z.boolean(),
      bad: z.boolean(),
    }),
  ),
  next: opt(str),
});
