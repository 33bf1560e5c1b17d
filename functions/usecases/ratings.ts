import { assertCanSee, type Principal } from '../core/access.js';
import { DomainError, invalid } from '../core/errors.js';
import { buildBadReview } from '../core/bad-review.js';
import { hashPersonalKey } from '../core/identity.js';
import { buildDefaultRating, buildRating, contentHash, type RatingInput, type RatingRecord, ratingId } from '../core/ratings.js';
import { logger } from '../observability.js';
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

/**
 * Where the rating was given must exist and agree: the venue and region are in the
 * catalog, the window is one of that venue's windows (the case's venue when none is
 * named), and a venue's devices rate only in their own venue.
 */
async function checkPlace(deps: Pick<Deps, 'catalog'>, p: Principal, input: RatingInput, caseVenueId?: string) {
  const venueId = input.venueId ?? caseVenueId;
  if (p.role === 'client' && p.venueId && input.venueId && input.venueId !== p.venueId) throw invalid('venueId', 'own_venue', '评价设备只能提交本场所的评价');
  const [venue, window, region] = await Promise.all([
    input.venueId ? deps.catalog.get('venues', input.venueId) : undefined,
    input.windowId && venueId ? deps.catalog.get('windows', `${venueId}:${input.windowId}`) : undefined,
    input.regionCode ? deps.catalog.get('regions', input.regionCode) : undefined,
  ]);
  if (input.venueId && !venue) throw invalid('venueId', 'exists', `场所 ${input.venueId} 不在目录中`);
  if (input.windowId && !window) throw invalid('windowId', 'exists', `窗口 ${input.windowId} 不在该场所中`);
  if (input.regionCode && !region) throw invalid('regionCode', 'exists', `行政区划 ${input.regionCode} 不在目录中`);
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
  const kase = await deps.cases.get(input.caseNumber);
  assertCanSee(p, kase ? caseOwner(kase) : undefined, '办件');
  logger.appendKeys({ caseNumber: input.caseNumber });
  await checkPlace(deps, p, input, kase!.venueId);
  const id = ratingId(input.caseNumber, input.assessNumber);

  // A first rating is written optimistically (the transaction refuses a second one); a follow-up needs an active first.
  if (input.assessNumber === 2) {
    const [existing, first] = await Promise.all([deps.ratings.get(id), deps.ratings.get(ratingId(input.caseNumber, 1))]);
    if (existing) return replayOrConflict(p, existing, input, idempotencyKey);
    if (!first?.active)
      throw new DomainError('CONFLICT', '追评前需先有主动评价', [{ field: 'assessNumber', rule: 'follow_up_needs_rating', message: '该办件尚无主动评价' }]);
  }

  const personKey = input.anonymous ? undefined : p.role === 'citizen' ? p.personKey : hashPersonalKey(input.rater!.idNumber, deps.config.personKeySalt);
  // A signed-in citizen rating their own case by name: the unit calls back the applicant on record.
  if (p.role === 'citizen' && !input.anonymous && !input.rater && kase!.personKey === p.personKey) input = { ...input, rater: kase!.applicant };
  const rating = buildRating(input, kase!, { now: deps.clock.now().toISOString(), submittedBy: p.sub, personKey, idempotencyKey });
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
 * days after 办结 get 满意 from channel "system default". Safe to run twice.
 */
export async function giveDefaultRatings(deps: Pick<Deps, 'cases' | 'ratings' | 'clock'>, maxCases = 5000): Promise<{ rated: number }> {
  let rated = 0;
  while (rated < maxCases) {
    const now = deps.clock.now().toISOString();
    const due = await deps.cases.dueForDefaultRating(now, 100);
    if (due.length === 0) break;
    let added = 0;
    for (const kase of due) if (await deps.ratings.add(buildDefaultRating(kase, now))) added++;
    rated += added;
    if (added === 0) break; // only cases rated meanwhile are left on this page
  }
  logger.info('default ratings given', { rated });
  return { rated };
}
