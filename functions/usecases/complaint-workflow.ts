import * as z from 'zod/mini';
import { type Complaint, currentAssignment, currentDraft, dueNow, STEP_NAMES } from '../core/complaints/complaint.js';
import { logger } from '../observability.js';
import type { SyncedStatus } from '../ports/status-sync.js';
import { supervisorsOf, unitStaff } from '../supervision/definition.js';
import { deadlineIn, mutate, reconcile, replanOpenCases, runSupervisionTask, sendReminders, startExecution, tell } from '../supervision/engine.js';
import { addTimeline, type CalendarChange } from '../supervision/model.js';
import { CLOSE_TEXT, type ComplaintSupervisionDeps, complaintCases, complaintPolicy, complaintSupervision } from './complaint-definition.js';
import type { ComplaintDeps } from './deps.js';
import { statusEvent, syncStatus } from './status-sync.js';

/**
 * The complaint task function (what each Task state of workflows/complaint.asl.json does)
 * and jobs: the supervision core does it all but the complaint's own actions — `release`
 * (the approved answer goes out), `reopen` (a second round after a subjective
 * dissatisfaction) and `nudge` (a supervisor step ran over) — and the status sync of
 * transfers that follows dispatch and close.
 */

export type ComplaintTaskDeps = ComplaintSupervisionDeps & Pick<ComplaintDeps, 'catalog' | 'deliveries' | 'statusSink' | 'sleep' | 'syncRetry'>;
type SyncDeps = Pick<ComplaintDeps, 'complaints' | 'clock' | 'deliveries' | 'statusSink' | 'sleep' | 'syncRetry'>;

const Own = z.discriminatedUnion('action', [
  z.object({ action: z.literal('release'), complaintId: z.string() }),
  z.object({ action: z.literal('reopen'), complaintId: z.string() }),
  z.object({ action: z.literal('nudge'), complaintId: z.string(), step: z.enum(['assign', 'review']) }),
]);

/**
 * Sends a status change of a transferred item back to its source (nothing for other
 * sources). `key` names the change once (e.g. `assigned-2`): a replayed action sends the
 * same event (same seq, same id), which the delivery records keep once.
 */
export async function syncTransfer(deps: SyncDeps, c: Complaint, key: string, status: SyncedStatus, detail: Record<string, string>) {
  if (c.source !== 'national' || !c.sourceId) return;
  const { after } = await mutate(complaintCases(deps), c.complaintId, (r) => {
    if (!r.syncKeys.includes(key)) r.syncKeys.push(key);
  });
  const seq = after.syncKeys.indexOf(key) + 1;
  await syncStatus(deps, statusEvent({ complaintId: c.complaintId, sourceId: c.sourceId, seq, status, at: deps.clock.now().toISOString(), detail }));
}

/** The unit's name for the source platform and the export (its id when the catalog does not know it). */
export async function unitName(deps: Pick<ComplaintDeps, 'catalog'>, unitId: string) {
  return (await deps.catalog.get('units', unitId))?.name ?? unitId;
}

/**
 * The status changes a transfer's source hears of, sent from the workflow's own steps so
 * they go out in the order they happened: accepted at dispatch, assigned when a unit is to
 * accept it, extended when handling is planned again after an approved extension, answered
 * at release, closed at close.
 */
async function syncChanges(deps: SyncDeps & Pick<ComplaintDeps, 'catalog'>, c: Complaint, action: string | undefined, step: string | undefined) {
  if (c.source !== 'national') return;
  if (action === 'dispatch') await syncTransfer(deps, c, 'accepted', 'accepted', { dueAt: dueNow(c) ?? '' });
  if (action === 'planStep' && step === 'accept') {
    const a = currentAssignment(c);
    if (a) await syncTransfer(deps, c, `assigned-${c.assignments.length}`, 'assigned', { unitName: await unitName(deps, a.unitId) });
  }
  if (action === 'planStep' && step === 'handle')
    for (const [i] of c.extensions.filter((e) => e.decision?.approve).entries())
      await syncTransfer(deps, c, `extended-${i + 1}`, 'extended', { newDueAt: dueNow(c) ?? '' });
  if (action === 'close') await syncTransfer(deps, c, 'closed', 'closed', { result: CLOSE_TEXT[c.closeReason ?? 'answered'] });
}

export async function runComplaintTask(deps: ComplaintTaskDeps, raw: unknown): Promise<unknown> {
  const own = Own.safeParse(raw);
  if (!own.success) {
    const { action, complaintId, step } = raw as { action?: string; complaintId?: string; step?: string };
    // The due date (承诺时限) counts from the day after receipt; a transfer brought its own.
    if (action === 'dispatch' && complaintId) {
      const c = await deps.complaints.get(complaintId);
      if (c && !c.dueAt) {
        const dueAt = await deadlineIn(complaintSupervision(deps), deps.complaintConfig.dueDays[c.kind], c.receivedAt);
        await mutate(complaintCases(deps), complaintId, (r) => {
          r.dueAt ??= dueAt;
        });
      }
    }
    const result = (await runSupervisionTask(complaintSupervision(deps), raw)) as Record<string, unknown>;
    // Only dispatch, planning a step and closing have something to add (the state's `assigned`, the status sync).
    if (!complaintId || !(action === 'dispatch' || action === 'planStep' || action === 'close')) return result;
    const c = await deps.complaints.get(complaintId);
    if (!c) return result;
    await syncChanges(deps, c, action, step);
    if (action === 'dispatch') {
      const assignment = currentAssignment(c);
      return { ...result, assigned: !!assignment && !assignment.returned };
    }
    return result;
  }
  const { complaintId } = own.data;
  logger.appendKeys({ complaintId, action: own.data.action });
  const now = deps.clock.now();
  const at = now.toISOString();
  const cases = complaintCases(deps);

  switch (own.data.action) {
    case 'release': {
      // The approved draft (or, when review is skipped, the submitted one) goes to the person.
      const { after } = await mutate(cases, complaintId, (c) => {
        const draft = currentDraft(c);
        if (!draft || c.answeredAt) return;
        draft.status = 'approved';
        c.answeredAt = at;
        c.answeredOnTime = Date.parse(at) <= Date.parse(dueNow(c)!); // set at dispatch
        addTimeline(c, at, 'system', '答复已发送给诉求人', c.answeredOnTime ? '按期答复' : '超期答复');
      });
      const answer = currentDraft(after)?.text ?? '';
      await tell(complaintSupervision(deps), after, [
        ...(after.personKey && !after.anonymous
          ? [
              {
                kind: 'reply' as const,
                to: { kind: 'citizen' as const, personKey: after.personKey },
                title: '您的诉求已答复',
                body: `${after.title}：已答复，请查看并评价。`,
                key: `answer-${after.round}`,
              },
            ]
          : []),
      ]);
      await syncTransfer(deps, after, `answered-${after.round}`, 'answered', { answer });
      return {};
    }

    case 'reopen': {
      const deadline = await deadlineIn(complaintSupervision(deps), deps.complaintConfig.reopenDays, now);
      const { after } = await mutate(cases, complaintId, (c) => {
        if (c.round !== 1) return;
        c.round = 2;
        c.deadlines.handle = deadline;
        delete c.answeredAt;
        delete c.answeredOnTime;
        addTimeline(c, at, 'system', '诉求人因主观原因不满意，退回重新办理（第二轮）');
      });
      await tell(complaintSupervision(deps), after, [
        {
          kind: 'reminder',
          to: unitStaff(after),
          title: '诉求退回重新办理',
          body: `诉求 ${after.complaintId} 的诉求人对答复不满意，请重新办理并答复。`,
          key: 'reopen',
        },
      ]);
      return { round: after.round, assigned: true };
    }

    case 'nudge': {
      const { step } = own.data;
      const { after } = await mutate(cases, complaintId, (c) => {
        c.nudges += 1;
        // A fresh period for the step: planStep would otherwise keep the passed deadline.
        delete c.deadlines[step];
        addTimeline(c, at, 'system', `${STEP_NAMES[step]}超时，已催办监管部门`);
      });
      await tell(complaintSupervision(deps), after, [
        {
          kind: 'reminder',
          to: supervisorsOf(after),
          title: `咨询投诉${STEP_NAMES[step]}超时`,
          body: `诉求 ${after.complaintId} 等待${STEP_NAMES[step]}已超时，请尽快处理。`,
          key: `nudge-${after.nudges}`,
        },
      ]);
      return {};
    }
  }
}

/** Starts the workflow of a new complaint; the name makes a repeated start harmless. */
export const startComplaint = (deps: Pick<ComplaintDeps, 'complaints' | 'complaintWorkflow'>, c: Complaint, attempt = 1) =>
  startExecution({ ...complaintCases(deps), workflow: deps.complaintWorkflow }, c, attempt);

/** The reconciler: open complaints whose execution is gone restart at their step with the time left. */
export const reconcileComplaints = (deps: Pick<ComplaintDeps, 'complaints' | 'complaintWorkflow' | 'clock'>) =>
  reconcile({ ...complaintCases(deps), workflow: deps.complaintWorkflow, clock: deps.clock });

/** Open complaints after a calendar change: due dates and current deadlines recomputed, waiting steps planned again. */
export const replanOpenComplaints = (deps: Pick<ComplaintDeps, 'complaints' | 'complaintWorkflow' | 'clock' | 'demoWorkdaySeconds'>, change: CalendarChange) =>
  replanOpenCases({ ...complaintCases(deps), workflow: deps.complaintWorkflow, clock: deps.clock, demoWorkdaySeconds: deps.demoWorkdaySeconds }, change);

/** The 50% / 80% reminders of the handling step to the units. */
export const sendComplaintReminders = (deps: Pick<ComplaintDeps, 'complaints' | 'clock' | 'notifier' | 'complaintConfig'>) =>
  sendReminders({ ...complaintCases(deps), clock: deps.clock, notifier: deps.notifier, policy: complaintPolicy(deps.complaintConfig) });
