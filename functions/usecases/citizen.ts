import type { Principal } from '../core/access.js';
import type { CaseRecord } from '../core/cases.js';
import { forbidden } from '../core/errors.js';
import type { BadReview } from '../core/bad-review.js';
import { LEVEL_NAMES } from '../core/ratings.js';
import type { CitizenCases } from '../ports/citizen.js';
import type { ComplaintStore } from '../ports/complaints.js';
import type { BadReviewStore } from '../ports/bad-reviews.js';
import { isOpen } from '../supervision/model.js';
import { progressView } from './complaints.js';
import type { Deps } from './deps.js';

/** What the citizen's own pages need on top of {@link Deps}. */
export interface CitizenDeps extends Pick<Deps, 'catalog'> {
  citizenCases: CitizenCases;
}

/** One case as its applicant sees it in “my cases”: names instead of codes, whether it is rated, until when. */
export interface MyCaseView {
  caseNumber: string;
  itemName: string;
  unitName: string;
  venueId?: string;
  venueName?: string;
  windowId?: string;
  windowName?: string;
  status: CaseRecord['status'];
  acceptedAt: string;
  completedAt?: string;
  rated: boolean;
  /** After this moment an unrated completed case gets the default rating (满意). */
  rateBy?: string;
}

/** Index pages read at most per request while looking for cases that wait for a rating. */
const MAX_READS = 5;

/**
 * The signed-in citizen's cases, newest accepted first (the case just handled at the window
 * is on top when the QR code is scanned), one page of their index at a time.
 * `waiting: 'rating'` keeps the completed ones without a rating (one tap to rate each),
 * reading further index pages (at most {@link MAX_READS}) until `limit` are found (never more); `next`
 * goes on from there ("more"). Ratings are checked with one batch read per index page.
 */
export async function myCases(
  deps: CitizenDeps,
  p: Principal,
  q: { waiting?: 'rating'; cursor?: string; limit?: number },
): Promise<{ items: MyCaseView[]; next?: string }> {
  if (p.role !== 'citizen' || !p.personKey) throw forbidden();
  const limit = q.limit ?? 20;
  const cases: { c: CaseRecord; rated: boolean }[] = [];
  let cursor = q.cursor;
  for (let reads = 0; reads < MAX_READS && cases.length < limit; reads++) {
    // Never more than `limit` in all: each further read asks only for what is still missing.
    const page = await deps.citizenCases.casesOfPerson(p.personKey, { cursor, limit: limit - cases.length });
    const rated = await deps.citizenCases.ratedCases(page.items.map((c) => c.caseNumber));
    for (const c of page.items) {
      const isRated = rated.has(c.caseNumber) || c.ratingCount > 0;
      if (q.waiting !== 'rating' || (c.status === 'completed' && !isRated)) cases.push({ c, rated: isRated });
    }
    cursor = page.next;
    if (!cursor || q.waiting !== 'rating') break;
  }
  const page = { next: cursor };
  const names = await namesOf(
    deps,
    cases.map(({ c }) => c),
  );
  const items = cases.map(
    ({ c, rated }): MyCaseView => ({
      caseNumber: c.caseNumber,
      itemName: c.itemName,
      unitName: names.get(`unit:${c.unitId}`) ?? c.unitId,
      venueId: c.venueId,
      venueName: c.venueId ? names.get(`venue:${c.venueId}`) : undefined,
      windowId: c.windowId,
      windowName: c.venueId && c.windowId ? names.get(`window:${c.venueId}:${c.windowId}`) : undefined,
      status: c.status,
      acceptedAt: c.acceptedAt,
      completedAt: c.completedAt,
      rated,
      rateBy: !rated && c.status === 'completed' ? c.defaultRatingDueAt : undefined,
    }),
  );
  return { items, ...(page.next ? { next: page.next } : {}) };
}

/** Names of the units, venues and windows of these cases, each looked up once. */
async function namesOf(deps: CitizenDeps, cases: CaseRecord[]): Promise<Map<string, string>> {
  const wanted = new Map<string, () => Promise<{ name: string } | undefined>>();
  for (const c of cases) {
    wanted.set(`unit:${c.unitId}`, () => deps.catalog.get('units', c.unitId));
    if (c.venueId) wanted.set(`venue:${c.venueId}`, () => deps.catalog.get('venues', c.venueId!));
    if (c.venueId && c.windowId) wanted.set(`window:${c.venueId}:${c.windowId}`, () => deps.catalog.get('windows', `${c.venueId}:${c.windowId}`));
  }
  const found = await Promise.all([...wanted].map(async ([k, get]) => [k, (await get())?.name] as const));
  return new Map(found.filter((e): e is readonly [string, string] => !!e[1]));
}

/** Where a bad review stands, as the citizen who gave it is told: no internal steps, reminders, task orders or escalations. */
const REVIEW_STAGE: Record<string, string> = {
  verify: '承办单位正在核实您反映的情况',
  rectify: '承办单位正在整改，整改后会答复您',
  visit: '整改已完成，承办单位正在回访，请您确认是否满意',
  taskOrder: '承办单位正在整改，整改后会答复您',
  escalated: '承办单位正在整改，整改后会答复您',
};
const REVIEW_CLOSED: Record<string, string> = {
  visitAnswered: '已办结：您已对整改结果作出评价',
  visitDissatisfiedFinal: '已办结：您对整改结果仍不满意，已记录并报送监管部门',
  noAnswer: '已办结：回访期间未能联系到您',
  anonymousRectified: '已办结：匿名差评已核实整改（匿名评价不回访）',
  voided: '已作废：经核实该差评不成立或已撤销，不再计入',
};

/** One bad review as its author sees it: names, the stage in plain words, the deadline the unit must meet now. */
export interface MyReviewView {
  reviewId: string;
  caseNumber: string;
  itemName: string;
  unitName: string;
  levelName: string;
  createdAt: string;
  open: boolean;
  voided: boolean;
  stage: string;
  /** While open: the unit must finish the current stage by then. */
  deadline?: string;
  closedAt?: string;
}

/** What the progress page reads on top of {@link CitizenDeps}. */
export interface ProgressDeps extends Pick<Deps, 'catalog' | 'ratings' | 'config'> {
  badReviews: Pick<BadReviewStore, 'get'>;
  complaints: Pick<ComplaintStore, 'listByPerson'>;
}

const PROGRESS_LIMIT = 20;
/** Rating pages (of 50) read at most while looking for the citizen's bad reviews. */
const RATING_READS = 4;

/**
 * The signed-in citizen's bad reviews and consultations/complaints, newest first (up to 20
 * of each), in plain words: unit and item names, where each stands, the deadline the unit
 * must meet, voided ones said so; nothing internal (reminders, task orders, escalations).
 */
export async function myProgress(deps: ProgressDeps, p: Principal): Promise<{ reviews: MyReviewView[]; complaints: unknown[] }> {
  if (p.role !== 'citizen' || !p.personKey) throw forbidden();
  const personKey = p.personKey;
  const readReviews = async () => {
    const found: BadReview[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < RATING_READS && found.length < PROGRESS_LIMIT; i++) {
      const page = await deps.ratings.listByPerson(personKey, { cursor, limit: 50 });
      const reviews = await Promise.all(page.items.filter((r) => r.bad).map((r) => deps.badReviews.get(r.ratingId)));
      found.push(...reviews.filter((c): c is BadReview => !!c));
      cursor = page.next;
      if (!cursor) break;
    }
    return found.slice(0, PROGRESS_LIMIT);
  };
  const [reviews, complaintPage] = await Promise.all([readReviews(), deps.complaints.listByPerson(personKey, { limit: PROGRESS_LIMIT })]);
  const names = new Map<string, Promise<string | undefined>>();
  const nameOf = (kind: 'units' | 'items', id: string) => {
    if (!names.has(`${kind}:${id}`))
      names.set(
        `${kind}:${id}`,
        deps.catalog.get(kind, id).then((r) => r?.name),
      );
    return names.get(`${kind}:${id}`)!;
  };
  const reviewViews = await Promise.all(
    reviews.map(async (c): Promise<MyReviewView> => {
      const open = isOpen(c);
      return {
        reviewId: c.reviewId,
        caseNumber: c.caseNumber,
        itemName: (await nameOf('items', c.itemCode)) ?? '办事事项',
        unitName: (await nameOf('units', c.unitId)) ?? '承办单位',
        levelName: LEVEL_NAMES[c.level],
        createdAt: c.createdAt,
        open,
        voided: c.closeReason === 'voided',
        stage: open ? (REVIEW_STAGE[c.step ?? 'verify'] ?? REVIEW_STAGE.verify!) : (REVIEW_CLOSED[c.closeReason ?? ''] ?? '已办结'),
        ...(open && c.stepDeadline ? { deadline: c.stepDeadline } : {}),
        ...(c.closedAt ? { closedAt: c.closedAt } : {}),
      };
    }),
  );
  const complaints = await Promise.all(complaintPage.items.map((c) => progressView(deps, c)));
  return { reviews: reviewViews, complaints };
}

/** Region levels a citizen picks from when a consultation or complaint names no unit (no QR place, no case). */
const PICKABLE_LEVELS = new Set(['city', 'county']);

/** The city and its counties (code, name, parent), for the "where" of a consultation or complaint; public, names only. */
export async function publicRegions(deps: Pick<Deps, 'catalog'>): Promise<{ items: { code: string; name: string; parentCode?: string; level: string }[] }> {
  const page = await deps.catalog.list('regions', { limit: 500 });
  const items = page.items
    .filter((r) => PICKABLE_LEVELS.has(r.level))
    .map((r) => ({ code: r.code, name: r.name, level: r.level, ...(r.parentCode ? { parentCode: r.parentCode } : {}) }))
    .sort((a, b) => a.code.localeCompare(b.code));
  return { items };
}
