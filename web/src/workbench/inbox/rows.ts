import type { ResponseOf } from '../../api/client.js';
import { endsAtOf } from '../layout/timeLeft.js';

/**
 * The inbox's rows: bad reviews and complaints in one shape, and the filters over them.
 * Pure (no Vue, no API): useInbox.ts loads, this file shapes and filters.
 */
export type BadReviewItem = ResponseOf<'/bad-reviews', 'get'>['items'][number];
export type ComplaintItem = ResponseOf<'/complaints', 'get'>['items'][number];

export type Status = 'open' | 'overdue' | 'escalated' | 'closed';
export const STATUS_NAMES: Record<Status, string> = { open: '在办', overdue: '已超期', escalated: '已升级督办', closed: '已办结' };
export const LEVEL_NAMES: Record<number, string> = { 4: '不满意', 5: '非常不满意' };

export interface InboxRow {
  kind: 'badReview' | 'complaint';
  kindName: string;
  id: string;
  /** 办件编号 of a bad review, 诉求编号 of a complaint: what the search box matches. */
  number: string;
  itemName: string;
  /** Tags and text of a bad review; the title of a complaint. */
  reason: string;
  stepName: string;
  level?: number;
  deadline?: string;
  /** In this page's clock (layout/timeLeft.ts). */
  endsAt?: number;
  open: boolean;
  escalated: boolean;
  /** Behind schedule at load time: past its deadline, or in the task-order or escalation step (the countdown may pass the deadline later). */
  overdue: boolean;
  contact?: string;
  /** When it came in (ISO): what the date filter reads. */
  at: string;
  href: string;
}

/** A case in the task-order or escalation step is behind schedule, whatever its new deadline (supervision model `behindSchedule`). */
const behind = (x: { overdue: boolean; step?: string }) => x.overdue || x.step === 'taskOrder' || x.step === 'escalated';

const contactOf = (r?: { name: string; phone?: string }) => (r ? [r.name, r.phone].filter(Boolean).join(' ') : undefined);

export function badReviewRow(b: BadReviewItem, receivedAt: number): InboxRow {
  return {
    kind: 'badReview',
    kindName: b.reviewId.endsWith('-2') ? '差评（追评）' : '差评',
    id: b.reviewId,
    number: b.caseNumber,
    itemName: b.itemName ?? b.itemCode,
    reason: [(b.reasonTags ?? []).join('、'), b.reasonText].filter(Boolean).join('：') || '—',
    stepName: b.status === 'open' ? (b.stepName ?? '—') : '已办结',
    level: b.level,
    deadline: b.deadline,
    endsAt: b.status === 'open' ? endsAtOf(b.secondsLeft, receivedAt) : undefined,
    open: b.status === 'open',
    escalated: b.escalations > 0,
    overdue: behind(b),
    contact: b.anonymous ? '匿名' : contactOf(b.rater),
    at: b.createdAt,
    href: `#/bad-reviews/${encodeURIComponent(b.reviewId)}`,
  };
}

export function complaintRow(c: ComplaintItem, receivedAt: number): InboxRow {
  const open = c.status === 'open' || c.status === 'pending';
  return {
    kind: 'complaint',
    kindName: c.kindName,
    id: c.complaintId,
    number: c.complaintId,
    itemName: c.itemName ?? c.itemCode ?? '—',
    reason: c.title,
    stepName: open ? (c.stepName ?? '—') : '已办结',
    deadline: c.deadline,
    endsAt: open ? endsAtOf(c.secondsLeft, receivedAt) : undefined,
    open,
    escalated: c.escalations > 0,
    overdue: behind(c),
    contact: c.anonymous ? '匿名' : undefined,
    at: c.receivedAt,
    href: `#/complaints/${encodeURIComponent(c.complaintId)}`,
  };
}

/** The filters, as the route query carries them (every one optional). */
export interface Filters {
  q?: string;
  from?: string;
  to?: string;
  status?: Status;
  level?: string;
  step?: string;
}

/** The filters from a route query: unknown values are dropped, never guessed. */
export function filtersOf(query: Record<string, unknown>): Filters {
  const s = (k: string) => (typeof query[k] === 'string' && query[k] ? (query[k] as string) : undefined);
  const date = (k: string) => (s(k) && /^\d{4}-\d{2}-\d{2}$/.test(s(k)!) ? s(k) : undefined);
  const status = s('status');
  return {
    q: s('q')?.trim() || undefined,
    from: date('from'),
    to: date('to'),
    status: status && status in STATUS_NAMES ? (status as Status) : undefined,
    level: s('level') === '4' || s('level') === '5' ? s('level') : undefined,
    step: s('step'),
  };
}

/** The Shanghai date (YYYY-MM-DD) of an instant. */
const shanghaiDate = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);

/** Whether a row passes the filters; `now` decides whether its countdown has run out. */
export function matches(r: InboxRow, f: Filters, now: number): boolean {
  if (f.q && !r.number.toLowerCase().includes(f.q.toLowerCase())) return false;
  if (f.from && shanghaiDate(r.at) < f.from) return false;
  if (f.to && shanghaiDate(r.at) > f.to) return false;
  if (f.level && String(r.level ?? '') !== f.level) return false;
  if (f.step && r.stepName !== f.step) return false;
  switch (f.status) {
    case 'closed':
      return !r.open;
    case 'overdue':
      return r.open && isLate(r, now);
    case 'escalated':
      return r.open && r.escalated;
    case 'open':
      return r.open;
    default:
      return true;
  }
}

/** Overdue now: the server said so, or the countdown has run out since. */
export const isLate = (r: InboxRow, now: number) => r.open && (r.overdue || (r.endsAt !== undefined && r.endsAt < now));

/** Most urgent first: overdue, then the least time left; closed ones last, newest first. */
export function byUrgency(now: number) {
  return (a: InboxRow, b: InboxRow) =>
    Number(b.open) - Number(a.open) ||
    Number(isLate(b, now)) - Number(isLate(a, now)) ||
    (a.endsAt ?? Number.POSITIVE_INFINITY) - (b.endsAt ?? Number.POSITIVE_INFINITY) ||
    b.at.localeCompare(a.at);
}
