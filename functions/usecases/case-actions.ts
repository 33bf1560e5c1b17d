import { canSee, type Principal } from '../core/access.js';
import { type BadReview, unitStepDone as badReviewStepDone } from '../core/bad-review.js';
import { type Complaint, currentAssignment, currentDraft, MAX_ATTACHMENTS, unitStepDone as complaintStepDone } from '../core/complaints/complaint.js';
import type { SupervisedWorkflow } from '../supervision/definition.js';
import * as core from '../supervision/engine.js';
import { canCompleteTaskOrder, grantedExtensionDays, isOpen, type SupervisedCase } from '../supervision/model.js';
import { BAD_REVIEW } from './bad-review-definition.js';
import { COMPLAINT } from './complaint-definition.js';

/**
 * What the caller may do with a case now (`actions` in the detail answers), so pages offer
 * exactly the forms the action endpoints would accept. Each name is checked with the same
 * assertions and predicates the action's use case runs (the engine's assertOpen and
 * assertWorkStep, the model's task-order and extension rules, the workflows' unitStepDone);
 * per-item actions carry their number: `acknowledgeTaskOrder:2`, `escalationOutcome:1`.
 */

const UNIT = ['staff', 'leader'] as const;
const SUPERVISOR = ['supervisor', 'admin'] as const;
const isUnit = (p: Principal) => (UNIT as readonly string[]).includes(p.role);
const isSupervisor = (p: Principal) => (SUPERVISOR as readonly string[]).includes(p.role);

/** True when the check throws nothing (the same assertion the action runs). */
const passes = (check: () => void) => {
  try {
    check();
    return true;
  } catch {
    return false;
  }
};

/** The working days of extension the cap still leaves (engine.requestExtension checks a request's days against it). */
export function extensionDaysLeft(c: SupervisedCase, maxExtensionDays: number) {
  return Math.max(0, maxExtensionDays - grantedExtensionDays(c));
}

const canRequestExtension = <C extends SupervisedCase>(def: SupervisedWorkflow<C>, c: C, at: Date, maxExtensionDays: number) =>
  extensionDaysLeft(c, maxExtensionDays) > 0 && passes(() => core.assertCanRequestExtension(def, c, at));

/** The supervision actions both workflows share: task orders, extensions, escalation outcomes. */
function supervisionActions<C extends SupervisedCase>(
  def: SupervisedWorkflow<C>,
  p: Principal,
  c: C,
  at: Date,
  maxExtensionDays: number,
  stepDone: (c: C, step: never) => boolean,
): string[] {
  const out: string[] = [];
  if (isUnit(p)) {
    if (canRequestExtension(def, c, at, maxExtensionDays)) out.push('requestExtension');
    for (const t of c.taskOrders) {
      if (!t.acknowledgedAt) out.push(`acknowledgeTaskOrder:${t.n}`);
      if (canCompleteTaskOrder(c, t, stepDone as (c: C, step: string) => boolean)) out.push(`completeTaskOrder:${t.n}`);
    }
  }
  if (isSupervisor(p)) {
    if (isOpen(c) && c.extensions.some((e) => !e.decision)) out.push('decideExtension');
    if (isOpen(c)) out.push('issueTaskOrder');
    for (const e of c.escalations) if (!e.outcome) out.push(`escalationOutcome:${e.n}`);
  }
  return out;
}

/** A bad review: the unit's verification, rectification, reply, evidence and appeal; the supervisor's decisions. */
export function badReviewActions(p: Principal, c: BadReview, at: Date, maxExtensionDays: number): string[] {
  if (!canSee(p, BAD_REVIEW.owner(c))) return [];
  const out: string[] = [];
  const round = (xs: { round: number }[]) => xs.some((x) => x.round === c.round);
  if (isUnit(p)) {
    if (passes(() => core.assertWorkStep(BAD_REVIEW, c, 'verify')) && !c.verification) out.push('verify');
    if (passes(() => core.assertWorkStep(BAD_REVIEW, c, 'rectify'))) {
      if (!round(c.rectifications)) out.push('rectify');
      if (!c.anonymous && !round(c.replies)) out.push('reply');
    }
    if (isOpen(c)) out.push('uploadEvidence');
    if (isOpen(c) && !c.appeal && c.step !== 'visit') out.push('appeal');
  }
  if (isSupervisor(p) && isOpen(c) && c.appeal && !c.appeal.decision) out.push('decideAppeal');
  return [...out, ...supervisionActions(BAD_REVIEW, p, c, at, maxExtensionDays, badReviewStepDone as never)];
}

/** A complaint: assignment, acceptance or return, the draft answer, the answer review, attachments; the supervision actions. */
export function complaintActions(p: Principal, c: Complaint, at: Date, maxExtensionDays: number): string[] {
  if (!canSee(p, COMPLAINT.owner(c))) return [];
  const out: string[] = [];
  const open = isOpen(c);
  const assignment = currentAssignment(c);
  const draft = currentDraft(c);
  if (isUnit(p)) {
    if (passes(() => core.assertWorkStep(COMPLAINT, c, 'accept')) && assignment && !assignment.acceptedAt) out.push('accept', 'return');
    if (passes(() => core.assertWorkStep(COMPLAINT, c, 'handle')) && !complaintStepDone(c, 'handle')) out.push('answer');
  }
  if (isSupervisor(p) && open) {
    if (c.step === 'assign' && !(assignment && !assignment.returned)) out.push('assign');
    if (c.step === 'review' && draft?.status === 'submitted') out.push('reviewAnswer');
  }
  if ((isUnit(p) || p.role === 'supervisor') && open && c.attachments.length < MAX_ATTACHMENTS) out.push('attach');
  return [...out, ...supervisionActions(COMPLAINT, p, c, at, maxExtensionDays, complaintStepDone as never)];
}
