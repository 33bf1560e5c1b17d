import * as z from 'zod/mini';
import { newSupervisedState, type SupervisedCase } from '../../supervision/model.js';
import { PastInstant } from '../cases.js';
import { RegionCode } from '../catalog.js';
import type { EvidenceFile } from '../evidence.js';
import { isValidChineseId, isValidPhone, isValidUnifiedSocialCreditCode, maskId, maskName, maskPhone } from '../identity.js';
import { IdType } from '../people.js';
import { Text } from '../text.js';
import { parseConfigJson } from '../validation.js';

/**
 * Consultations and complaints (咨询投诉) — their own rules, without I/O. A complaint is a
 * supervised case (supervision/model.ts): the supervision core plans its steps, reminds,
 * issues task orders and escalates; workflows/complaint.asl.json drives the steps. This
 * module says what a complaint holds (GB/T 39046 §6.7 fields), its steps and deadlines,
 * and when the unit has done its step.
 */

/** 咨询 / 投诉 / 建议 / 求助. */
export const ComplaintKind = z.enum(['consultation', 'complaint', 'suggestion', 'help']);
export type ComplaintKind = z.infer<typeof ComplaintKind>;
export const KIND_NAMES: Record<ComplaintKind, string> = { consultation: '咨询', complaint: '投诉', suggestion: '建议', help: '求助' };

/** Where it came from (投诉来源): the national platform's transfer, the provincial portal, the mobile app, a hall window, the 12345 hotline. */
export const ComplaintSource = z.enum(['national', 'portal', 'app', 'window', 'hotline']);
export type ComplaintSource = z.infer<typeof ComplaintSource>;
export const SOURCE_NAMES: Record<ComplaintSource, string> = {
  national: '全国一体化政务服务平台转办',
  portal: '省政务服务网',
  app: '移动端',
  window: '政务服务大厅窗口',
  hotline: '12345热线',
};

/**
 * Steps: 派单 assign (a supervisor picks the unit when the intake named none), 签收 accept
 * (the unit's one working day to return a wrong assignment, 退回改派), 办理 handle (handling
 * and the draft answer), 答复审核 review (a supervisor approves or sends the answer back),
 * 回访 visit (the person rates the answer), and the overdue ladder's steps.
 */
export type Step = 'assign' | 'accept' | 'handle' | 'review' | 'visit' | 'taskOrder' | 'escalated';
export type UnitStep = 'handle';
export const STEP_NAMES: Record<Step, string> = {
  assign: '派单',
  accept: '签收',
  handle: '办理',
  review: '答复审核',
  visit: '回访评价',
  taskOrder: '任务交办单',
  escalated: '督办升级',
};

export const CloseReason = z.enum(['answered', 'dissatisfiedFinal', 'noFeedback', 'anonymousAnswered', 'voided']);
export type CloseReason = z.infer<typeof CloseReason>;

/** Every number is configuration (DESIGN §3, the 12345 practice): working days. */
export interface ComplaintConfig {
  /** Time to answer by kind, counted from the day after receipt. */
  dueDays: Record<ComplaintKind, number>;
  assignDays: number;
  /** The unit's window to return a wrong assignment. */
  acceptDays: number;
  reviewDays: number;
  visitDays: number;
  /** Handling time of the second round after a reopened answer. */
  reopenDays: number;
  /** More than this many working days overdue (a missed task order) puts the unit on the 通报 list. */
  taskOrderDays: number;
  escalatedDays: number;
  maxExtensionDays: number;
  reminderFractions: number[];
  /** Consultations (and 求助) skip the supervisor's answer review. */
  consultationSkipsReview: boolean;
}
export const DEFAULT_COMPLAINT_CONFIG: ComplaintConfig = {
  dueDays: { consultation: 3, help: 3, complaint: 13, suggestion: 13 },
  assignDays: 1,
  acceptDays: 1,
  reviewDays: 1,
  visitDays: 5,
  reopenDays: 5,
  taskOrderDays: 5,
  escalatedDays: 5,
  maxExtensionDays: 13,
  reminderFractions: [0.5, 0.8],
  consultationSkipsReview: true,
};

const Days = z.int().check(z.gte(1), z.lte(60));
const ComplaintConfigOverrides = z.partial(
  z.strictObject({
    dueDays: z.partial(z.strictObject({ consultation: Days, help: Days, complaint: Days, suggestion: Days })),
    assignDays: Days,
    acceptDays: Days,
    reviewDays: Days,
    visitDays: Days,
    reopenDays: Days,
    taskOrderDays: Days,
    escalatedDays: Days,
    maxExtensionDays: z.int().check(z.gte(0), z.lte(60)),
    reminderFractions: z.array(z.number().check(z.gt(0), z.lt(1))).check(z.maxLength(5)),
    consultationSkipsReview: z.boolean(),
  }),
);

/** The complaint numbers from `COMPLAINT_CONFIG` (JSON overriding the defaults), checked once at cold start. */
export function parseComplaintConfig(json: string | undefined): ComplaintConfig {
  const { dueDays, ...rest } = parseConfigJson('COMPLAINT_CONFIG', json, ComplaintConfigOverrides) ?? {};
  return { ...DEFAULT_COMPLAINT_CONFIG, ...rest, dueDays: { ...DEFAULT_COMPLAINT_CONFIG.dueDays, ...dueDays } };
}

// ── Input ────────────────────────────────────────────────────────────────────

const Code = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,50}$/, '应为1-50位字母、数字、下划线或连字符'));

/** 诉求人 (real-name contact): name and phone; the ID number when given (it links repeats and the person's own list). */
export const Contact = z
  .strictObject({
    name: Text({ max: 100 }),
    phone: z.string().check(z.trim()),
    idType: z.optional(IdType),
    idNumber: z.optional(Text({ max: 30 })),
  })
  .check(
    z.superRefine((p, ctx) => {
      if (!isValidPhone(p.phone)) ctx.addIssue({ code: 'custom', path: ['phone'], params: { rule: 'phone' }, message: '不是有效的手机号或固定电话' });
      if (p.idNumber !== undefined && p.idType === undefined)
        ctx.addIssue({ code: 'custom', path: ['idType'], params: { rule: 'required' }, message: '填写证件号码时必须注明证件类型' });
      if (p.idType === 'resident_id' && p.idNumber !== undefined && !isValidChineseId(p.idNumber))
        ctx.addIssue({
          code: 'custom',
          path: ['idNumber'],
          params: { rule: 'gb11643' },
          message: '不是有效的18位居民身份证号（GB 11643 校验位或出生日期错误）',
        });
      if (p.idType === 'uscc' && p.idNumber !== undefined && !isValidUnifiedSocialCreditCode(p.idNumber))
        ctx.addIssue({ code: 'custom', path: ['idNumber'], params: { rule: 'gb32100' }, message: '不是有效的统一社会信用代码（GB 32100 校验位错误）' });
    }),
  );
export type Contact = z.infer<typeof Contact>;

/** Masks a contact for a reader who must not see it (`contact`: the handling unit sees name and phone, the ID masked). */
export function discloseContact(c: Contact, level: 'full' | 'contact' | 'masked'): Contact {
  if (level === 'full') return c;
  return {
    name: level === 'contact' ? c.name : maskName(c.name),
    phone: level === 'contact' ? c.phone : maskPhone(c.phone),
    ...(c.idType ? { idType: c.idType } : {}),
    ...(c.idNumber ? { idNumber: maskId(c.idNumber) } : {}),
  };
}

/** Attachments per complaint. */
export const MAX_ATTACHMENTS = 5;

/** What every intake carries (§6.7: 标题, 内容, 被投诉单位/承办单位, 事项, 诉求人). */
const Common = {
  kind: ComplaintKind,
  title: Text({ max: 100, min: 4 }),
  content: Text({ max: 4000, min: 10, multiline: true }),
  /** The unit complained about or asked (被投诉单位 / 承办单位), when the person knows it. */
  unitId: z.optional(Code),
  itemCode: z.optional(Code),
  /** The case (办件) it is about. */
  caseNumber: z.optional(Code),
  /** 行政区划 of where it happened (defaults to the unit's or the receiving office's region). */
  regionCode: z.optional(RegionCode),
  /** 被投诉人 (a staff member's name or window number), free text. */
  respondent: z.optional(Text({ max: 100 })),
};

/**
 * An intake from the portal, the app, a hall window or the 12345 operator. Real-name with a
 * contact, or anonymous (a tracking code follows it). The idempotency key makes a retried
 * submission answer the first result.
 */
export const ComplaintInput = z
  .strictObject({
    ...Common,
    idempotencyKey: z.string().check(z.minLength(8), z.maxLength(100)),
    anonymous: z._default(z.boolean(), false),
    contact: z.optional(Contact),
  })
  .check(
    z.superRefine((c, ctx) => {
      if (!c.anonymous && !c.contact)
        ctx.addIssue({ code: 'custom', path: ['contact'], params: { rule: 'required' }, message: '实名诉求须填写联系人与电话（或选择匿名）' });
      if (c.anonymous && c.contact) ctx.addIssue({ code: 'custom', path: ['contact'], params: { rule: 'anonymous' }, message: '匿名诉求不能填写联系人' });
    }),
  );
export type ComplaintInput = z.output<typeof ComplaintInput>;

/**
 * A transfer from the national platform (全国一体化政务服务平台转办): the source's id (in the
 * path), its own due date (承诺时限, which wins over ours) and its fields. Real-name: the
 * platform collected the contact.
 */
export const TransferInput = z.strictObject({
  ...Common,
  contact: Contact,
  /** When the national platform received it (投诉时间). */
  receivedAt: PastInstant,
  /** The source's due date (承诺时限). */
  dueAt: z.iso.datetime({ offset: true }),
  /** The source platform's own code of the unit, kept for the export. */
  sourceUnitCode: z.optional(Text({ max: 60 })),
});
export type TransferInput = z.output<typeof TransferInput>;

// ── The record ───────────────────────────────────────────────────────────────

/** The fields of an intake that must match on a redelivery. */
export const CONTENT_FIELDS = [
  'kind',
  'title',
  'content',
  'unitId',
  'itemCode',
  'caseNumber',
  'regionCode',
  'respondent',
  'anonymous',
  'contact',
  'dueAt',
  'receivedAt',
] as const;

/** The intake's content fields (those present), compared on a redelivery. */
export const intakeOf = (input: Partial<Record<(typeof CONTENT_FIELDS)[number], unknown>>) =>
  Object.fromEntries(CONTENT_FIELDS.filter((f) => input[f] !== undefined).map((f) => [f, input[f]]));

/** The content fields in which a redelivery differs from the first delivery. */
export const changedFields = (first: Complaint['intake'], again: Complaint['intake']) =>
  CONTENT_FIELDS.filter((f) => canonical(first[f]) !== canonical(again[f]));

/** JSON with object keys sorted (a stored map may come back in another key order). */
const canonical = (v: unknown) =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x,
  );

export interface Assignment {
  unitId: string;
  at: string;
  by: string;
  /** 签收: the unit took it (or its day to return it passed). */
  acceptedAt?: string;
  /** 退回改派: the unit returned it as not theirs, with the reason. */
  returned?: { reason: string; at: string; by: string };
}

/** A draft answer (答复) of one round and what became of it. */
export interface DraftAnswer {
  n: number;
  round: number;
  text: string;
  at: string;
  by: string;
  /** submitted → approved (released) or sentBack (with the reviewer's comments). */
  status: 'submitted' | 'approved' | 'sentBack';
  /** The answer check's findings, shown to the reviewer (advice only). */
  findings: { code: string; severity: 'info' | 'warn'; message: string }[];
  fingerprint: string;
  review?: { approve: boolean; comment?: string; by: string; at: string };
}

export const FeedbackAnswer = z.enum(['satisfied', 'basic', 'dissatisfied']);
export type FeedbackAnswer = z.infer<typeof FeedbackAnswer>;
/** Why a person is dissatisfied: the unit's own doing (主观原因: not solved, attitude, delay) reopens once; policy limits (客观原因) do not. */
export const DissatisfiedReason = z.enum(['unresolved', 'attitude', 'delay', 'policy']);
export type DissatisfiedReason = z.infer<typeof DissatisfiedReason>;
export const SUBJECTIVE_REASONS: readonly DissatisfiedReason[] = ['unresolved', 'attitude', 'delay'];

export interface Complaint extends SupervisedCase<Step, UnitStep> {
  complaintId: string;
  kind: ComplaintKind;
  source: ComplaintSource;
  /** The national platform's id (转办编号) of a transfer. */
  sourceId?: string;
  sourceUnitCode?: string;
  title: string;
  content: string;
  itemCode?: string;
  relatedCaseNumber?: string;
  respondent?: string;
  anonymous: boolean;
  contact?: Contact;
  /** The signed-in person's key (hash of their ID number): their own list and access. */
  personKey?: string;
  /** Keyed hashes of ID number and phone (repeat detection); never the raw values. */
  complainantKeys: string[];
  receivedAt: string;
  /** Who took it in (受理人): the intake's principal, `system` for a transfer. */
  receivedBy: string;
  /**
   * 承诺时限: when the answer is due — a transfer's own from receipt, ours (the kind's
   * working days) from dispatch; extensions move `deadlines.handle`.
   */
  dueAt?: string;
  assignments: Assignment[];
  answers: DraftAnswer[];
  /** Attachments (PNG, JPEG, PDF ≤ 4 MiB each, at most MAX_ATTACHMENTS), uploaded after submission. */
  attachments: EvidenceFile[];
  /** 重复投诉: earlier complaints of the same person about the same unit or item. */
  repeatOf: { complaintId: string; daysBefore: number; sameUnit: boolean; sameItem: boolean }[];
  feedback: { round: number; answer: FeedbackAnswer; reason?: DissatisfiedReason; comment?: string; at: string; by: string }[];
  /** The approved answer reached the person (答复时间), and whether by the due date then in force. */
  answeredAt?: string;
  answeredOnTime?: boolean;
  /** Supervisor nudges of a supervisor step that ran over (派单, 答复审核). */
  nudges: number;
  /** The status changes sent back to the source, in order (their keys): the n-th is event seq n. */
  syncKeys: string[];
  /** The intake's content fields as received: a redelivery with other content is refused, naming the fields that differ. */
  intake: Partial<Record<(typeof CONTENT_FIELDS)[number], unknown>>;
  /** Answer review skipped (a consultation under the policy in force at receipt). */
  skipReview: boolean;
  round: 1 | 2;
  closeReason?: CloseReason;
}

/** The current assignment (the last one), if any. */
export const currentAssignment = (c: Pick<Complaint, 'assignments'>) => c.assignments.at(-1);

/** The latest draft answer of the current round. */
export const currentDraft = (c: Pick<Complaint, 'answers' | 'round'>) => c.answers.filter((a) => a.round === c.round).at(-1);

/** Whether the unit has done its step (办理): a draft answer of this round is submitted or approved. */
export function unitStepDone(c: Complaint, _step: UnitStep): boolean {
  const draft = currentDraft(c);
  return !!draft && draft.status !== 'sentBack';
}

/** The answer's due date in force: the handling deadline (extensions included), else the due date (set at receipt for a transfer, at dispatch otherwise). */
export const dueNow = (c: Pick<Complaint, 'deadlines' | 'dueAt'>) => c.deadlines.handle ?? c.dueAt;

/** A new complaint, waiting for its workflow to dispatch it. */
export function buildComplaint(
  f: Omit<
    Complaint,
    | keyof ReturnType<typeof newSupervisedState>
    | 'assignments'
    | 'answers'
    | 'repeatOf'
    | 'feedback'
    | 'nudges'
    | 'syncKeys'
    | 'round'
    | 'step'
    | 'deadlines'
    | 'attachments'
  > & { assignedBy?: string },
): Complaint {
  const { assignedBy, ...fields } = f;
  return {
    ...newSupervisedState(f.receivedAt, `受理${KIND_NAMES[f.kind]}（${SOURCE_NAMES[f.source]}）`),
    ...fields,
    attachments: [],
    assignments: f.unitId ? [{ unitId: f.unitId, at: f.receivedAt, by: assignedBy ?? f.receivedBy }] : [],
    answers: [],
    repeatOf: [],
    feedback: [],
    nudges: 0,
    syncKeys: [],
    round: 1,
  };
}

/**
 * The complaint as GB/T 39046 §6.7 (办事互动) names its fields: 投诉 fields for a 投诉 (and
 * 建议), 咨询 fields for a 咨询 (and 求助). Personal data as the reader may see it.
 */
export function standardFields(
  c: Complaint,
  unitName: (id: string) => string | undefined,
  contact: Contact | undefined,
  overdueDays: number,
): Record<string, string | number | undefined> {
  const draft = c.answers.filter((a) => a.status === 'approved').at(-1);
  const assignment = currentAssignment(c);
  const extension = c.extensions.filter((e) => e.decision?.approve).at(-1);
  if (c.kind === 'consultation' || c.kind === 'help')
    return {
      咨询编码: c.complaintId,
      咨询人: contact?.name ?? '匿名',
      咨询标题: c.title,
      咨询内容: c.content,
      咨询时间: c.receivedAt,
      处理时间: draft?.review?.at ?? draft?.at,
      处理人: draft?.by,
      处理意见: draft?.text,
      延期时限: extension ? c.deadlines.handle : undefined,
      延期原因: extension?.reason,
      超期天数: overdueDays,
    };
  return {
    投诉编码: c.complaintId,
    投诉标题: c.title,
    投诉人: contact?.name ?? '匿名',
    被投诉单位: c.unitId ? (unitName(c.unitId) ?? c.unitId) : undefined,
    被投诉人: c.respondent,
    投诉内容: c.content,
    投诉来源: SOURCE_NAMES[c.source],
    投诉时间: c.receivedAt,
    承办单位代码: assignment?.unitId ?? c.sourceUnitCode,
    承办单位名称: assignment ? unitName(assignment.unitId) : undefined,
    承办人: draft?.by,
    承办时间: assignment?.acceptedAt,
    反馈信息: draft?.text,
    反馈时间: c.answeredAt,
    承诺时限: dueNow(c),
    延期时限: extension ? c.deadlines.handle : undefined,
    延期原因: extension?.reason,
    超期天数: overdueDays,
  };
}
