import type { Principal } from '../core/access.js';
import { notFound } from '../core/errors.js';
import type { Audience } from '../ports/notifier.js';
import type { BadReviewDeps } from './deps.js';

/** The audiences a signed-in user belongs to (supervisor notifications are also written under every ancestor region). */
export function audiencesOf(p: Principal): Audience[] {
  switch (p.role) {
    case 'staff':
      return [{ kind: 'unitStaff', unitId: p.unitId! }];
    case 'leader':
      return [
        { kind: 'unitLeader', unitId: p.unitId! },
        { kind: 'unitStaff', unitId: p.unitId! },
      ];
    case 'supervisor':
      return [{ kind: 'supervisors', regionCode: p.regionCode! }, { kind: 'allSupervisors' }];
    case 'citizen':
      return [{ kind: 'citizen', personKey: p.personKey! }];
    case 'admin':
      return [{ kind: 'operators' }];
    default:
      return [];
  }
}

export async function listNotifications(deps: Pick<BadReviewDeps, 'inbox'>, p: Principal, limit?: number) {
  const items = await deps.inbox.list(audiencesOf(p), p.sub, { limit });
  return { items, unread: items.filter((n) => !n.read).length };
}

export async function markNotificationRead(deps: Pick<BadReviewDeps, 'inbox'>, p: Principal, id: string) {
  if (!(await deps.inbox.markRead(id, p.sub, audiencesOf(p)))) throw notFound('通知');
  return { id, read: true };
}
