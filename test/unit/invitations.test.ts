/**
 * Rating invitations (评价邀请): minted by the unit's business system for one completed case,
 * signed and expiring; whoever holds one rates that case, and only that case, without signing in.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { signInvitation, verifyInvitation } from '../../functions/core/invitations.js';
import { parseOrThrow } from '../../functions/core/validation.js';
import { InvitedRatingBody } from '../../functions/http/routes-citizen.js';
import { invalidateCalendar } from '../../functions/usecases/calendar.js';
import { submitCase } from '../../functions/usecases/cases.js';
import { mintInvitation, openInvitation, rateByInvitation } from '../../functions/usecases/invitations.js';
import { caseInput, domainError, type FakeDeps, makeDeps, principals, SALT } from '../fakes.js';

let deps: FakeDeps;
beforeEach(() => {
  invalidateCalendar();
  deps = makeDeps();
});

async function givenCompletedCase(overrides: Parameters<typeof caseInput>[0] = {}) {
  const input = caseInput({ status: 'completed', completedAt: '2026-11-01T10:00:00+08:00', ...overrides });
  await submitCase(deps, principals.admin, input);
  return input.caseNumber;
}
const tokenOf = (url: string) => url.split('#/i/')[1]!;
const rateWith = (invitation: string, raw: Record<string, unknown>, key?: string) =>
  rateByInvitation(deps, parseOrThrow(InvitedRatingBody, { invitation, ...raw }), key);

describe('minting', () => {
  it('gives the business system a link to rate.html with the token in the fragment, expiring after ttlHours', async () => {
    const caseNumber = await givenCompletedCase();
    const out = await mintInvitation(deps, principals.client, { caseNumber, ttlHours: 48 });
    expect(out.url).toMatch(/^https:\/\/hcp\.example\.gov\.cn\/rate\.html#\/i\/[\w-]+\.[\w-]+$/);
    expect(out.expiresAt).toBe('2026-11-04T02:00:00.000Z');
    expect(verifyInvitation(SALT, tokenOf(out.url), deps.clock.now()).caseNumber).toBe(caseNumber);
  });

  it('refuses a case of another unit (404, as if it did not exist) and a case not yet completed', async () => {
    const other = await givenCompletedCase({ unitId: 'U-COUNTY', itemCode: '410421-001', venueId: undefined, windowId: undefined });
    const open = await givenCompletedCase({ status: 'accepted', completedAt: undefined });
    expect((await domainError(() => mintInvitation(deps, principals.client, { caseNumber: other }))).status).toBe(404);
    const e = await domainError(() => mintInvitation(deps, principals.client, { caseNumber: open }));
    expect(e.issues).toEqual([expect.objectContaining({ field: 'caseNumber', rule: 'completed' })]);
  });

  it('is for integration clients and admins only', async () => {
    const caseNumber = await givenCompletedCase();
    expect((await domainError(() => mintInvitation(deps, principals.citizen, { caseNumber }))).status).toBe(403);
  });
});

describe('rating through an invitation', () => {
  it('opens with the case in names and rates it by the applicant on record, channel mobile, once', async () => {
    const caseNumber = await givenCompletedCase();
    const token = tokenOf((await mintInvitation(deps, principals.client, { caseNumber })).url);
    expect(await openInvitation(deps, token)).toMatchObject({ caseNumber, itemName: '企业设立登记', unitName: '市市场监督管理局', rated: false });

    const out = await rateWith(token, { level: 4, tags: ['服务态度'] }, 'key-1');
    const again = await rateWith(token, { level: 4, tags: ['服务态度'] }, 'key-1');

    expect(out).toMatchObject({ replayed: false, rating: { caseNumber, level: 4, anonymous: false, bad: true } });
    expect(again.replayed).toBe(true);
    const stored = [...deps.ratings.ratings.values()];
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ channel: 'mobile', personKey: principals.citizen.personKey, submittedBy: `invitation:${caseNumber}` });
    expect(deps.startedReviews).toHaveLength(1);
    expect(await openInvitation(deps, token)).toMatchObject({ rated: true, rating: { level: 4, levelName: '不满意' } });
  });

  it('an anonymous one carries no person', async () => {
    const caseNumber = await givenCompletedCase();
    const token = tokenOf((await mintInvitation(deps, principals.client, { caseNumber })).url);
    await rateWith(token, { level: 1, anonymous: true });
    const [r] = [...deps.ratings.ratings.values()];
    expect(r).toMatchObject({ anonymous: true, channel: 'mobile' });
    expect([r?.personKey, r?.rater]).toEqual([undefined, undefined]);
  });

  it('a token cannot rate another case: the body has no case number, and an altered payload fails the signature', async () => {
    const a = await givenCompletedCase();
    const b = await givenCompletedCase();
    const token = tokenOf((await mintInvitation(deps, principals.client, { caseNumber: a })).url);
    expect(() => parseOrThrow(InvitedRatingBody, { invitation: token, level: 1, caseNumber: b })).toThrow();
    const [, sig] = token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ v: 1, c: b, e: 4_102_444_800 })).toString('base64url');
    const e = await domainError(() => rateWith(`${forgedPayload}.${sig}`, { level: 1 }));
    expect(e.status).toBe(400);
    expect(e.issues).toEqual([expect.objectContaining({ field: 'invitation', rule: 'signature' })]);
    expect(deps.ratings.ratings.size).toBe(0);
  });

  it('refuses an expired token, one signed with another secret, and garbage, each with a 400 naming the rule', async () => {
    const caseNumber = await givenCompletedCase();
    const expired = signInvitation(SALT, caseNumber, new Date(deps.clock.now().getTime() - 1000));
    const otherKey = signInvitation('another-secret', caseNumber, new Date('2027-01-01T00:00:00Z'));
    const rules = [];
    for (const t of [expired, otherKey, 'not-a-token', 'a.b.c']) rules.push((await domainError(() => rateWith(t, { level: 1 }))).issues[0]?.rule);
    expect(rules).toEqual(['expired', 'signature', 'signature', 'signature']);
    expect((await domainError(() => openInvitation(deps, expired))).status).toBe(400);
    expect(deps.ratings.ratings.size).toBe(0);
  });

  it('applies the rating rules of the channel: a bad rating needs a reason', async () => {
    const caseNumber = await givenCompletedCase();
    const token = tokenOf((await mintInvitation(deps, principals.client, { caseNumber })).url);
    const e = await domainError(() => rateWith(token, { level: 5 }));
    expect(e.issues.map((i) => i.field)).toEqual(['tags']);
  });
});
