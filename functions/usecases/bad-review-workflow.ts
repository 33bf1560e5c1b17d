import * as z from 'zod/mini';
import type { BadReview } from '../core/bad-review.js';
import { unitStaff } from '../supervision/definition.js';
import { mutate, reconcile, replanOpenCases, runSupervisionTask, sendReminders as remind, startExecution, tell } from '../supervision/engine.js';
import { addTimeline, type CalendarChange } from '../supervision/model.js';
import { logger } from '../observability.js';
import { badReviewPolicy, reviews, type SupervisionDeps, supervision } from './bad-review-definition.js';
import type { BadReviewDeps } from './deps.js';

/**
 * The bad-review task function (what each Task state of workflows/bad-review.asl.json
 * does) and jobs: the supervision core does it all but `reopen`, the bad review's own.
 */
export type { CalendarChange } from '../supervision/model.js';

const Reopen = z.object({ action: z.literal('reopen'), reviewId: z.string() });

export async function runBadReviewTask(deps: SupervisionDeps, raw: unknown): Promise<unknown> {
  const reopen = Reopen.safeParse(raw);
  if (!reopen.success) return runSupervisionTask(supervision(deps), raw);
  // A dissatisfied return visit sends the case back for one more round of rectification.
  const { reviewId } = reopen.data;
  logger.appendKeys({ reviewId, action: 'reopen' });
  const at = deps.clock.now().toISOString();
  const { after } = await mutate(reviews(deps), reviewId, (c) => {
    if (c.round === 1) {
      c.round = 2;
      addTimeline(c, at, 'system', '评价人对整改不满意，退回重新整改（第二轮）');
    }
  });
  await tell(supervision(deps), after, [
    {
      kind: 'reminder',
      to: unitStaff(after),
      title: '差评退回重新整改',
      body: `办件 ${after.caseNumber} 的评价人对整改结果不满意，请重新整改并反馈。`,
      key: 'reopen',
    },
  ]);
  return { round: after.round };
}

/** Starts the workflow of a new bad review; the name makes a repeated start harmless. */
export const startBadReview = (deps: Pick<BadReviewDeps, 'badReviews' | 'workflow'>, review: BadReview, attempt = 1) =>
  startExecution({ ...reviews(deps), workflow: deps.workflow }, review, attempt);

/** The reconciler: open reviews whose execution is gone restart at their step with the time left. */
export const reconcileBadReviews = (deps: Pick<BadReviewDeps, 'badReviews' | 'workflow' | 'clock'>) =>
  reconcile({ ...reviews(deps), workflow: deps.workflow, clock: deps.clock });

/** The 50% / 80% reminders of the current step to the unit. */
export const sendReminders = (deps: Pick<BadReviewDeps, 'badReviews' | 'clock' | 'notifier' | 'badReviewConfig'>) =>
  remind({ ...reviews(deps), clock: deps.clock, notifier: deps.notifier, policy: badReviewPolicy(deps.badReviewConfig) });

/** Open reviews after a calendar change: deadlines recomputed, waiting steps planned again. */
export const replanOpenReviews = (deps: Pick<BadReviewDeps, 'badReviews' | 'workflow' | 'clock' | 'demoWorkdaySeconds'>, change: CalendarChange) =>
  replanOpenCases({ ...reviews(deps), workflow: deps.workflow, clock: deps.clock, demoWorkdaySeconds: deps.demoWorkdaySeconds }, change);
