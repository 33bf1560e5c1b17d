import * as z from 'zod/mini';
import { Person } from './people.js';

/** 办件编号: GB/T 39046 an..50. */
export const CaseNumber = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,50}$/, '办件编号应为1-50位字母、数字、下划线或连字符'));
const Id = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,40}$/));
/** Earliest instant a case or rating may carry: older data is an entry error (e.g. year 0001). */
export const EARLIEST_INSTANT = '2000-01-01T00:00:00+08:00';
/** Clock skew tolerated for instants that must not lie in the future. */
export const FUTURE_SKEW_MS = 5 * 60_000;

/**
 * A past instant with an offset, from 2000 up to now (plus a few minutes of clock skew):
 * year 0001 or 9999, or an acceptance next year, is refused as the field's own error
 * instead of breaking deadline arithmetic later.
 */
export const PastInstant = z.iso.datetime({ offset: true }).check(
  z.superRefine((v: string, ctx) => {
    const t = Date.parse(v);
    if (!(t >= Date.parse(EARLIEST_INSTANT))) ctx.addIssue({ code: 'custom', params: { rule: 'plausible_date' }, message: '时间不能早于 2000-01-01' });
    else if (t > Date.now() + FUTURE_SKEW_MS) ctx.addIssue({ code: 'custom', params: { rule: 'not_in_future' }, message: '时间不能晚于当前时间' });
  }),
);
const Instant = PastInstant;

export const CaseStatus = z.enum(['accepted', 'completed', 'cancelled']);

/** A case (办件) as a business system pushes it. Idempotent by case number. */
export const CaseInput = z
  .strictObject({
    caseNumber: CaseNumber,
    itemCode: z.string().check(z.regex(/^[A-Za-z0-9-]{1,50}$/)),
    unitId: Id,
    venueId: z.optional(Id),
    windowId: z.optional(Id),
    applicantKind: z.enum(['person', 'entity']),
    applicant: Person,
    acceptedAt: Instant,
    completedAt: z.optional(Instant),
    status: CaseStatus,
  })
  .check(
    z.superRefine((c, ctx) => {
      if (c.status === 'completed' && !c.completedAt)
        ctx.addIssue({ code: 'custom', path: ['completedAt'], params: { rule: 'required_when_completed' }, message: '办结状态必须提供办结时间' });
      if (c.completedAt && Date.parse(c.completedAt) < Date.parse(c.acceptedAt))
        ctx.addIssue({ code: 'custom', path: ['completedAt'], params: { rule: 'after_accepted' }, message: '办结时间不能早于受理时间' });
      if (c.windowId && !c.venueId)
        ctx.addIssue({ code: 'custom', path: ['venueId'], params: { rule: 'required_with_window' }, message: '提供窗口时必须提供场所' });
      if (c.applicantKind === 'entity' && c.applicant.idType === 'resident_id')
        ctx.addIssue({ code: 'custom', path: ['applicant', 'idType'], params: { rule: 'entity_id' }, message: '法人申请人应使用统一社会信用代码' });
    }),
  );
export type CaseInput = z.infer<typeof CaseInput>;

/** A stored case: the input plus what the system derives and tracks. */
export interface CaseRecord extends CaseInput {
  regionCode: string;
  itemName: string;
  /** Salted hash of the applicant's ID: lets a citizen find their own cases without storing it twice. */
  personKey: string;
  /** Number of ratings given (0, 1, or 2 with a follow-up). */
  ratingCount: number;
  /** When a completed, unrated case gets its default rating (7 working days after 办结). */
  defaultRatingDueAt?: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** Fields whose change counts as an update; anything else is a retry of the same push. */
export const sameCaseContent = (a: CaseInput, b: CaseInput) => JSON.stringify(caseContent(a)) === JSON.stringify(caseContent(b));

// The applicant is spelled out field by field: a stored case comes back from DynamoDB with its
// map keys in any order, and JSON.stringify would then call an identical push an update.
const caseContent = (c: CaseInput) => ({
  itemCode: c.itemCode,
  unitId: c.unitId,
  venueId: c.venueId,
  windowId: c.windowId,
  applicantKind: c.applicantKind,
  applicant: { name: c.applicant.name, idType: c.applicant.idType, idNumber: c.applicant.idNumber, phone: c.applicant.phone },
  acceptedAt: c.acceptedAt,
  completedAt: c.completedAt,
  status: c.status,
});
