/**
 * The notification digest: a user's notices grouped per case (bad review or 咨询投诉), so a
 * case that sent ten reminders is one line, not ten. Pure; the use case reads the inbox.
 */

/** The notice kinds (the same strings as the notifier port's `NotificationKind`). */
export type NoticeKind = 'dispatched' | 'reminder' | 'taskOrder' | 'escalation' | 'decision' | 'reply' | 'closed' | 'alert';

/** 紧急 (overdue: task order, escalation, an alert), 提醒 (due soon, or waiting for this user's action), 其他 (for information). */
export type Urgency = 'urgent' | 'reminder' | 'info';

export const URGENCY_OF: Record<NoticeKind, Urgency> = {
  taskOrder: 'urgent',
  escalation: 'urgent',
  alert: 'urgent',
  reminder: 'reminder',
  decision: 'reminder',
  dispatched: 'reminder',
  reply: 'info',
  closed: 'info',
};
const RANK: Record<Urgency, number> = { urgent: 0, reminder: 1, info: 2 };
const mostUrgent = (a: Urgency, b: Urgency): Urgency => (RANK[a] <= RANK[b] ? a : b);

/** What a group is about: the web app links a bad review or a complaint to its case page. */
export type SubjectKind = 'badReview' | 'complaint' | 'other';

/**
 * A subject's kind from its id: complaint ids are `ZX` + 12 characters of digits and capitals
 * (complaintIdFor), bad review ids are rating ids `{caseNumber}-{1|2}` (ratingId);
 * reports (`{kind}-{region}-{from}-{to}`, dates end in two digits) and the calendar
 * (`calendar-{year}`) are neither.
 */
export function subjectKindOf(subject: string | undefined): SubjectKind {
  if (!subject) return 'other';
  if (/^ZX[0-9A-Z]{12}$/.test(subject)) return 'complaint';
  if (/^[A-Za-z0-9_-]{1,50}-[12]$/.test(subject) && !subject.startsWith('calendar-')) return 'badReview';
  return 'other';
}

export interface DigestNotice {
  id: string;
  kind: NoticeKind;
  title: string;
  body: string;
  subject?: string;
  createdAt: string;
  read: boolean;
}

export interface DigestGroup {
  /** The subject (case id), or the notice's own id when it has none: what mark-read per group takes. */
  key: string;
  subject?: string;
  subjectKind: SubjectKind;
  /** The most urgent kind among the unread notices (among all when every one is read). */
  urgency: Urgency;
  /** The newest notice: its title and body stand for the group. */
  latest: DigestNotice;
  count: number;
  unread: number;
  /** The notice ids, newest first (per-notice mark-read still works). */
  ids: string[];
}

/** Notices without a subject (calendar alerts have one; a few do not) stay alone in their group. */
export const groupKeyOf = (n: Pick<DigestNotice, 'id' | 'subject'>) => n.subject ?? n.id;

/**
 * Groups notices per subject: newest group first (by its latest notice); unread groups
 * before read ones. Each group's urgency is the most urgent kind among its unread notices.
 */
export function digest(notices: readonly DigestNotice[]): { groups: DigestGroup[]; unread: number; urgentUnread: number } {
  const newestFirst = [...notices].sort((a, b) => (a.createdAt === b.createdAt ? cmp(b.id, a.id) : cmp(b.createdAt, a.createdAt)));
  const groups = new Map<string, DigestNotice[]>();
  for (const n of newestFirst) {
    const key = groupKeyOf(n);
    const list = groups.get(key);
    if (list) list.push(n);
    else groups.set(key, [n]);
  }
  const out: DigestGroup[] = [...groups].map(([key, list]) => {
    const unread = list.filter((n) => !n.read);
    const ranked = unread.length ? unread : list;
    return {
      key,
      ...(list[0]!.subject ? { subject: list[0]!.subject } : {}),
      subjectKind: subjectKindOf(list[0]!.subject),
      urgency: ranked.map((n) => URGENCY_OF[n.kind] ?? 'info').reduce(mostUrgent),
      latest: noticeOf(list[0]!),
      count: list.length,
      unread: unread.length,
      ids: list.map((n) => n.id),
    };
  });
  // Stable sort: within unread and read, the newest first (as built).
  out.sort((a, b) => Number(b.unread > 0) - Number(a.unread > 0));
  return {
    groups: out,
    unread: out.filter((g) => g.unread > 0).length,
    urgentUnread: out.filter((g) => g.unread > 0 && g.urgency === 'urgent').length,
  };
}

/** Only the notice's own fields (the inbox's records carry their audience too). */
const noticeOf = ({ id, kind, title, body, subject, createdAt, read }: DigestNotice): DigestNotice => ({
  id,
  kind,
  title,
  body,
  ...(subject === undefined ? {} : { subject }),
  createdAt,
  read,
});

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
