import * as z from 'zod/mini';

/**
 * The task-order lists' answers (任务交办单, `GET /task-orders` and `GET /complaint-task-orders`,
 * functions/supervision/engine.ts `listTaskOrders`), for the OpenAPI document and the
 * workbench's generated types. Pure data, no AWS imports.
 */
const str = z.string();
const opt = z.optional;

/** A task order's own fields (in the case detail too: responses-cases.ts). */
export const taskOrderOwnFields = {
  n: z.int(),
  kind: z.enum(['auto', 'manual']),
  /** An automatic order's missed unit step (核实, 整改反馈 …; 受理, 答复 for complaints). */
  overdueStep: opt(str),
  content: str,
  issuedAt: str,
  /** `system` for an automatic order, else the supervisor's user id. */
  issuedBy: str,
  deadline: str,
  status: z.enum(['issued', 'acknowledged', 'completed', 'overdue']),
  acknowledgedAt: opt(str),
  completedAt: opt(str),
  note: opt(str),
};

/** One task order with its case: the order's own fields, then where it belongs and what the caller may do now. */
const taskOrderFields = {
  ...taskOrderOwnFields,
  caseNumber: str,
  unitId: str,
  /** Not completed and past its deadline. */
  overdue: z.boolean(),
  /** The caller could 签收 it now (the unit's staff and leader, not yet signed for). */
  canAcknowledge: z.boolean(),
  /** The caller could 办结 it now (the unit's; an automatic order once its overdue step is done). */
  canComplete: z.boolean(),
};

/** `GET /task-orders`: the bad reviews' task orders, by deadline. */
export const TaskOrderListResponse = z.strictObject({
  items: z.array(z.strictObject({ ...taskOrderFields, reviewId: str })),
  next: opt(str),
});

/** `GET /complaint-task-orders`: the consultations' and complaints' task orders, by deadline. */
export const ComplaintTaskOrderListResponse = z.strictObject({
  items: z.array(z.strictObject({ ...taskOrderFields, complaintId: str })),
  next: opt(str),
});
