import { assertCanSee, type Principal, requireRole } from '../core/access.js';
import { DomainError, invalid } from '../core/errors.js';
import { INVITATION_TTL_HOURS, signInvitation, verifyInvitation } from '../core/invitations.js';
import { LEVEL_NAMES, RatingInput, ratingId } from '../core/ratings.js';
import { parseOrThrow } from '../core/validation.js';
import { logger } from '../observability.js';
import type { Deps } from './deps.js';
import { submitRating } from './ratings.js';
import { caseOwner } from './views.js';

/**
 * Rating invitations (评价邀请). An integration client mints one for a case of its own unit
 * (or venue); the link opens the phone app with that case filled in. **The rule:** whoever
 * holds a genuine, unexpired invitation may rate that one case without signing in — the
 * link goes to the applicant on record (办结 SMS, the business system's own account), so
 * a named rating is the applicant's (their person key: it shows under their own bad
 * reviews and the unit calls back the applicant on record), or anonymous if they choose.
 * Channel `mobile` (移动服务端). The token binds the case: the body names no case number,
 * so a token for case A can never rate case B. Once rated, the link only shows that it
 * was (a retry with the same Idempotency-Key or content gets the first answer back).
 * Tokens are never logged.
 */
export type InvitationDeps = Pick<Deps, 'catalog' | 'cases' | 'ratings' | 'clock' | 'config' | 'onBadReview'>;

export async function mintInvitation(
  deps: Pick<Deps, 'cases' | 'clock' | 'config'>,
  p: Principal,
  input: { caseNumber: string; ttlHours?: number },
): Promise<{ url: string; expiresAt: string; caseNumber: string }> {
  requireRole(p, 'client', 'admin');
  const kase = await deps.cases.get(input.caseNumber);
  assertCanSee(p, kase ? caseOwner(kase) : undefined, '办件');
  if (kase!.status !== 'completed') throw invalid('caseNumber', 'completed', '办件办结后才能邀请评价');
  const hours = input.ttlHours ?? INVITATION_TTL_HOURS.default;
  const expiresAt = new Date(deps.clock.now().getTime() + hours * 3_600_000);
  const token = signInvitation(deps.config.personKeySalt, kase!.caseNumber, expiresAt);
  logger.info('rating invitation minted', { caseNumber: kase!.caseNumber, expiresAt: expiresAt.toISOString() });
  // In the fragment: browsers never send it to a server, so no access log holds the token.
  return { url: `${deps.config.publicBaseUrl}/rate.html#/i/${token}`, expiresAt: expiresAt.toISOString(), caseNumber: kase!.caseNumber };
}

/** What the invited page shows: the case in names, whether it is rated already, until when the link works. */
export async function openInvitation(deps: Pick<Deps, 'catalog' | 'cases' | 'ratings' | 'clock' | 'config'>, token: string) {
  const inv = verifyInvitation(deps.config.personKeySalt, token, deps.clock.now());
  const kase = await deps.cases.get(inv.caseNumber);
  if (!kase) throw new DomainError('NOT_FOUND', '办件不存在');
  const [unit, first] = await Promise.all([deps.catalog.get('units', kase.unitId), deps.ratings.get(ratingId(kase.caseNumber, 1))]);
  const rating = first && first.channel !== 'default' ? { level: first.level, levelName: LEVEL_NAMES[first.level as 1] } : undefined;
  return {
    caseNumber: kase.caseNumber,
    itemName: kase.itemName,
    unitName: unit?.name ?? kase.unitId,
    completedAt: kase.completedAt,
    expiresAt: inv.expiresAt,
    rated: !!first,
    ...(rating ? { rating } : {}),
  };
}

export interface InvitedRatingInput {
  invitation: string;
  level: number;
  tags: string[];
  text?: string;
  anonymous: boolean;
}

/** A rating through an invitation: bound to the invitation's case, channel `mobile`, by the applicant on record or anonymous. */
export async function rateByInvitation(deps: InvitationDeps, input: InvitedRatingInput, idempotencyKey?: string) {
  const inv = verifyInvitation(deps.config.personKeySalt, input.invitation, deps.clock.now());
  const kase = await deps.cases.get(inv.caseNumber);
  if (!kase) throw new DomainError('NOT_FOUND', '办件不存在');
  // The invitation speaks for the case's own unit, as the business system that minted it would.
  const p: Principal = { sub: `invitation:${kase.caseNumber}`, role: 'client', unitId: kase.unitId };
  // The same rules as any rating (levels, reason tags of the channel, text), fields named as in the invited body.
  const rating = parseOrThrow(RatingInput, {
    caseNumber: kase.caseNumber,
    assessNumber: 1,
    level: input.level,
    channel: 'mobile',
    tags: input.tags,
    ...(input.text ? { text: input.text } : {}),
    anonymous: input.anonymous,
    ...(input.anonymous ? {} : { rater: kase.applicant }),
  });
  const out = await submitRating(deps, p, rating, idempotencyKey);
  const r = out.rating;
  return { replayed: out.replayed, rating: { caseNumber: r.caseNumber, level: r.level, tags: r.tags, anonymous: r.anonymous, bad: r.bad } };
}
