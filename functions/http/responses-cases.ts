import * as z from 'zod/mini';
import { ComplaintProgress } from './responses.js';
import { taskOrderOwnFields } from './responses-leader.js';

/**
 * What the case detail routes answer (`GET /bad-reviews/{id}`, `GET /complaints/{id}`), for the OpenAPI document and the workbench's generated types. Loose
 * objects: the records carry more than the pages read, and these name what they do read.
 */
const str = z.string();
const int = z.int();
const bool = z.boolean();
const opt = z.optional;

const Person = z.looseObject({ name: opt(str), idType: opt(str), idNumber: opt(str), phone: opt(str) });
const File = z.looseObject({ fileId: str, name: str, contentType: str, size: int });
const TimelineEntry = z.looseObject({ at: str, actor: str, role: str, action: str, note: opt(str) });
const TaskOrder = z.looseObject({ ...taskOrderOwnFields, canComplete: bool });
const Escalation = z.looseObject({
  n: int,
  at: str,
  overdueStep: str,
  noticePeriod: str,
  proposal: str,
  outcome: opt(z.looseObject({ kind: z.enum(['interview', 'notice', 'none']), note: str, by: str, at: str })),
});
const Decision = z.looseObject({ approve: bool, days: int, comment: opt(str), by: str, at: str });
const Extension = z.looseObject({ days: int, reason: str, at: str, by: str, decision: opt(Decision) });

/** What both supervised case types show: step, deadline, time left as the server computed it, the ladder, the timeline, what the caller may do. */
const supervised = {
  unitId: opt(str),
  regionCode: str,
  status: z.enum(['pending', 'open', 'closed', 'voided']),
  round: int,
  step: opt(str),
  stepName: opt(str),
  workStep: opt(str),
  deadline: opt(str),
  secondsLeft: opt(int),
  overdue: bool,
  openTaskOrders: int,
  pendingExtension: bool,
  closedAt: opt(str),
  closeReason: opt(str),
};
const detail = {
  ...supervised,
  extensions: z.array(Extension),
  taskOrders: z.array(TaskOrder),
  escalations: z.array(Escalation),
  timeline: z.array(TimelineEntry),
  /** What this caller may do now (functions/usecases/case-actions.ts), e.g. `verify`, `acknowledgeTaskOrder:2`. */
  actions: z.array(str),
  /** Working days of extension still available under the cap. */
  extensionDaysLeft: int,
};

const badReviewSummary = {
  ...supervised,
  reviewId: str,
  caseNumber: str,
  itemCode: str,
  level: int,
  anonymous: bool,
  escalations: int,
  pendingAppeal: bool,
  createdAt: str,
  deadlineProvisional: opt(bool),
  deadlineProvisionalReason: opt(str),
};

/** `GET /bad-reviews/{reviewId}` (bad-reviews.ts `getBadReview`). */
export const BadReviewDetailResponse = z.looseObject({
  ...badReviewSummary,
  ...detail,
  verification: opt(z.looseObject({ contacted: bool, facts: str, at: str, by: str })),
  rectifications: z.array(z.looseObject({ round: int, measures: str, evidence: z.array(File), at: str, by: str })),
  replies: z.array(z.looseObject({ round: int, text: str, at: str, by: str })),
  visits: z.array(z.looseObject({ round: int, answer: str, comment: opt(str), at: str })),
  files: z.array(File),
  appeal: opt(
    z.looseObject({
      category: opt(str),
      reason: str,
      attachments: opt(z.array(File)),
      at: str,
      by: str,
      decision: opt(z.looseObject({ uphold: bool, comment: opt(str), by: str, at: str })),
    }),
  ),
  rating: opt(
    z.looseObject({
      ratingId: str,
      level: int,
      levelName: str,
      channel: str,
      channelName: str,
      tags: z.array(str),
      text: opt(str),
      anonymous: bool,
      rater: opt(Person),
      itemCode: str,
      unitId: str,
      ratedAt: str,
    }),
  ),
});

const complaintSummary = {
  ...supervised,
  complaintId: str,
  kind: str,
  kindName: str,
  source: str,
  title: str,
  itemCode: opt(str),
  anonymous: bool,
  dueAt: opt(str),
  repeat: bool,
  escalations: int,
  receivedAt: str,
  answeredAt: opt(str),
  answeredOnTime: opt(bool),
};

const Finding = z.looseObject({ code: str, severity: z.enum(['info', 'warn']), message: str });

/** `GET /complaints/{complaintId}` for the workbench (`detailView`). */
export const ComplaintDetail = z.looseObject({
  ...complaintSummary,
  ...detail,
  content: str,
  caseNumber: str,
  relatedCaseNumber: opt(str),
  respondent: opt(str),
  sourceId: opt(str),
  contact: opt(Person),
  assignments: z.array(
    z.looseObject({
      unitId: str,
      at: str,
      by: str,
      acceptedAt: opt(str),
      returned: opt(z.looseObject({ reason: str, at: str, by: str })),
    }),
  ),
  answers: z.array(
    z.looseObject({
      n: int,
      round: int,
      text: str,
      at: str,
      by: str,
      status: z.enum(['submitted', 'approved', 'sentBack']),
      findings: z.array(Finding),
      review: opt(z.looseObject({ approve: bool, comment: opt(str), by: str, at: str })),
    }),
  ),
  attachments: z.array(File),
  /** How many more attachments the complaint takes. */
  attachmentsLeft: int,
  repeatOf: z.array(z.looseObject({ complaintId: str, daysBefore: int, sameUnit: bool, sameItem: bool })),
  feedback: z.array(z.looseObject({ round: int, answer: str, reason: opt(str), comment: opt(str), at: str })),
});

/** `GET /complaints/{complaintId}`: the detail, or for a citizen their progress (`ComplaintProgress`). */
export const ComplaintDetailResponse = z.union([ComplaintDetail, ComplaintProgress]);
