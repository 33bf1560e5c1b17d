import { z } from 'zod';
import type { Level, RatingRecord } from './ratings.js';

/**
 * Bad-review handling (差评整改) — the rules, without I/O. The workflow
 * (workflows/bad-review.asl.json) drives the steps; this module says what a step is,
 * when it is done, and what an action may do at the current step.
 */

/** Workflow steps: 核实 verify, 整改反馈 rectify, 回访 visit, 任务交办单 taskOrder, after escalation. */
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
  verifyDays: 1, rectifyDays: 5, visitDays: 5, taskOrderDays: 3, escalatedDays: 5, maxExtensionDays: 15, reminderFractions: [0.5, 0.8],
};

export interface TimelineEntry {
  at: string;
  /** Who acted: a user's `sub`, or `system` for the workflow. */
  actor: string;
  role: string;
  action: string;
  note?: string;
}

export interface TaskOrder {
  n: number;
  kind: 'auto' | 'manual';
  overdueStep?: UnitStep;
  content: string;
  issuedAt: string;
  issuedBy: string;
  deadline: string;
  status: 'issued' | 'acknowledged' | 'completed' | 'overdue';
  acknowledgedAt?: string;
  completedAt?: string;
  note?: string;
}

export interface Escalation {
  n: number;
  at: string;
  overdueStep: UnitStep;
  /** Bi-weekly notice period (双周通报) the unit is listed in. */
  noticePeriod: string;
  proposal: '约谈';
  outcome?: { kind: 'interview' | 'notice' | 'none'; note: string; by: string; at: string };
}

export interface EvidenceFile {
  fileId: string;
  name: string;
  contentType: string;
  size: number;
}

export interface BadReview {
  reviewId: string;
  ratingId: string;
  caseNumber: string;
  unitId: string;
  regionCode: string;
  itemCode: string;
  level: Level;
  anonymous: boolean;
  personKey?: string;
  status: 'pending' | 'open' | 'closed' | 'voided';
  createdAt: string;
  round: 1 | 2;
  /** The step the workflow is at, its deadline, and the callback token that completes it. */
  step?: Step;
  overdueStep?: UnitStep;
  stepStartedAt?: string;
  stepDeadline?: string;
  token?: string;
  remindersSent: number[];
  /** Deadline per step, kept so a resumed execution gets only the time left. */
  deadlines: Partial<Record<Step, string>>;
  executionId?: string;
  attempt: number;
  verification?: { contacted: boolean; facts: string; at: string; by: string };
  rectifications: { round: number; measures: string; evidence: EvidenceFile[]; at: string; by: string }[];
  replies: { round: number; text: string; at: string; by: string }[];
  visits: { round: number; answer: VisitAnswer; comment?: string; at: string }[];
  files: EvidenceFile[];
  extensions: { days: number; reason: string; at: string; by: string; decision?: { approve: boolean; days: number; comment?: string; by: string; at: string } }[];
  appeal?: { reason: string; at: string; by: string; decision?: { uphold: boolean; comment?: string; by: string; at: string } };
  taskOrders: TaskOrder[];
  escalations: Escalation[];
  closeReason?: CloseReason;
  closedAt?: string;
  timeline: TimelineEntry[];
  version: number;
}

export const VisitAnswer = z.enum(['satisfied', 'basic', 'dissatisfied']);
export type VisitAnswer = z.infer<typeof VisitAnswer>;
export const CloseReason = z.enum(['visitAnswered', 'visitDissatisfiedFinal', 'noAnswer', 'anonymousRectified', 'voided']);
export type CloseReason = z.infer<typeof CloseReason>;

/** A fresh bad review for a rating of level 4–5; its workflow starts from it. */
export function buildBadReview(r: RatingRecord): BadReview {
  return {
    reviewId: r.ratingId,
    ratingId: r.ratingId,
    caseNumber: r.caseNumber,
    unitId: r.unitId,
    regionCode: r.caseRegionCode,
    itemCode: r.itemCode,
    level: r.level,
    anonymous: r.anonymous,
    ...(r.personKey ? { personKey: r.personKey } : {}),
    status: 'pending',
    createdAt: r.receivedAt,
    round: 1,
    remindersSent: [],
    deadlines: {},
    attempt: 0,
    rectifications: [],
    replies: [],
    visits: [],
    files: [],
    extensions: [],
    taskOrders: [],
    escalations: [],
    timeline: [{ at: r.receivedAt, actor: 'system', role: 'system', action: r.anonymous ? '收到匿名差评' : '收到实名差评' }],
    version: 1,
  };
}

export const isOpen = (c: BadReview) => c.status === 'pending' || c.status === 'open';

/** The unit's work at the current step: during a task order or after escalation it is still the overdue step. */
export const workStep = (c: BadReview): Step | undefined =>
  c.step === 'taskOrder' || c.step === 'escalated' ? c.overdueStep : c.step;

/** Whether the unit has finished a step of the current round. Anonymous reviews need no reply. */
export function unitStepDone(c: BadReview, step: UnitStep): boolean {
  if (step === 'verify') return !!c.verification;
  const rectified = c.rectifications.some((r) => r.round === c.round);
  return rectified && (c.anonymous || c.replies.some((r) => r.round === c.round));
}

export const stepDays = (step: Step, cfg: BadReviewConfig) =>
  ({ verify: cfg.verifyDays, rectify: cfg.rectifyDays, visit: cfg.visitDays, taskOrder: cfg.taskOrderDays, escalated: cfg.escalatedDays })[step];

/** The reminder point (50%, 80% …) now due for the current step, if any not yet sent. */
export function dueReminder(c: BadReview, now: Date, cfg: BadReviewConfig): number | undefined {
  if (!isOpen(c) || !c.step || c.step === 'visit' || !c.stepStartedAt || !c.stepDeadline) return undefined;
  const start = Date.parse(c.stepStartedAt);
  const span = Date.parse(c.stepDeadline) - start;
  const elapsed = (now.getTime() - start) / span;
  return cfg.reminderFractions.filter((f) => elapsed >= f && elapsed < 1 && !c.remindersSent.includes(f)).pop();
}

/** Bi-weekly notice period (双周通报) containing a date: 14-day periods from Monday 2026-01-05. */
export function noticePeriod(date: string): string {
  const epoch = Date.UTC(2026, 0, 5);
  const days = Math.floor((Date.parse(`${date}T00:00:00Z`) - epoch) / 86_400_000);
  const start = new Date(epoch + Math.floor(days / 14) * 14 * 86_400_000);
  return start.toISOString().slice(0, 10);
}

/** Seconds left until a deadline, at least 1 (Step Functions' smallest timeout). */
export const secondsUntil = (deadline: string, now: Date) => Math.max(1, Math.ceil((Date.parse(deadline) - now.getTime()) / 1000));
