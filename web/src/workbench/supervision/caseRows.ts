import { api } from '../../api/client.js';
import { endsAtOf } from '../layout/timeLeft.js';

/**
 * Bad reviews and complaints as the supervision lists show them: one row type for both,
 * with the server's deadline and time left, and the case page to open (the cases area's
 * `#/bad-reviews/:id` and `#/complaints/:id`, where the decision forms are).
 */
export interface CaseRow {
  key: string;
  kind: 'badReview' | 'complaint';
  kindName: string;
  id: string;
  /** Case number (差评) or the complaint's title. */
  subject: string;
  unitId?: string;
  regionCode?: string;
  stepName?: string;
  deadline?: string;
  /** When the time left runs out, in this page's clock (server's secondsLeft + arrival). */
  endsAt?: number;
  overdue: boolean;
  escalations: number;
  /** What waits for the supervisor (待我决定), in words. */
  waitingFor?: string;
  to: string;
}

type Raw = Record<string, unknown>;
const s = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
const n = (v: unknown) => (typeof v === 'number' ? v : undefined);

export function badReviewRow(x: Raw, receivedAt: number, waitingFor?: string): CaseRow {
  const id = String(x.reviewId);
  return {
    key: `b-${id}-${waitingFor ?? ''}`,
    kind: 'badReview',
    kindName: '差评',
    id,
    subject: s(x.caseNumber) ?? id,
    unitId: s(x.unitId),
    regionCode: s(x.regionCode),
    stepName: s(x.stepName),
    deadline: s(x.deadline),
    endsAt: endsAtOf(n(x.secondsLeft), receivedAt),
    overdue: x.overdue === true,
    escalations: n(x.escalations) ?? 0,
    waitingFor,
    to: `/bad-reviews/${encodeURIComponent(id)}`,
  };
}

export function complaintRow(x: Raw, receivedAt: number, waitingFor?: string): CaseRow {
  const id = String(x.complaintId);
  return {
    key: `c-${id}-${waitingFor ?? ''}`,
    kind: 'complaint',
    kindName: s(x.kindName) ?? '诉求',
    id,
    subject: s(x.title) ?? id,
    unitId: s(x.unitId),
    regionCode: s(x.regionCode),
    stepName: s(x.stepName),
    deadline: s(x.deadline),
    endsAt: endsAtOf(n(x.secondsLeft), receivedAt),
    overdue: x.overdue === true,
    escalations: n(x.escalations) ?? 0,
    waitingFor,
    to: `/complaints/${encodeURIComponent(id)}`,
  };
}

/** Overdue first, then the nearest deadline first; rows without a deadline last. */
export const byUrgency = (a: CaseRow, b: CaseRow) =>
  Number(b.overdue) - Number(a.overdue) || (a.endsAt ?? Number.POSITIVE_INFINITY) - (b.endsAt ?? Number.POSITIVE_INFINITY) || a.key.localeCompare(b.key);

/** The region a code belongs to, as the API checks it: a city 410400 holds 4104xx, a province 410000 holds 41xxxx. */
export const regionPrefix = (code: string) =>
  code.length !== 6 ? code : code.endsWith('0000') ? code.slice(0, 2) : code.endsWith('00') ? code.slice(0, 4) : code;
export const inRegion = (code: string | undefined, region: string) => !!code && code.startsWith(regionPrefix(region));

export type BadReviewFilter = 'overdue' | 'escalated' | 'appeal' | 'extension';
export type ComplaintFilter = 'overdue' | 'escalated' | 'unassigned' | 'review' | 'extension';

export interface Listed {
  rows: Raw[];
  /** More than one page matched (the page shows the first 200). */
  more: boolean;
  at: number;
}

/** One page (200) of a supervisor's list. */
export async function listBadReviews(filter: BadReviewFilter): Promise<Listed> {
  const page = (await api.get('/bad-reviews', { query: { filter, limit: 200 } })) as unknown as { items: Raw[]; next?: string };
  return { rows: page.items, more: !!page.next, at: Date.now() };
}

export async function listComplaints(filter: ComplaintFilter): Promise<Listed> {
  const page = (await api.get('/complaints', { query: { filter, limit: 200 } })) as unknown as { items: Raw[]; next?: string };
  return { rows: page.items, more: !!page.next, at: Date.now() };
}
