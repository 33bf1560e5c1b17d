import { isDeepStrictEqual } from 'node:util';
import { type BadReview, isOpen, STEP_NAMES, type Step, type TimelineEntry } from '../core/bad-review.js';
import { DomainError, notFound } from '../core/errors.js';
import type { Principal } from '../core/access.js';
import type { Audience, NotificationKind } from '../ports/notifier.js';
import { TaskTokenInvalidError } from '../ports/workflow.js';
import { logger } from '../observability.js';
import type { WorkingCalendar } from '../core/calendar.js';
import { loadCalendar } from './calendar.js';
import type { BadReviewDeps } from './deps.js';

/** Helpers shared by the workflow tasks and the API actions of bad reviews. */

export const actorOf = (p: Principal | 'system') => (p === 'system' ? { actor: 'system', role: 'system' } : { actor: p.name ?? p.sub, role: p.role });

export function addTimeline(c: BadReview, at: string, who: Principal | 'system', action: string, note?: string) {
  const entry: TimelineEntry = { at, ...actorOf(who), action, ...(note ? { note } : {}) };
  c.timeline.push(entry);
}

/**
 * Loads a review, applies `change` to a copy and saves it with an optimistic version
 * check, retrying on a concurrent write. `change` may throw a DomainError: nothing is saved.
 * When `change` changes nothing, nothing is saved either.
 */
export async function mutateReview(deps: BadReviewDeps, reviewId: string, change: (c: BadReview) => void): Promise<{ before: BadReview; after: BadReview }> {
  for (let attempt = 0; ; attempt++) {
    const before = await deps.badReviews.get(reviewId);
    if (!before) throw notFound('差评');
    const after = structuredClone(before);
    change(after);
    // A change that changes nothing (a replayed action) writes nothing and keeps the version.
    if (isDeepStrictEqual(after, before)) return { before, after };
    after.version = before.version + 1;
    try {
      await deps.badReviews.save(after, before.version);
      return { before, after };
    } catch (e) {
      if (!(e instanceof DomainError && e.code === 'CONFLICT') || attempt >= 4) throw e;
    }
  }
}

/** End of `days` working days after `from` on this calendar, or `days` × the demo clock's seconds per working day. */
export function workingDeadline(deps: Pick<BadReviewDeps, 'demoWorkdaySeconds'>, calendar: WorkingCalendar, days: number, from: Date | string): string {
  if (deps.demoWorkdaySeconds) return new Date(new Date(from).getTime() + days * deps.demoWorkdaySeconds * 1000).toISOString();
  return calendar.deadlineAfter(from, days);
}

/** End of a step that lasts `days` working days from now (or demo seconds per working day). */
export async function deadlineIn(deps: BadReviewDeps, days: number, from: Date | string = deps.clock.now()): Promise<string> {
  return workingDeadline(deps, await loadCalendar(deps.calendarStore), days, from);
}

/** Completes the waiting workflow step with the token that was current. A stale token is fine: the timeout path took over. */
export async function completeStep(deps: BadReviewDeps, token: string | undefined, output: Record<string, unknown>, reviewId: string) {
  if (!token) return;
  try {
    await deps.workflow.sendTaskSuccess(token, output);
  } catch (e) {
    if (!(e instanceof TaskTokenInvalidError)) throw e;
    logger.info('step token no longer waiting', { reviewId });
  }
}

export function notify(deps: BadReviewDeps, c: BadReview, kind: NotificationKind, audience: Audience, title: string, body: string, key: string) {
  return deps.notifier.notify({ id: `${c.reviewId}:${kind}:${key}`, audience, kind, title, body, subject: c.reviewId, createdAt: deps.clock.now().toISOString() });
}

export const stepLabel = (s?: Step) => (s ? STEP_NAMES[s] : '—');

export function assertOpen(c: BadReview) {
  if (!isOpen(c)) throw new DomainError('CONFLICT', '该差评已办结，不能再操作', [{ field: '', rule: 'review_open', message: '差评已办结' }]);
}
