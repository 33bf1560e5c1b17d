import { createHash } from 'node:crypto';
import { canSee, type Principal } from '../core/access.js';
import { forbidden, invalid, notFound } from '../core/errors.js';
import { maskName } from '../core/identity.js';
import { signTicket } from '../core/rating-ticket.js';
import { ratingId } from '../core/ratings.js';
import type { CurrentCaseStore } from '../ports/pad.js';
import type { Deps } from './deps.js';
import { caseOwner } from './views.js';

/** Minutes a pushed case stays on the pad: after that the next person at the window must not rate it. */
export const CURRENT_CASE_MINUTES = 15;

export type PadDeps = Pick<Deps, 'catalog' | 'cases' | 'ratings' | 'clock' | 'config'> & { currentCases: CurrentCaseStore };

/** The window, or a 404 for one that does not exist or that this principal may not read. */
async function windowOf(deps: Pick<Deps, 'catalog'>, venueId: string, windowId: string) {
  const window = await deps.catalog.get('windows', `${venueId}:${windowId}`);
  if (!window) throw notFound('窗口');
  return window;
}

/** Only the venue's own devices (a window-bound pad: its own window only) and admins read a window's pad board. */
const mayRead = (p: Principal, venueId: string, windowId: string) =>
  p.role === 'admin' || (p.role === 'client' && p.venueId === venueId && (!p.windowId || p.windowId === windowId));

/**
 * A business system (or the hall's queue system) says which case a window has just
 * handled, so the window's pad can offer it for rating. The case must be the caller's to
 * see and handled at that window; a pad itself cannot push. Pushing the case already on
 * the board changes nothing (`unchanged`), so retries are harmless.
 */
export async function pushCurrentCase(deps: PadDeps, p: Principal, venueId: string, windowId: string, caseNumber: string) {
  if (p.windowId) throw forbidden();
  await windowOf(deps, venueId, windowId);
  const kase = await deps.cases.get(caseNumber);
  if (!kase || !canSee(p, caseOwner(kase))) throw notFound('办件');
  if (kase.venueId !== venueId || kase.windowId !== windowId) throw invalid('caseNumber', 'same_window', '该办件不是在此窗口办理的');
  if (kase.status === 'cancelled') throw invalid('caseNumber', 'not_cancelled', '已撤销的办件不能评价');
  const existing = await deps.currentCases.get(venueId, windowId);
  if (existing?.caseNumber === caseNumber) return { outcome: 'unchanged' as const, current: existing };
  const current = { venueId, windowId, caseNumber, pushedAt: deps.clock.now().toISOString(), pushedBy: p.sub };
  await deps.currentCases.put(current);
  return { outcome: 'updated' as const, current };
}

/**
 * What a window's pad shows: the case just handled there (item, unit, the applicant's
 * name masked) while it is fresh, and whether it has been rated; to the pad itself also a
 * rating ticket (core/rating-ticket.ts) valid while the board offers the case, which spares
 * its rating the case read. `etag` changes exactly when what the pad shows changes (the
 * ticket is the same for the same push), so a pad polling with `If-None-Match` gets 304s.
 */
export async function padBoard(deps: PadDeps, p: Principal, venueId: string, windowId: string) {
  if (!mayRead(p, venueId, windowId)) throw notFound('窗口');
  const [window, venue, pointer] = await Promise.all([
    windowOf(deps, venueId, windowId),
    deps.catalog.get('venues', venueId),
    deps.currentCases.get(venueId, windowId),
  ]);
  const fresh = pointer && deps.clock.now().getTime() - Date.parse(pointer.pushedAt) < CURRENT_CASE_MINUTES * 60_000;
  // The rating itself, not the case's rating count (which the stream updates a moment later).
  const [kase, rating] = fresh ? await Promise.all([deps.cases.get(pointer.caseNumber), deps.ratings.get(ratingId(pointer.caseNumber, 1))]) : [];
  const unit = kase ? await deps.catalog.get('units', kase.unitId) : undefined;
  const board = {
    venueId,
    windowId,
    venueName: venue?.name ?? venueId,
    windowName: window.name,
    current:
      kase && pointer
        ? {
            caseNumber: kase.caseNumber,
            itemName: kase.itemName,
            unitName: unit?.name ?? kase.unitId,
            applicantName: maskName(kase.applicant.name),
            ...(kase.completedAt ? { completedAt: kase.completedAt } : {}),
            pushedAt: pointer.pushedAt,
            rated: !!rating,
            ...(p.role === 'client'
              ? {
                  ticket: signTicket(
                    deps.config.personKeySalt,
                    { ...kase, venueId, windowId },
                    new Date(Date.parse(pointer.pushedAt) + CURRENT_CASE_MINUTES * 60_000),
                  ),
                }
              : {}),
          }
        : null,
  };
  const etag = `"${createHash('sha256').update(JSON.stringify(board)).digest('base64url').slice(0, 22)}"`;
  return { ...board, etag };
}
