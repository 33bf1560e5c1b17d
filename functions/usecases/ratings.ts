import { assertCanSee, type Principal } from '../core/access.js';
import { DomainError, invalid } from '../core/errors.js';
import { buildBadReview } from '../core/bad-review.js';
import { hashPersonalKey } from '../core/identity.js';
import { type RatedCase, ticketCase } from '../core/rating-ticket.js';
import { buildDefaultRating, buildRating, contentHash, type RatingInput, type RatingRecord, ratingId } from '../core/ratings.js';
import type { CaseRecord } from '../core/cases.js';
import { logger } from '../observability.js';
import type { CatalogStore } from '../ports/stores.js';
import { unitInScope } from './cases.js';
import type { Deps } from './deps.js';
import { caseOwner, ratingOwner, ratingView } from './views.js';

const CITIZEN_CHANNELS = ['pc', 'mobile', 'qr'];

/** A retry (same idempotency key, or same content) gets the first answer back; anything else is a conflict. */
function replayOrConflict(p: Principal, existing: RatingRecord, input: RatingInput, key?: string): RatingSubmission {
  const sameKey = !!key && existing.idempotencyKey === key;
  const sameContent = existing.contentHash === contentHash(input) && existing.channel !== 'default';
  if (sameKey && !sameContent)
    throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'Idempotency-Key 已用于内容不同的评价', [
      { field: 'idempotency-key', rule: 'reused', message: '同一幂等键的内容必须相同' },
    ]);
  if (sameKey || sameContent) return { replayed: true, rating: ratingView(p, existing) };
  throw new DomainError(
    'ALREADY_RATED',
    input.assessNumber === 1 ? '该办件已评价（一事一评），如需补充请提交追评（assessNumber=2）' : '该办件的追评已提交，不能再次追评',
    [{ field: 'assessNumber', rule: 'one_per_case', message: '每个办件只能评价一次、追评一次' }],
  );
}

/** Catalog records found for ratings, per container (per catalog store), for {@link PLACE_TTL_MS}. */
const PLACE_TTL_MS = 5 * 60_000;
const PLACE_CACHE_MAX = 10_000;
const placeCache = new WeakMap<CatalogStore, Map<string, number>>();

/**
 * Whether a venue, window or region is in the catalog. Only records found are remembered:
 * the catalog has no deletes and a rating only needs to know they exist, so the cache
 * changes no answer (a place added a moment ago is read again, not refused from the cache).
 * Were deletes ever added, a deleted place would stay accepted for up to the TTL.
 */
async function inCatalog(catalog: CatalogStore, kind: 'venues' | 'windows' | 'regions', key: string): Promise<boolean> {
  let seen = placeCache.get(catalog);
  if (!seen) placeCache.set(catalog, (seen = new Map()));
  const id = `${kind}:${key}`;
  const now = Date.now();
  if ((seen.get(id) ?? 0) > now) return true;
  if (!(await catalog.get(kind, key))) return false;
  if (seen.size >= PLACE_CACHE_MAX) seen.clear();
  seen.set(id, now + PLACE_TTL_MS);
  return true;
}

/**
 * Where the rating was given must exist and agree: the venue and region are in the
 * catalog, the window is one of that venue's windows (the case's venue when none is
 * named), and a venue's devices rate only in their own venue (a window's, only at its window). What the case already names
 * was checked when it was pushed (and the catalog never deletes), so only other places are read.
 */
async function checkPlace(deps: Pick<Deps, 'catalog'>, p: Principal, input: RatingInput, kase: RatedCase) {
  const venueId = input.venueId ?? kase.venueId;
  if (p.role === 'client' && p.venueId && input.venueId && input.venueId !== p.venueId) throw invalid('venueId', 'own_venue', '评价设备只能提交本场所的评价');
  // A window's pad rates only cases handled at its window, and only there (the window named, else the case's).
  const atPad = (v?: string, w?: string) => v === p.venueId && w === p.windowId;
  if (p.role === 'client' && p.windowId && !(atPad(kase.venueId, kase.windowId) && atPad(venueId, input.windowId ?? kase.windowId)))
    throw invalid('windowId', 'own_window', '窗口评价器只能评价在本窗口办理的办件');
  const caseWindow = venueId === kase.venueId && input.windowId === kase.windowId;
  const [venue, window, region] = await Promise.all([
    !input.venueId || input.venueId === kase.venueId || inCatalog(deps.catalog, 'venues', input.venueId),
    !input.windowId || caseWindow || (!!venueId && inCatalog(deps.catalog, 'windows', `${venueId}:${input.windowId}`)),
    !input.regionCode || input.regionCode === kase.regionCode || inCatalog(deps.catalog, 'regions', input.regionCode),
  ]);
  if (!venue) throw invalid('venueId', 'exists', `场所 ${input.venueId} 不在目录中`);
  if (!window) throw invalid('windowId', 'exists', `窗口 ${input.windowId} 不在该场所中`);
  if (!region) throw invalid('regionCode', 'exists', `行政区划 ${input.regionCode} 不在目录中`);
}

/** Submits one rating (评价) from any channel. */
/** A rating as recorded, or as first recorded when this was a retry (`replayed`). */
export interface RatingSubmission {
  replayed: boolean;
  rating: ReturnType<typeof ratingView>;
}

export async function submitRating(
  deps: Pick<Deps, 'catalog' | 'cases' | 'ratings' | 'clock' | 'config' | 'onBadReview'>,
  p: Principal,
  input: RatingInput,
  idempotencyKey?: string,
): Promise<RatingSubmission> {
  if (p.role === 'citizen' && !CITIZEN_CHANNELS.includes(input.channel))
    throw invalid('channel', 'citizen_channel', `市民自助评价的渠道只能是 ${CITIZEN_CHANNELS.join('、')}`);
  if (!input.anonymous && !input.rater && p.role !== 'citizen') throw invalid('rater', 'required_when_named', '实名评价需要评价人信息，或设置 anonymous=true');
  if (p.role === 'citizen' && input.rater && hashPersonalKey(input.rater.idNumber, deps.config.personKeySalt) !== p.personKey)
    throw invalid('rater.idNumber', 'own_identity', '市民只能以本人身份实名评价');
  // A pad's ticket from its board names the case and where it was handled: no case read. Otherwise the case is read and checked.
  const ticketed = p.role === 'client' && input.ticket ? ticketCase(deps.config.personKeySalt, input.ticket, deps.clock.now(), input.caseNumber, p) : undefined;
  const full = ticketed ? undefined : await deps.cases.get(input.caseNumber);
  if (!ticketed) assertCanSee(p, full ? caseOwner(full) : undefined, '办件');
  const kase: RatedCase = ticketed ?? full!;
  logger.appendKeys({ caseNumber: input.caseNumber });
  await checkPlace(deps, p, input, kase);
  const id = ratingId(input.caseNumber, input.assessNumber);

  // A first rating is written optimistically (its conditional write refuses a second one); a follow-up needs an active first.
  if (input.assessNumber === 2) {
    const [existing, first] = await Promise.all([deps.ratings.get(id), deps.ratings.get(ratingId(input.caseNumber, 1))]);
    if (existing) return replayOrConflict(p, existing, input, idempotencyKey);
    if (!first?.active)
      throw new DomainError('CONFLICT', '追评前需先有主动评价', [{ field: 'assessNumber', rule: 'follow_up_needs_rating', message: '该办件尚无主动评价' }]);
  }

  const personKey = input.anonymous ? undefined : p.role === 'citizen' ? p.personKey : hashPersonalKey(input.rater!.idNumber, deps.config.personKeySalt);
  // A signed-in citizen rating their own case by name: the unit calls back the applicant on record.
  if (p.role === 'citizen' && !input.anonymous && !input.rater && full && full.personKey === p.personKey) input = { ...input, rater: full.applicant };
  const rating = buildRating(input, kase, { now: deps.clock.now().toISOString(), submittedBy: p.sub, personKey, idempotencyKey });
  const review = rating.bad ? buildBadReview(rating) : undefined;
  if (!(await deps.ratings.add(rating, review))) {
    // Already rated (a retry, or a concurrent one that won the race): answer as the first did.
    const winner = await deps.ratings.get(id);
    if (!winner) throw new Error('rating vanished after conflict');
    return replayOrConflict(p, winner, input, idempotencyKey);
  }
  logger.info('rating recorded', { ratingId: rating.ratingId, ratingLevel: rating.level, channel: rating.channel, bad: rating.bad });
  if (review && deps.onBadReview) {
    await deps.onBadReview(review).catch((e) => logger.warn('bad-review start deferred to reconciler', { reviewId: review.reviewId, errorName: e?.name }));
  }
  return { replayed: false, rating: ratingView(p, rating) };
}

export async function getRating(deps: Pick<Deps, 'ratings'>, p: Principal, id: string) {
  const r = await deps.ratings.get(id);
  assertCanSee(p, r ? ratingOwner(r) : undefined, '评价');
  return ratingView(p, r!);
}

export async function listRatings(deps: Pick<Deps, 'catalog' | 'ratings'>, p: Principal, q: { unitId?: string; cursor?: string; limit?: number }) {
  const page = p.role === 'citizen' ? await deps.ratings.listByPerson(p.personKey!, q) : await deps.ratings.listByUnit(await unitInScope(deps, p, q.unitId), q);
  return { items: page.items.map((r) => ratingView(p, r)), next: page.next };
}

/**
 * The scheduled default-rating job (默认好评): completed cases still unrated 7 working
 * days after 办结 get 满意 from channel "system default". Safe to run twice. It walks the
 * due list once, page after page, and is the only place a case leaves it: each case due is
 * default-rated unless it has a rating (the conditional write refuses a second one), and
 * taken off the list either way — one write per case, in the background, none per rating.
 */
export async function giveDefaultRatings(deps: Pick<Deps, 'cases' | 'ratings' | 'clock'>, maxCases = 5000): Promise<{ rated: number; alreadyRated: number }> {
  const PAGE = 100;
  const now = deps.clock.now().toISOString();
  let rated = 0;
  let alreadyRated = 0;
  let after: CaseRecord | undefined;
  while (rated + alreadyRated < maxCases) {
    const due = await deps.cases.dueForDefaultRating(now, PAGE, after);
    for (const kase of due) {
      if (await deps.ratings.add(buildDefaultRating(kase, now))) rated++;
      else alreadyRated++;
      await deps.cases.leaveDefaultList(kase.caseNumber);
    }
    if (due.length < PAGE) break;
    after = due.at(-1);
  }
  logger.info('default ratings given', { rated, alreadyRated });
  return { rated, alreadyRated };
}
