/**
 * Rating use cases (评价) over in-memory fakes: levels, reason tags, channels,
 * one rating per case, follow-ups, idempotent retries, bad reviews, default ratings.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../functions/core/access.js';
import { hashPersonalKey } from '../../functions/core/identity.js';
import { RatingInput } from '../../functions/core/ratings.js';
import { parseOrThrow } from '../../functions/core/validation.js';
import { ratingReply } from '../../functions/http/replies.js';
import { invalidateCalendar } from '../../functions/usecases/calendar.js';
import { getCase, listCases, submitCase } from '../../functions/usecases/cases.js';
import { giveDefaultRatings, listRatings, submitRating } from '../../functions/usecases/ratings.js';
import { APPLICANT, body, caseInput, domainError, type FakeDeps, makeDeps, OTHER_PERSON, principals, residentId, SALT, status } from '../fakes.js';

/** What the HTTP handler does: parse with the route's schema, then call the use case. */
const rate = async (deps: FakeDeps, p: Principal, raw: Record<string, unknown>, key?: string) =>
  ratingReply(await submitRating(deps, p, parseOrThrow(RatingInput, raw), key));

/** Pushes a case as an admin would and returns its number. */
async function givenCase(deps: FakeDeps, overrides: Parameters<typeof caseInput>[0] = {}) {
  const input = caseInput(overrides);
  await submitCase(deps, principals.admin, input);
  return input.caseNumber;
}

let deps: FakeDeps;
beforeEach(() => {
  invalidateCalendar();
  deps = makeDeps();
});

describe('levels (GB/T 39046 table A.8)', () => {
  it('records each of the five levels with its standard name and marks 4 and 5 as bad reviews', async () => {
    // Prepare
    const expected = { 1: '非常满意', 2: '满意', 3: '基本满意', 4: '不满意', 5: '非常不满意' } as const;
    const stored: { level: number; levelName: string; bad: boolean }[] = [];
    // Act
    for (const level of [1, 2, 3, 4, 5] as const) {
      const caseNumber = await givenCase(deps);
      const reply = await rate(deps, principals.client, { caseNumber, level, channel: 'pad', anonymous: true, tags: level >= 4 ? ['服务态度'] : [] });
      const r = body(reply).rating;
      stored.push({ level: r.level, levelName: r.levelName, bad: r.bad });
    }
    // Assess
    expect(stored).toEqual([1, 2, 3, 4, 5].map((l) => ({ level: l, levelName: expected[l as 1], bad: l >= 4 })));
  });

  it.each([0, 6, 2.5])('refuses level %s', async (level) => {
    // Prepare
    const caseNumber = await givenCase(deps);
    // Act
    const e = await domainError(() => rate(deps, principals.client, { caseNumber, level, channel: 'pad', anonymous: true }));
    // Assess
    expect(e.status).toBe(400);
    expect(e.issues.map((i) => i.field)).toContain('level');
    expect(deps.ratings.ratings.size).toBe(0);
  });

  it.each([4, 5])('requires at least one reason tag for level %s', async (level) => {
    // Prepare
    const caseNumber = await givenCase(deps);
    // Act
    const e = await domainError(() => rate(deps, principals.client, { caseNumber, level, channel: 'pad', anonymous: true }));
    // Assess
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.issues).toEqual([expect.objectContaining({ field: 'tags', rule: 'required_for_bad_review' })]);
  });
});

describe('reason tags per channel', () => {
  it.each(['pc', 'mobile'])('accepts the online-platform tags on the online channel %s', async (channel) => {
    // Prepare
    const caseNumber = await givenCase(deps);
    // Act
    const reply = await rate(deps, principals.citizen, { caseNumber, level: 4, channel, tags: ['平台操作性', '办事便捷度'] });
    // Assess
    expect(status(reply)).toBe(201);
    expect(body(reply).rating.tags).toEqual(['平台操作性', '办事便捷度']);
  });

  it.each(['qr', 'pad', 'terminal', 'phone', 'sms'])('refuses the online-platform tags on the offline channel %s', async (channel) => {
    // Prepare
    const caseNumber = await givenCase(deps);
    const p = channel === 'qr' ? principals.citizen : principals.client;
    // Act
    const e = await domainError(() => rate(deps, p, { caseNumber, level: 4, channel, anonymous: true, tags: ['服务态度', '平台操作性'] }));
    // Assess
    expect(e.issues).toEqual([expect.objectContaining({ field: 'tags.1', rule: 'enum' })]);
  });

  it('accepts every base tag on a hall pad and refuses a tag that is not on the list', async () => {
    // Prepare
    const [good, bad] = [await givenCase(deps), await givenCase(deps)];
    const base = ['承诺履行', '服务态度', '申请材料', '办事效率', '跑趟次数', '服务机制', '勤政廉洁'];
    // Act
    const ok = await rate(deps, principals.pad, { caseNumber: good, level: 5, channel: 'pad', anonymous: true, tags: base });
    const e = await domainError(() => rate(deps, principals.pad, { caseNumber: bad, level: 5, channel: 'pad', anonymous: true, tags: ['态度不好'] }));
    // Assess
    expect(status(ok)).toBe(201);
    expect(e.issues).toEqual([expect.objectContaining({ field: 'tags.0', rule: 'enum' })]);
  });
});

describe('text, anonymity and the rater', () => {
  it('accepts 500 characters of text (trimmed) and refuses 501', async () => {
    // Prepare
    const [a, b] = [await givenCase(deps), await givenCase(deps)];
    // Act
    const ok = await rate(deps, principals.client, { caseNumber: a, level: 1, channel: 'pad', anonymous: true, text: `  ${'好'.repeat(500)}  ` });
    const e = await domainError(() => rate(deps, principals.client, { caseNumber: b, level: 1, channel: 'pad', anonymous: true, text: '好'.repeat(501) }));
    // Assess
    expect(body(ok).rating.text).toBe('好'.repeat(500));
    expect(e.issues).toEqual([expect.objectContaining({ field: 'text', rule: 'too_big' })]);
    expect(deps.ratings.ratings.has(`${b}-1`)).toBe(false);
  });

  it('refuses an anonymous rating that carries rater details', async () => {
    // Prepare
    const caseNumber = await givenCase(deps);
    // Act
    const e = await domainError(() => rate(deps, principals.client, { caseNumber, level: 1, channel: 'pad', anonymous: true, rater: APPLICANT }));
    // Assess
    expect(e.issues).toEqual([expect.objectContaining({ field: 'rater', rule: 'forbidden_when_anonymous' })]);
  });

  it('requires rater details for a named rating sent by an integration client', async () => {
    // Prepare
    const caseNumber = await givenCase(deps);
    // Act
    const e = await domainError(() => rate(deps, principals.client, { caseNumber, level: 1, channel: 'phone' }));
    // Assess
    expect(e.status).toBe(400);
    expect(e.issues).toEqual([expect.objectContaining({ field: 'rater', rule: 'required_when_named' })]);
    expect(deps.ratings.adds).toEqual([]);
  });

  it('links a named client rating to the rater by a salted hash of the ID number', async () => {
    // Prepare
    const caseNumber = await givenCase(deps);
    // Act
    await rate(deps, principals.client, { caseNumber, level: 2, channel: 'sms', rater: OTHER_PERSON });
    // Assess
    const stored = deps.ratings.ratings.get(`${caseNumber}-1`)!;
    expect(stored.personKey).toBe(hashPersonalKey(OTHER_PERSON.idNumber, SALT));
    expect(stored.anonymous).toBe(false);
  });

  it('refuses a rater whose resident ID has a wrong check digit', async () => {
    // Prepare
    const caseNumber = await givenCase(deps);
    const good = residentId('41040219850612345');
    const wrong = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    // Act
    const e = await domainError(() => rate(deps, principals.client, { caseNumber, level: 1, channel: 'pad', rater: { ...APPLICANT, idNumber: wrong } }));
    // Assess
    expect(e.issues).toEqual([expect.objectContaining({ field: 'rater.idNumber', rule: 'gb11643' })]);
  });
});

describe('who may rate through which channel', () => {
  it.each(['pad', 'terminal', 'phone', 'sms'])('refuses a citizen rating through the hall or call-centre channel %s', async (channel) => {
    // Prepare
    const caseNumber = await givenCase(deps);
    // Act
    const e = await domainError(() => rate(deps, principals.citizen, { caseNumber, level: 1, channel }));
    // Assess
    expect(e.issues).toEqual([expect.objectContaining({ field: 'channel', rule: 'citizen_channel' })]);
  });

  it.each(['pc', 'mobile', 'qr'])('lets the applicant rate their own case through %s, linked to them without rater details', async (channel) => {
    // Prepare
    const caseNumber = await givenCase(deps);
    // Act
    const reply = await rate(deps, principals.citizen, { caseNumber, level: 1, channel });
    // Assess
    expect(status(reply)).toBe(201);
    expect(deps.ratings.ratings.get(`${caseNumber}-1`)?.personKey).toBe(principals.citizen.personKey);
  });

  it('answers 404 when a citizen rates somebody else’s case', async () => {
    // Prepare
    const caseNumber = await givenCase(deps);
    // Act
    const e = await domainError(() => rate(deps, principals.otherCitizen, { caseNumber, level: 1, channel: 'pc' }));
    // Assess
    expect(e.code).toBe('NOT_FOUND');
    expect(deps.ratings.ratings.size).toBe(0);
  });

  it('answers 404 when a client rates another unit’s case or a pad rates a case of another venue', async () => {
    // Prepare
    const countyCase = await givenCase(deps, { unitId: 'U-COUNTY', itemCode: '410421-001', venueId: undefined, windowId: undefined });
    // Act
    const byClient = await domainError(() => rate(deps, principals.client, { caseNumber: countyCase, level: 1, channel: 'pad', anonymous: true }));
    const byPad = await domainError(() => rate(deps, principals.pad, { caseNumber: countyCase, level: 1, channel: 'pad', anonymous: true }));
    // Assess
    expect([byClient.status, byPad.status]).toEqual([404, 404]);
    expect(deps.ratings.ratings.size).toBe(0);
  });

  it('refuses a place that is not in the catalog, and a pad naming another venue, with 400 and no write', async () => {
    // Prepare
    const n = await givenCase(deps);
    const base = { caseNumber: n, level: 1, channel: 'pad', anonymous: true };
    // Act
    const unknownVenue = await domainError(() => rate(deps, principals.client, { ...base, venueId: 'V-NOWHERE' }));
    const unknownWindow = await domainError(() => rate(deps, principals.client, { ...base, windowId: 'W99' }));
    const otherVenue = await domainError(() => rate(deps, principals.pad, { ...base, venueId: 'V-OTHER' }));
    // Assess
    expect([unknownVenue, unknownWindow, otherVenue].map((e) => [e.status, e.issues[0]!.field, e.issues[0]!.rule])).toEqual([
      [400, 'venueId', 'exists'],
      [400, 'windowId', 'exists'],
      [400, 'venueId', 'own_venue'],
    ]);
    expect(deps.ratings.ratings.size).toBe(0);
  });

  it('answers 404 for a case that does not exist', async () => {
    // Act
    const e = await domainError(() => rate(deps, principals.admin as Principal, { caseNumber: 'NO-SUCH-CASE', level: 1, channel: 'pad', anonymous: true }));
    // Assess
    expect(e.code).toBe('NOT_FOUND');
  });
});

describe('one rating per case and one follow-up (一事一评, 追评)', () => {
  it('refuses a second, different active rating with 409 ALREADY_RATED and keeps the first', async () => {
    // Prepare
    const caseNumber = await givenCase(deps);
    await rate(deps, principals.citizen, { caseNumber, level: 1, channel: 'pc' });
    // Act
    const e = await domainError(() => rate(deps, principals.citizen, { caseNumber, level: 3, channel: 'pc' }));
    // Assess
    expect(e.status).toBe(409);
    expect(e.code).toBe('ALREADY_RATED');
    expect(deps.ratings.ratings.get(`${caseNumber}-1`)?.level).toBe(1);
    expect(await deps.ratings.listByCase(caseNumber)).toHaveLength(1);
  });

  it('refuses a follow-up before any active rating', async () => {
    // Prepare
    const caseNumber = await givenCase(deps);
    // Act
    const e = await domainError(() => rate(deps, principals.citizen, { caseNumber, assessNumber: 2, level: 2, channel: 'pc' }));
    // Assess
    expect(e.code).toBe('CONFLICT');
    expect(e.issues).toEqual([expect.objectContaining({ field: 'assessNumber', rule: 'follow_up_needs_rating' })]);
    expect(deps.ratings.ratings.size).toBe(0);
  });

  it('accepts one follow-up after the active rating and refuses a second one', async () => {
    // Prepare
    const caseNumber = await givenCase(deps);
    await rate(deps, principals.citizen, { caseNumber, level: 4, channel: 'mobile', tags: ['办事效率'] });
    // Act
    const followUp = await rate(deps, principals.citizen, { caseNumber, assessNumber: 2, level: 2, channel: 'mobile', text: '后来很快解决了' });
    const again = await domainError(() => rate(deps, principals.citizen, { caseNumber, assessNumber: 2, level: 1, channel: 'mobile' }));
    // Assess
    expect(status(followUp)).toBe(201);
    expect(body(followUp).rating).toMatchObject({ ratingId: `${caseNumber}-2`, assessNumber: 2, active: true });
    expect(again.code).toBe('ALREADY_RATED');
    expect((await deps.ratings.listByCase(caseNumber)).map((r) => r.assessNumber)).toEqual([1, 2]);
  });
});

describe('retries (Idempotency-Key or same content)', () => {
  it('answers a retry with the same Idempotency-Key with the first rating, replayed, and stores nothing new', async () => {
    // Prepare
    const caseNumber = await givenCase(deps);
    const first = await rate(deps, principals.pad, { caseNumber, level: 2, channel: 'pad', anonymous: true }, 'key-1');
    const versionAfterFirst = (await deps.cases.get(caseNumber))!.version;
    // Act
    const retry = await rate(deps, principals.pad, { caseNumber, level: 2, channel: 'pad', anonymous: true }, 'key-1');
    // Assess
    expect(status(first)).toBe(201);
    expect(body(first).replayed).toBe(false);
    expect(status(retry)).toBe(200);
    expect(body(retry)).toEqual({ replayed: true, rating: body(first).rating });
    expect(deps.ratings.adds.filter((a) => a.stored)).toHaveLength(1);
    expect((await deps.cases.get(caseNumber))!.version).toBe(versionAfterFirst);
  });

  it('answers a retry with the same content and no key as a replay', async () => {
    // Prepare
    const caseNumber = await givenCase(deps);
    const input = { caseNumber, level: 5, channel: 'qr', tags: ['跑趟次数', '服务态度'], text: '跑了三趟' };
    await rate(deps, principals.citizen, input);
    // Act: same content, tags in another order
    const retry = await rate(deps, principals.citizen, { ...input, tags: ['服务态度', '跑趟次数'] });
    // Assess
    expect(body(retry).replayed).toBe(true);
    expect(deps.ratings.ratings.size).toBe(1);
    expect(deps.ratings.badReviews.size).toBe(1);
    expect(deps.startedReviews).toHaveLength(1);
  });

  it('refuses the same Idempotency-Key with different content with 422', async () => {
    // Prepare
    const caseNumber = await givenCase(deps);
    await rate(deps, principals.pad, { caseNumber, level: 1, channel: 'pad', anonymous: true }, 'key-2');
    // Act
    const e = await domainError(() => rate(deps, principals.pad, { caseNumber, level: 3, channel: 'pad', anonymous: true }, 'key-2'));
    // Assess
    expect(e.status).toBe(422);
    expect(e.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(deps.ratings.ratings.get(`${caseNumber}-1`)?.level).toBe(1);
  });

  it('answers a submission that lost a concurrent race as a replay of the winner', async () => {
    // Prepare: an identical request is stored just before this one's write
    const caseNumber = await givenCase(deps);
    const input = { caseNumber, level: 1, channel: 'pad', anonymous: true };
    const realAdd = deps.ratings.add.bind(deps.ratings);
    let raced = false;
    deps.ratings.add = async (rating, review) => {
      if (!raced) {
        raced = true;
        await realAdd({ ...rating, deviceId: 'PAD-WINNER' }, review);
      }
      return realAdd(rating, review);
    };
    // Act
    const reply = await rate(deps, principals.pad, input);
    // Assess
    expect(status(reply)).toBe(200);
    expect(body(reply)).toMatchObject({ replayed: true, rating: { deviceId: 'PAD-WINNER' } });
    expect(deps.ratings.adds.map((a) => a.stored)).toEqual([true, false]);
  });
});

describe('bad reviews (差评)', () => {
  it('records a named bad review for the handling unit and starts its workflow', async () => {
    // Prepare
    const caseNumber = await givenCase(deps);
    // Act
    await rate(deps, principals.client, { caseNumber, level: 5, channel: 'phone', tags: ['办事效率'], rater: APPLICANT });
    // Assess
    const review = deps.ratings.badReviews.get(`${caseNumber}-1`);
    expect(review).toMatchObject({
      reviewId: `${caseNumber}-1`,
      ratingId: `${caseNumber}-1`,
      caseNumber,
      unitId: 'U-CITY',
      regionCode: '410400',
      itemCode: '4104-01-001',
      level: 5,
      anonymous: false,
      status: 'pending',
      personKey: hashPersonalKey(APPLICANT.idNumber, SALT),
    });
    expect(deps.startedReviews).toEqual([review]);
  });

  it('records an anonymous bad review without a person key', async () => {
    // Prepare
    const caseNumber = await givenCase(deps);
    // Act
    await rate(deps, principals.pad, { caseNumber, level: 4, channel: 'pad', anonymous: true, tags: ['服务态度'] });
    // Assess
    const review = deps.ratings.badReviews.get(`${caseNumber}-1`)!;
    expect(review.anonymous).toBe(true);
    expect(review).not.toHaveProperty('personKey');
    expect(deps.startedReviews.map((r) => r.reviewId)).toEqual([review.reviewId]);
  });

  it('records no bad review for levels 1 to 3', async () => {
    // Prepare
    const numbers = [await givenCase(deps), await givenCase(deps), await givenCase(deps)];
    // Act
    for (const [i, caseNumber] of numbers.entries()) await rate(deps, principals.pad, { caseNumber, level: i + 1, channel: 'pad', anonymous: true });
    // Assess
    expect(deps.ratings.ratings.size).toBe(3);
    expect(deps.ratings.badReviews.size).toBe(0);
    expect(deps.startedReviews).toEqual([]);
  });

  it('still answers 201 when starting the workflow fails (the reconciler catches it up)', async () => {
    // Prepare
    const caseNumber = await givenCase(deps);
    deps.onBadReview = async () => {
      throw new Error('workflow engine unavailable');
    };
    // Act
    const reply = await rate(deps, principals.pad, { caseNumber, level: 5, channel: 'pad', anonymous: true, tags: ['服务机制'] });
    // Assess
    expect(status(reply)).toBe(201);
    expect(deps.ratings.badReviews.has(`${caseNumber}-1`)).toBe(true);
  });
});

describe('listing ratings', () => {
  it('shows a citizen only the ratings linked to them', async () => {
    // Prepare
    const mine = await givenCase(deps);
    const theirs = await givenCase(deps, { applicant: OTHER_PERSON });
    await rate(deps, principals.citizen, { caseNumber: mine, level: 1, channel: 'pc' });
    await rate(deps, principals.client, { caseNumber: theirs, level: 1, channel: 'pad', rater: OTHER_PERSON });
    // Act
    const reply = await listRatings(deps, principals.citizen, {});
    // Assess
    expect(body(reply).items.map((r: { caseNumber: string }) => r.caseNumber)).toEqual([mine]);
  });
});

describe('default ratings (默认好评)', () => {
  /** Completed 2026-09-29 (Tue) 10:00 Shanghai; 7 working days around National Day 2026 end on 2026-10-14. */
  const COMPLETED = '2026-09-29T10:00:00+08:00';
  const DUE = '2026-10-14T15:59:59.999Z'; // end of 2026-10-14 in Shanghai

  async function completedCase() {
    return givenCase(deps, { acceptedAt: '2026-09-28T09:00:00+08:00', completedAt: COMPLETED, status: 'completed' });
  }

  it('sets the due time to the end of the 7th working day after completion, skipping the National Day holidays', async () => {
    // Act
    const caseNumber = await completedCase();
    // Assess: Sep 30, Oct 8, 9, 10 (make-up Saturday), 12, 13, 14
    expect((await deps.cases.get(caseNumber))?.defaultRatingDueAt).toBe(DUE);
  });

  it('gives nothing before the due time and 满意 from channel "system default" after it', async () => {
    // Prepare
    const caseNumber = await completedCase();
    deps.clock.set('2026-10-14T15:59:00.000Z'); // 23:59 on the 7th working day
    // Act
    const early = await giveDefaultRatings(deps);
    deps.clock.set('2026-10-14T16:00:00.000Z'); // 00:00 the day after
    const onTime = await giveDefaultRatings(deps);
    // Assess
    expect(early.rated).toBe(0);
    expect(onTime.rated).toBe(1);
    expect(deps.ratings.ratings.get(`${caseNumber}-1`)).toMatchObject({
      level: 2,
      levelName: '满意',
      channel: 'default',
      channelName: '系统默认评价',
      active: false,
      bad: false,
      anonymous: true,
      submittedBy: 'system',
      ratedAt: '2026-10-14T16:00:00.000Z',
    });
    expect(deps.cases.left).toEqual([caseNumber]);
  });

  it('never gives a default rating to a case rated in time', async () => {
    // Prepare
    const caseNumber = await completedCase();
    deps.clock.set('2026-10-09T02:00:00.000Z');
    await rate(deps, principals.citizen, { caseNumber, level: 3, channel: 'mobile' });
    deps.clock.set('2026-12-01T00:00:00.000Z');
    // Act
    const run = await giveDefaultRatings(deps);
    // Assess
    expect(run.rated).toBe(0);
    expect(deps.ratings.ratings.get(`${caseNumber}-1`)).toMatchObject({ level: 3, channel: 'mobile', active: true });
  });

  it('rates a case once when the job runs twice, and takes it off the due list', async () => {
    // Prepare
    const caseNumber = await completedCase();
    deps.clock.set('2026-10-20T00:00:00.000Z');
    // Act
    const first = await giveDefaultRatings(deps);
    const second = await giveDefaultRatings(deps);
    // Assess
    expect([first, second]).toEqual([
      { rated: 1, alreadyRated: 0 },
      { rated: 0, alreadyRated: 0 },
    ]);
    expect(deps.cases.left).toEqual([caseNumber]);
    expect(deps.ratings.adds.filter((a) => a.ratingId === `${caseNumber}-1` && a.stored)).toHaveLength(1);
  });

  it('rates a case put back on the due list by a later update once, and takes it off again', async () => {
    // Prepare: default-rated and off the list, then the business system updates the case
    const input = caseInput({ acceptedAt: '2026-09-28T09:00:00+08:00', completedAt: COMPLETED, status: 'completed' });
    await submitCase(deps, principals.admin, input);
    deps.clock.set('2026-10-20T00:00:00.000Z');
    await giveDefaultRatings(deps);
    await submitCase(deps, principals.admin, { ...input, applicant: { ...input.applicant, phone: '13800000000' } });
    const backOnList = deps.cases.due.has(input.caseNumber);
    // Act
    const run = await giveDefaultRatings(deps);
    // Assess
    expect(backOnList).toBe(true);
    expect(run).toEqual({ rated: 0, alreadyRated: 1 });
    expect(deps.cases.due.has(input.caseNumber)).toBe(false);
    expect(deps.ratings.adds.filter((a) => a.stored)).toHaveLength(1);
  });

  it('gives no default rating to a case that is not completed', async () => {
    // Prepare
    const caseNumber = await givenCase(deps, { acceptedAt: '2026-09-01T09:00:00+08:00', status: 'accepted' });
    deps.clock.set('2026-12-01T00:00:00.000Z');
    // Act
    const run = await giveDefaultRatings(deps);
    // Assess
    expect(run.rated).toBe(0);
    expect(deps.ratings.ratings.has(`${caseNumber}-1`)).toBe(false);
  });

  it('refuses a citizen rating and a follow-up after the default rating', async () => {
    // Prepare
    const caseNumber = await completedCase();
    deps.clock.set('2026-10-20T00:00:00.000Z');
    await giveDefaultRatings(deps);
    // Act
    const late = await domainError(() => rate(deps, principals.citizen, { caseNumber, level: 2, channel: 'pc' }));
    const followUp = await domainError(() => rate(deps, principals.citizen, { caseNumber, assessNumber: 2, level: 2, channel: 'pc' }));
    // Assess
    expect(late.code).toBe('ALREADY_RATED');
    expect(followUp.code).toBe('CONFLICT');
    expect(deps.ratings.ratings.size).toBe(1);
  });

  it('uses admin calendar overrides for the due time', async () => {
    // Prepare: 2026-10-12 made a holiday by the admin, so the 7th working day moves to Oct 15
    await deps.calendarStore.putOverride({ date: '2026-10-12', kind: 'holiday', name: '测试' });
    // Act
    const caseNumber = await completedCase();
    // Assess
    expect((await deps.cases.get(caseNumber))?.defaultRatingDueAt).toBe('2026-10-15T15:59:59.999Z');
  });
});

describe('where a rating was given', () => {
  let deps: FakeDeps;
  beforeEach(() => {
    invalidateCalendar();
    deps = makeDeps();
    deps.catalog
      .seed('venues', { venueId: 'V-TOWN', name: '某镇便民服务中心', kind: 'township', regionCode: '410400' })
      .seed('windows', { venueId: 'V-TOWN', windowId: 'W07', name: '7号窗口' });
  });

  it('keeps the case’s unit, venue and window for attribution and records the other place it was given at', async () => {
    // Prepare: the case was handled at the hall window W01
    const n = await givenCase(deps);
    // Act: rated on a terminal at a township centre, no window named there
    const reply = await rate(deps, principals.admin as Principal, { caseNumber: n, level: 1, channel: 'terminal', anonymous: true, venueId: 'V-TOWN' });
    // Assess: never W01 paired with V-TOWN
    expect(body(reply).rating).toMatchObject({ unitId: 'U-CITY', venueId: 'V-HALL', windowId: 'W01', givenAt: { venueId: 'V-TOWN' } });
    expect(body(reply).rating.givenAt).not.toHaveProperty('windowId');
  });

  it('records the window given at when it is one of that venue’s windows, and refuses a window of another venue', async () => {
    // Prepare
    const n = await givenCase(deps);
    const m = await givenCase(deps);
    // Act
    const ok = await rate(deps, principals.admin as Principal, {
      caseNumber: n,
      level: 1,
      channel: 'terminal',
      anonymous: true,
      venueId: 'V-TOWN',
      windowId: 'W07',
    });
    const e = await domainError(() =>
      rate(deps, principals.admin as Principal, { caseNumber: m, level: 1, channel: 'terminal', anonymous: true, venueId: 'V-TOWN', windowId: 'W01' }),
    );
    // Assess
    expect(body(ok).rating.givenAt).toEqual({ venueId: 'V-TOWN', windowId: 'W07' });
    expect([e.status, e.issues[0]?.field, e.issues[0]?.rule]).toEqual([400, 'windowId', 'exists']);
  });

  it('refuses a region code that is not in the catalog with 400 and no write', async () => {
    // Prepare
    const n = await givenCase(deps);
    // Act
    const e = await domainError(() => rate(deps, principals.client, { caseNumber: n, level: 1, channel: 'pad', anonymous: true, regionCode: '110000' }));
    // Assess
    expect([e.status, e.issues[0]?.field, e.issues[0]?.rule]).toEqual([400, 'regionCode', 'exists']);
    expect(deps.ratings.ratings.size).toBe(0);
  });

  it('answers 400 naming the field for text with a bidirectional override, and stores text NFC-normalized', async () => {
    // Prepare
    const n = await givenCase(deps);
    const m = await givenCase(deps);
    // Act
    const e = await domainError(() => rate(deps, principals.client, { caseNumber: n, level: 1, channel: 'pad', anonymous: true, text: '很好\u202Egpj.exe' }));
    const reply = await rate(deps, principals.client, { caseNumber: m, level: 1, channel: 'pad', anonymous: true, text: '服务好\nCafe\u0301' });
    // Assess
    expect([e.status, e.issues[0]?.field, e.issues[0]?.rule]).toEqual([400, 'text', 'bidi_override']);
    expect(body(reply).rating.text).toBe('服务好\nCaf\u00e9');
  });

  it('refuses a rating time in year 0001 or far in the future', () => {
    // Act
    const past = RatingInput.safeParse({ caseNumber: 'C-1', level: 1, channel: 'pad', anonymous: true, ratedAt: '0001-01-01T00:00:00Z' });
    const future = RatingInput.safeParse({ caseNumber: 'C-1', level: 1, channel: 'pad', anonymous: true, ratedAt: '9999-01-01T00:00:00Z' });
    // Assess
    expect(past.error?.issues[0]).toMatchObject({ path: ['ratedAt'], params: { rule: 'plausible_date' } });
    expect(future.error?.issues[0]).toMatchObject({ path: ['ratedAt'], params: { rule: 'not_in_future' } });
  });
});

describe('the write path: one write per rating, nothing after it', () => {
  it('stores a good rating with one write and touches no case', async () => {
    // Prepare
    const caseNumber = await givenCase(deps, { completedAt: '2026-10-27T10:00:00+08:00', status: 'completed' });
    const before = await deps.cases.get(caseNumber);
    const saves = deps.cases.saves.length;
    // Act
    const reply = await rate(deps, principals.pad, { caseNumber, level: 1, channel: 'pad', anonymous: true });
    // Assess
    expect(status(reply)).toBe(201);
    expect(deps.ratings.adds).toEqual([{ ratingId: `${caseNumber}-1`, stored: true }]);
    expect(deps.ratings.badReviews.size).toBe(0);
    expect(await deps.cases.get(caseNumber)).toEqual(before);
    expect(deps.cases.saves).toHaveLength(saves);
    expect(deps.cases.left).toEqual([]);
  });

  it('stores a bad rating with its bad review in one write and starts the workflow at once', async () => {
    // Prepare
    const caseNumber = await givenCase(deps);
    // Act
    await rate(deps, principals.pad, { caseNumber, level: 5, channel: 'pad', anonymous: true, tags: ['服务态度'] });
    // Assess
    expect(deps.ratings.adds).toEqual([{ ratingId: `${caseNumber}-1`, stored: true }]);
    expect(deps.ratings.badReviews.get(`${caseNumber}-1`)).toMatchObject({ caseNumber, anonymous: true });
    expect(deps.startedReviews.map((r) => r.reviewId)).toEqual([`${caseNumber}-1`]);
  });

  it('gives concurrent identical submissions one rating, and each the same rating as answer', async () => {
    // Prepare
    const caseNumber = await givenCase(deps);
    const input = { caseNumber, level: 2, channel: 'pad', anonymous: true };
    // Act
    const replies = await Promise.all([rate(deps, principals.pad, input, 'k-1'), rate(deps, principals.pad, input, 'k-1'), rate(deps, principals.pad, input)]);
    // Assess
    expect(deps.ratings.adds.filter((a) => a.stored)).toHaveLength(1);
    expect(replies.map((r) => body(r).replayed).sort()).toEqual([false, true, true]);
    expect(new Set(replies.map((r) => JSON.stringify(body(r).rating))).size).toBe(1);
  });

  it('lets a business-system update go through after a rating, and shows the count read from the ratings', async () => {
    // Prepare: completed and rated
    const input = caseInput({ completedAt: '2026-10-27T10:00:00+08:00', status: 'completed' });
    await submitCase(deps, principals.client, input);
    await rate(deps, principals.pad, { caseNumber: input.caseNumber, level: 1, channel: 'pad', anonymous: true });
    // Act
    const out = await submitCase(deps, principals.client, { ...input, applicant: { ...input.applicant, phone: '13800000000' } });
    const view = await getCase(deps, principals.admin, input.caseNumber);
    const list = await listCases(deps, principals.admin, { unitId: input.unitId });
    // Assess
    expect(out.outcome).toBe('updated');
    expect(view).toMatchObject({ ratingCount: 1 });
    expect(list.items.find((c: { caseNumber: string }) => c.caseNumber === input.caseNumber)).toMatchObject({ ratingCount: 1 });
  });

  it('the default-rating job takes cases found rated off the due list and goes on past a whole page of them', async () => {
    // Prepare: 130 completed cases due; the first 120 rated
    const numbers: string[] = [];
    for (let i = 0; i < 130; i++)
      numbers.push(await givenCase(deps, { acceptedAt: '2026-09-28T09:00:00+08:00', completedAt: '2026-09-29T10:00:00+08:00', status: 'completed' }));
    for (const caseNumber of numbers.slice(0, 120)) await rate(deps, principals.pad, { caseNumber, level: 1, channel: 'pad', anonymous: true });
    deps.clock.set('2026-10-20T00:00:00.000Z');
    // Act
    const run = await giveDefaultRatings(deps);
    // Assess
    expect(run).toEqual({ rated: 10, alreadyRated: 120 });
    expect(numbers.map((n) => deps.ratings.ratings.get(`${n}-1`)?.channel)).toEqual([...Array(120).fill('pad'), ...Array(10).fill('default')]);
    expect(numbers.every((n) => !deps.cases.due.has(n))).toBe(true);
  });
});

describe('place checks read only what the case does not imply', () => {
  it('reads no catalog record for the case’s own venue, window and region, and a place found once not again', async () => {
    // Prepare
    const [a, b] = [await givenCase(deps), await givenCase(deps)];
    const realGet = deps.catalog.get.bind(deps.catalog);
    const reads: string[] = [];
    deps.catalog.get = async (kind, key) => {
      reads.push(`${kind}:${key}`);
      return realGet(kind, key);
    };
    // Act
    await rate(deps, principals.pad, { caseNumber: a, level: 1, channel: 'pad', anonymous: true, venueId: 'V-HALL', windowId: 'W01', regionCode: '410400' });
    await rate(deps, principals.client, { caseNumber: b, level: 1, channel: 'phone', anonymous: true, regionCode: '410421' });
    await rate(deps, principals.client, { caseNumber: a, assessNumber: 2, level: 1, channel: 'phone', anonymous: true, regionCode: '410421' });
    // Assess
    expect(reads).toEqual(['regions:410421']);
  });
});
