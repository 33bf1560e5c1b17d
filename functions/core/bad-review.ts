import * as z from 'zod/mini';
import type { EvidenceFile } from './evidence.js';
import { parseConfigJson } from './validation.js';
import type { Level, RatingRecord } from './ratings.js';
import { newSupervisedState, type SupervisedCase, type TaskOrder as SupervisedTaskOrder } from '../supervision/model.js';

/**
 * Bad-review handling (差评整改) — its own rules, without I/O. A bad review is a supervised
 * case (supervision/model.ts): the supervision core (functions/supervision/) plans its
 * steps, reminds, issues task orders and escalates; the workflow
 * (workflows/bad-review.asl.json) drives the steps. This module says what the bad review's
 * own steps are and when the unit has done one.
 */

/** Workflow steps: 核实 verify, 整改反馈 rectify, 回访 visit, and the overdue ladder's 任务交办单 taskOrder and 督办升级 escalated. */
export type Step = 'verify' | 'rectify' | 'visit' | 'taskOrder' | 'escalated';
export type UnitStep = 'verify' | 'rectify';
export const STEP_NAMES: Record<Step, string> = { verify: '核实', rectify: '整改反馈', visit: '回访', taskOrder: '任务交办单', escalated: '督办升级' };

/** Every number is configuration (DESIGN §3): working days per step, the extension cap, reminder points. */
export interface BadReviewConfig {
  verifyDays: number;
  rectifyDays: number;
  visitDays: number;
  taskOrderDays: number;
  escalatedDays: number;
  maxExtensionDays: number;
  reminderFractions: number[];
}
export const DEFAULT_BAD_REVIEW_CONFIG: BadReviewConfig = {
  verifyDays: 1,
  rectifyDays: 5,
  visitDays: 5,
  taskOrderDays: 3,
  escalatedDays: 5,
  maxExtensionDays: 15,
  reminderFractions: [0.5, 0.8],
};

const Days = z.int().check(z.gte(1), z.lte(60));
/** Overrides of the defaults (`BAD_REVIEW_CONFIG`, JSON): only known keys, whole working days, reminder points inside (0, 1). */
const BadReviewConfigOverrides = z.partial(
  z.strictObject({
    verifyDays: Days,
    rectifyDays: Days,
    visitDays: Days,
    taskOrderDays: Days,
    escalatedDays: Days,
    maxExtensionDays: z.int().check(z.gte(0), z.lte(60)),
    reminderFractions: z.array(z.number().check(z.gt(0), z.lt(1))).check(z.maxLength(5)),
  }),
);

/**
 * The bad-review numbers from `BAD_REVIEW_CONFIG` (JSON overriding the defaults), checked
 * once at cold start: a typo fails the function's start with one clear line naming the key,
 * instead of a deadline of `NaN` days at the first bad review.
 */
export function parseBadReviewConfig(json: string | undefined): BadReviewConfig {
  return { ...DEFAULT_BAD_REVIEW_CONFIG, ...parseConfigJson('BAD_REVIEW_CONFIG', json, BadReviewConfigOverrides) };
}

export type { Escalation, TimelineEntry } from '../supervision/model.js';
export type TaskOrder = SupervisedTaskOrder<UnitStep>;

export type { EvidenceFile } from './evidence.js';

export interface BadReview extends SupervisedCase<Step, UnitStep> {
  reviewId: string;
  ratingId: string;
  itemCode: string;
  level: Level;
  anonymous: boolean;
  personKey?: string;
  round: 1 | 2;
  verification?: { contacted: boolean; facts: string; at: string; by: string };
  rectifications: { round: number; measures: string; evidence: EvidenceFile[]; at: string; by: string }[];
  replies: { round: number; text: string; at: string; by: string }[];
  visits: { round: number; answer: VisitAnswer; comment?: string; at: string }[];
  files: EvidenceFile[];
  appeal?: {
    category?: AppealCategory;
    reason: string;
    attachments?: EvidenceFile[];
    at: string;
    by: string;
    decision?: { uphold: boolean; comment?: string; by: string; at: string };
  };
  closeReason?: CloseReason;
}

/** 申诉类别: malicious (恶意评价), mistaken (误评，评价对象或内容有误), notOurs (非本单位原因), other. */
export const AppealCategory = z.enum(['malicious', 'mistaken', 'notOurs', 'other']);
export type AppealCategory = z.infer<typeof AppealCategory>;
export const APPEAL_CATEGORY_NAMES: Record<AppealCategory, string> = { malicious: '恶意评价', mistaken: '误评', notOurs: '非本单位原因', other: '其他' };

export const VisitAnswer = z.enum(['satisfied', 'basic', 'dissatisfied']);
export type VisitAnswer = z.infer<typeof VisitAnswer>;
export const CloseReason = z.enum(['visitAnswered', 'visitDissatisfiedFinal', 'noAnswer', 'anonymousRectified', 'voided']);
export type CloseReason = z.infer<typeof CloseReason>;

/** A fresh bad review for a rating of level 4–5; its workflow starts from it. */
export function buildBadReview(r: RatingRecord): BadReview {
  return {
    ...newSupervisedState(r.receivedAt, r.anonymous ? '收到匿名差评' : '收到实名差评'),
    reviewId: r.ratingId,
    ratingId: r.ratingId,
    caseNumber: r.caseNumber,
    unitId: r.unitId,
    regionCode: r.caseRegionCode,
    itemCode: r.itemCode,
    level: r.level,
    anonymous: r.anonymous,
    ...(r.personKey ? { personKey: r.personKey } : {}),
    rectifications: [],
    replies: [],
    visits: [],
    files: [],
  };
}

/** Whether the unit has finished a step of the current round. Anonymous reviews need no reply. */
export function unitStepDone(c: BadReview, step: UnitStep): boolean {
  if (step === 'verify') return !!c.verification;
  const rectified = c.rectifications.some((r) => r.round === c.round);
  return rectified && (c.anonymous || c.replies.some((r) => r.round === c.round));
}
