import type { Principal } from '../core/access.js';
import { notFound } from '../core/errors.js';
import { digest, groupKeyOf } from '../core/notification-digest.js';
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

/** How many of the newest notices the digest reads (the inbox's largest page). */
const DIGEST_READS = 200;

/**
 * The digest: the newest notices grouped per case, each group with its count, unread count
 * and most urgent kind (紧急 > 提醒 > 其他); `unread` and `urgentUnread` count groups.
 */
export async function notificationDigest(deps: Pick<BadReviewDeps, 'inbox'>, p: Principal) {
  const items = await deps.inbox.list(audiencesOf(p), p.sub, { limit: DIGEST_READS });
  return digest(items);
}

/** Marks every unread notice of one group (a case id, or a lone notice's id) read for this user. */
export async function markNotificationGroupRead(deps: Pick<BadReviewDeps, 'inbox'>, p: Principal, key: string) {
  const audiences = audiencesOf(p);
  const items = (await deps.inbox.list(audiences, p.sub, { limit: DIGEST_READS })).filter((n) => groupKeyOf(n) === key);
  if (!items.length) throw notFound('通知');
  const unread = items.filter((n) => !n.read);
  for (const n of unread) await deps.inbox.markRead(n.id, p.sub, audiences);
  return { key, marked: unread.length, read: true };
}
