/**
 * Ratings over HTTP against the running local stack (real handlers, real DynamoDB Local).
 * Each test pushes its own cases with random numbers.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_CITIZEN_ID } from '../../functions/local/demo-users.js';
import { api } from './http.js';
import { DEMO_CITIZEN, issuesOf, pushCase, randomPerson, ratingsOf, readCase, uid, withWrongCheckDigit } from './fixtures.js';

const maskedId = (id: string) => `${id.slice(0, 6)}********${id.slice(-4)}`;

describe('submitting ratings from every channel', () => {
  it.each(['pc', 'mobile', 'qr'])('stores a named rating from the citizen on their own case through %s', async (channel) => {
    // Prepare
    const { caseNumber } = await pushCase({ applicant: DEMO_CITIZEN });
    // Act
    const res = await api('POST', '/ratings', { as: 'citizen', body: { caseNumber, level: 1, channel } });
    // Assess
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      replayed: false,
      rating: { ratingId: `${caseNumber}-1`, channel, level: 1, levelName: '非常满意', active: true, anonymous: false },
    });
    const stored = await ratingsOf(caseNumber);
    expect(stored.map((r) => [r.channel, r.level, r.anonymous])).toEqual([[channel, 1, false]]);
  });

  it.each([
    ['pad', 'pad'],
    ['terminal', 'pad'],
    ['phone', 'client'],
    ['sms', 'client'],
  ])('stores a rating through %s sent by the %s token', async (channel, as) => {
    // Prepare
    const { caseNumber } = await pushCase();
    const rater = randomPerson();
    // Act
    const res = await api('POST', '/ratings', { as, body: { caseNumber, level: 4, channel, tags: ['办事效率'], rater, venueId: 'V-CITY', windowId: 'W01' } });
    // Assess
    expect(res.status).toBe(201);
    expect(res.json.rating).toMatchObject({ channel, level: 4, bad: true, unitId: 'U-SCJG', regionCode: '410400', venueId: 'V-CITY', windowId: 'W01' });
    expect(res.json.rating.rater.idNumber).toBe(maskedId(rater.idNumber));
    expect((await ratingsOf(caseNumber)).map((r) => r.channel)).toEqual([channel]);
    expect((await readCase(caseNumber)).json.ratingCount).toBe(1);
  });

  it('refuses a citizen rating through a hall channel', async () => {
    // Prepare
    const { caseNumber } = await pushCase({ applicant: DEMO_CITIZEN });
    // Act
    const res = await api('POST', '/ratings', { as: 'citizen', body: { caseNumber, level: 1, channel: 'pad' } });
    // Assess
    expect(res.status).toBe(400);
    expect(issuesOf(res.json)).toEqual([{ field: 'channel', rule: 'citizen_channel' }]);
    expect(await ratingsOf(caseNumber)).toEqual([]);
  });
});

describe('bad input is refused, names field and rule, and writes nothing', () => {
  const good = (caseNumber: string) => ({ caseNumber, level: 2, channel: 'pad', anonymous: true });

  it.each([
    [
      'a body that is not JSON',
      (n: string) => ({ raw: `{"caseNumber":"${n}", level: 2`, headers: { 'content-type': 'application/json' } }),
      400,
      'MALFORMED_JSON',
      { field: '', rule: 'json' },
    ],
    [
      'a body that is not declared as JSON',
      (n: string) => ({ raw: JSON.stringify(good(n)), headers: { 'content-type': 'text/plain' } }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      { field: 'content-type', rule: 'media_type' },
    ],
    ['a body over 64 KiB', (n: string) => ({ body: { ...good(n), text: 'x'.repeat(70_000) } }), 413, 'PAYLOAD_TOO_LARGE', { field: '', rule: 'max_bytes' }],
    ['an unknown field', (n: string) => ({ body: { ...good(n), stars: 5 } }), 400, 'VALIDATION_FAILED', { field: 'stars', rule: 'unknown_field' }],
    ['a level of the wrong type', (n: string) => ({ body: { ...good(n), level: '2' } }), 400, 'VALIDATION_FAILED', { field: 'level', rule: 'invalid_type' }],
    ['level 0', (n: string) => ({ body: { ...good(n), level: 0 } }), 400, 'VALIDATION_FAILED', { field: 'level', rule: 'too_small' }],
    ['level 6', (n: string) => ({ body: { ...good(n), level: 6, tags: ['服务态度'] } }), 400, 'VALIDATION_FAILED', { field: 'level', rule: 'too_big' }],
    [
      'an unknown channel code',
      (n: string) => ({ body: { ...good(n), channel: 'fax' } }),
      400,
      'VALIDATION_FAILED',
      { field: 'channel', rule: 'invalid_value' },
    ],
    [
      'a bad review without a reason',
      (n: string) => ({ body: { ...good(n), level: 5 } }),
      400,
      'VALIDATION_FAILED',
      { field: 'tags', rule: 'required_for_bad_review' },
    ],
    [
      'an online tag on a hall pad',
      (n: string) => ({ body: { ...good(n), level: 4, tags: ['平台操作性'] } }),
      400,
      'VALIDATION_FAILED',
      { field: 'tags.0', rule: 'enum' },
    ],
    [
      'text over 500 characters',
      (n: string) => ({ body: { ...good(n), text: '慢'.repeat(501) } }),
      400,
      'VALIDATION_FAILED',
      { field: 'text', rule: 'too_big' },
    ],
    [
      'an anonymous rating with a rater',
      (n: string) => ({ body: { ...good(n), rater: randomPerson() } }),
      400,
      'VALIDATION_FAILED',
      { field: 'rater', rule: 'forbidden_when_anonymous' },
    ],
    [
      'a named rating from a client without a rater',
      (n: string) => ({ body: { ...good(n), anonymous: false } }),
      400,
      'VALIDATION_FAILED',
      { field: 'rater', rule: 'required_when_named' },
    ],
    [
      'a rater ID with a wrong check digit',
      (n: string) => ({ body: { ...good(n), anonymous: false, rater: { ...randomPerson(), idNumber: withWrongCheckDigit(randomPerson().idNumber) } } }),
      400,
      'VALIDATION_FAILED',
      { field: 'rater.idNumber', rule: 'gb11643' },
    ],
  ] as const)('refuses %s', async (_what, request, status, code, issue) => {
    // Prepare
    const { caseNumber } = await pushCase();
    // Act
    const res = await api('POST', '/ratings', { as: 'client', ...request(caseNumber) });
    // Assess
    expect(res.status).toBe(status);
    expect(res.json.error.code).toBe(code);
    expect(issuesOf(res.json)).toContainEqual(issue);
    const kase = await readCase(caseNumber);
    expect(kase.json.ratings).toEqual([]);
    expect(kase.json.ratingCount).toBe(0);
  });

  it('answers 404 for a case that does not exist and creates nothing', async () => {
    // Prepare
    const caseNumber = `IT-NONE-${uid()}`;
    // Act
    const res = await api('POST', '/ratings', { as: 'client', body: good(caseNumber) });
    // Assess
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('NOT_FOUND');
    expect((await readCase(caseNumber)).status).toBe(404);
    expect((await api('GET', `/ratings/${caseNumber}-1`, { as: 'admin' })).status).toBe(404);
  });

  it('answers 404 when the client rates a case of another unit, and writes nothing', async () => {
    // Prepare
    const { caseNumber } = await pushCase({ place: 'ga', as: 'admin' });
    // Act
    const res = await api('POST', '/ratings', { as: 'client', body: good(caseNumber) });
    // Assess
    expect(res.status).toBe(404);
    expect(await ratingsOf(caseNumber)).toEqual([]);
  });

  it('answers 401 without a token and writes nothing', async () => {
    // Prepare
    const { caseNumber } = await pushCase();
    // Act
    const res = await api('POST', '/ratings', { body: good(caseNumber) });
    // Assess
    expect(res.status).toBe(401);
    expect(await ratingsOf(caseNumber)).toEqual([]);
  });
});

describe('one rating per case, follow-ups and retries', () => {
  it('refuses a second different rating with 409 ALREADY_RATED, then accepts one follow-up only', async () => {
    // Prepare
    const { caseNumber } = await pushCase({ applicant: DEMO_CITIZEN });
    await api('POST', '/ratings', { as: 'citizen', body: { caseNumber, level: 4, channel: 'mobile', tags: ['办事效率'] } });
    // Act
    const second = await api('POST', '/ratings', { as: 'citizen', body: { caseNumber, level: 1, channel: 'mobile' } });
    const followUp = await api('POST', '/ratings', { as: 'citizen', body: { caseNumber, assessNumber: 2, level: 2, channel: 'mobile' } });
    const secondFollowUp = await api('POST', '/ratings', { as: 'citizen', body: { caseNumber, assessNumber: 2, level: 1, channel: 'mobile' } });
    // Assess
    expect(second.status).toBe(409);
    expect(second.json.error.code).toBe('ALREADY_RATED');
    expect(followUp.status).toBe(201);
    expect(secondFollowUp.status).toBe(409);
    const stored = await ratingsOf(caseNumber);
    expect(stored.map((r) => [r.assessNumber, r.level])).toEqual([
      [1, 4],
      [2, 2],
    ]);
  });

  it('refuses a follow-up before the active rating with 409 and writes nothing', async () => {
    // Prepare
    const { caseNumber } = await pushCase();
    // Act
    const res = await api('POST', '/ratings', { as: 'client', body: { caseNumber, assessNumber: 2, level: 2, channel: 'pad', anonymous: true } });
    // Assess
    expect(res.status).toBe(409);
    expect(issuesOf(res.json)).toEqual([{ field: 'assessNumber', rule: 'follow_up_needs_rating' }]);
    expect(await ratingsOf(caseNumber)).toEqual([]);
  });

  it('answers 20 concurrent identical submissions with one 201 and 19 replays, storing one rating', async () => {
    // Prepare
    const { caseNumber } = await pushCase();
    const body = { caseNumber, level: 5, channel: 'pad', anonymous: true, tags: ['服务态度'], text: '等了很久' };
    // Act
    const results = await Promise.all(Array.from({ length: 20 }, () => api('POST', '/ratings', { as: 'pad', body })));
    // Assess
    expect(results.map((r) => r.status).sort()).toEqual([...Array(19).fill(200), 201]);
    expect(results.filter((r) => r.status === 200).every((r) => r.json.replayed === true)).toBe(true);
    const ratingIds = new Set(results.map((r) => r.json.rating?.ratingId));
    expect([...ratingIds]).toEqual([`${caseNumber}-1`]);
    expect(await ratingsOf(caseNumber)).toHaveLength(1);
    expect((await readCase(caseNumber)).json.ratingCount).toBe(1);
  });

  it('answers 20 concurrent submissions with the same Idempotency-Key with one 201 and 19 replays', async () => {
    // Prepare
    const { caseNumber } = await pushCase();
    const key = `pad-upload-${uid()}`;
    const body = { caseNumber, level: 1, channel: 'terminal', anonymous: true, deviceId: 'PAD-CITY-1' };
    // Act
    const results = await Promise.all(Array.from({ length: 20 }, () => api('POST', '/ratings', { as: 'pad', body, headers: { 'idempotency-key': key } })));
    // Assess
    expect(results.map((r) => r.status).sort()).toEqual([...Array(19).fill(200), 201]);
    expect(results.filter((r) => r.status === 200).every((r) => r.json.replayed === true)).toBe(true);
    expect(await ratingsOf(caseNumber)).toHaveLength(1);
  });

  it('refuses the same Idempotency-Key with different content with 422 and keeps the first rating', async () => {
    // Prepare
    const { caseNumber } = await pushCase();
    const key = `k-${uid()}`;
    await api('POST', '/ratings', { as: 'pad', body: { caseNumber, level: 1, channel: 'pad', anonymous: true }, headers: { 'idempotency-key': key } });
    // Act
    const res = await api('POST', '/ratings', {
      as: 'pad',
      body: { caseNumber, level: 2, channel: 'pad', anonymous: true },
      headers: { 'idempotency-key': key },
    });
    // Assess
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await ratingsOf(caseNumber)).map((r) => r.level)).toEqual([1]);
  });
});

describe('batches', () => {
  it('answers a pad batch item by item', async () => {
    // Prepare
    const [a, b, c] = [await pushCase(), await pushCase(), await pushCase()];
    const elsewhere = await pushCase({ place: 'county' });
    const ratings = [
      { idempotencyKey: `b-${uid()}`, caseNumber: a.caseNumber, level: 1, channel: 'pad', anonymous: true },
      { idempotencyKey: `b-${uid()}`, caseNumber: b.caseNumber, level: 9, channel: 'pad', anonymous: true },
      { idempotencyKey: `b-${uid()}`, caseNumber: elsewhere.caseNumber, level: 1, channel: 'pad', anonymous: true },
      { idempotencyKey: `b-${uid()}`, caseNumber: c.caseNumber, level: 4, channel: 'pad', anonymous: true, tags: ['跑趟次数'] },
      { idempotencyKey: `b-${uid()}`, caseNumber: a.caseNumber, level: 3, channel: 'pad', anonymous: true },
    ];
    // Act
    const res = await api('POST', '/ratings/batch', { as: 'pad', body: { ratings } });
    // Assess
    expect(res.status).toBe(200);
    const statuses = res.json.results.map((r: { status: number }) => r.status);
    // items 0 and 4 race for the same case: one is stored, the other is refused as already rated
    expect([statuses[1], statuses[2], statuses[3]]).toEqual([400, 404, 201]);
    expect([statuses[0], statuses[4]].sort()).toEqual([201, 409]);
    expect(res.json).toMatchObject({ total: 5, succeeded: 2, failed: 3 });
    expect(issuesOf(res.json.results[1].body)).toContainEqual({ field: 'level', rule: 'too_big' });
    expect(await ratingsOf(b.caseNumber)).toEqual([]);
    expect(await ratingsOf(elsewhere.caseNumber)).toEqual([]);
    expect(await ratingsOf(a.caseNumber)).toHaveLength(1);
    expect((await ratingsOf(c.caseNumber)).map((r) => r.level)).toEqual([4]);
  });

  it('refuses a batch of more than 500 ratings as a whole', async () => {
    // Prepare
    const { caseNumber } = await pushCase();
    const ratings = Array.from({ length: 501 }, () => ({ caseNumber, level: 1, channel: 'pad', anonymous: true }));
    // Act
    const res = await api('POST', '/ratings/batch', { as: 'pad', body: { ratings } });
    // Assess
    expect(res.status).toBe(400);
    expect(issuesOf(res.json)).toContainEqual({ field: 'ratings', rule: 'too_big' });
    expect(await ratingsOf(caseNumber)).toEqual([]);
  });

  it('answers a case batch item by item', async () => {
    // Prepare
    const existing = await pushCase();
    const fresh = `IT-${uid()}`;
    const bad = `IT-${uid()}`;
    const foreign = `IT-${uid()}`;
    const base = { ...existing.input };
    const cases = [
      { ...base, caseNumber: fresh, applicant: randomPerson() },
      { ...base, caseNumber: bad, applicant: { ...randomPerson(), idNumber: withWrongCheckDigit(randomPerson().idNumber) } },
      { ...base, caseNumber: foreign, unitId: 'U-GA', itemCode: '4104-02-001', windowId: 'W02' },
      existing.input,
    ];
    // Act
    const res = await api('POST', '/cases/batch', { as: 'client', body: { cases } });
    // Assess
    expect(res.status).toBe(200);
    expect(res.json.results.map((r: { status: number }) => r.status)).toEqual([201, 400, 403, 200]);
    expect(res.json.results[3].body.outcome).toBe('unchanged');
    expect(issuesOf(res.json.results[1].body)).toEqual([{ field: 'applicant.idNumber', rule: 'gb11643' }]);
    expect((await readCase(fresh)).status).toBe(200);
    expect((await readCase(bad)).status).toBe(404);
    expect((await readCase(foreign)).status).toBe(404);
  });
});

describe('who sees what', () => {
  it('hides another unit’s case from staff with 404', async () => {
    // Prepare
    const { caseNumber } = await pushCase({ place: 'ga', as: 'admin' });
    // Act
    const res = await api('GET', `/cases/${caseNumber}`, { as: 'staff' });
    // Assess
    expect(res.status).toBe(404);
    expect((await api('GET', `/cases/${caseNumber}`, { as: 'admin' })).status).toBe(200);
  });

  it('shows a city case to the city supervisor but not to the county supervisor, and a county case to both', async () => {
    // Prepare
    const city = await pushCase();
    const county = await pushCase({ place: 'county' });
    // Act
    const [cityByCounty, cityByCity, countyByCounty, countyByCity] = await Promise.all([
      api('GET', `/cases/${city.caseNumber}`, { as: 'countySupervisor' }),
      api('GET', `/cases/${city.caseNumber}`, { as: 'supervisor' }),
      api('GET', `/cases/${county.caseNumber}`, { as: 'countySupervisor' }),
      api('GET', `/cases/${county.caseNumber}`, { as: 'supervisor' }),
    ]);
    // Assess
    expect([cityByCounty.status, cityByCity.status, countyByCounty.status, countyByCity.status]).toEqual([404, 200, 200, 200]);
    expect(countyByCity.json.regionCode).toBe('410421');
  });

  it('lists for a citizen only the ratings linked to them', async () => {
    // Prepare
    const mine = await pushCase({ applicant: DEMO_CITIZEN });
    const theirs = await pushCase();
    const theirRater = randomPerson();
    await api('POST', '/ratings', { as: 'citizen', body: { caseNumber: mine.caseNumber, level: 2, channel: 'pc' } });
    await api('POST', '/ratings', { as: 'client', body: { caseNumber: theirs.caseNumber, level: 2, channel: 'phone', rater: theirRater } });
    // Act
    const res = await api('GET', '/ratings?limit=200', { as: 'citizen' });
    // Assess
    expect(res.status).toBe(200);
    const numbers: string[] = res.json.items.map((r: { caseNumber: string }) => r.caseNumber);
    expect(numbers).toContain(mine.caseNumber);
    expect(numbers).not.toContain(theirs.caseNumber);
    const readable = await Promise.all(numbers.map((n) => api('GET', `/cases/${n}`, { as: 'citizen' })));
    expect(readable.map((r) => r.status).every((s) => s === 200)).toBe(true);
  });

  it('masks the applicant per role: full for the citizen, ID masked for the unit, all masked for others', async () => {
    // Prepare
    const { caseNumber } = await pushCase({ applicant: DEMO_CITIZEN });
    const masked = { name: '张*', idType: 'resident_id', idNumber: maskedId(DEMO_CITIZEN_ID), phone: '139****1111' };
    // Act
    const views = Object.fromEntries(
      await Promise.all(
        ['citizen', 'staff', 'leader', 'supervisor', 'admin', 'client'].map(async (as) => [
          as,
          (await api('GET', `/cases/${caseNumber}`, { as })).json.applicant,
        ]),
      ),
    );
    // Assess
    expect(views.citizen).toEqual(DEMO_CITIZEN);
    expect(views.staff).toEqual({ ...DEMO_CITIZEN, idNumber: maskedId(DEMO_CITIZEN_ID) });
    expect(views.leader).toEqual({ ...DEMO_CITIZEN, idNumber: maskedId(DEMO_CITIZEN_ID) });
    expect(views.supervisor).toEqual(masked);
    expect(views.admin).toEqual(masked);
    expect(views.client).toEqual(masked);
  });

  it('never returns the person key or content hash of a rating', async () => {
    // Prepare
    const { caseNumber } = await pushCase({ applicant: DEMO_CITIZEN });
    await api('POST', '/ratings', { as: 'citizen', body: { caseNumber, level: 1, channel: 'qr' } });
    // Act
    const res = await api('GET', `/ratings/${caseNumber}-1`, { as: 'admin' });
    // Assess
    expect(res.status).toBe(200);
    expect(res.json).not.toHaveProperty('personKey');
    expect(res.json).not.toHaveProperty('contentHash');
    expect(res.json.caseNumber).toBe(caseNumber);
  });
});

describe('default ratings (默认好评)', () => {
  it('gives a case completed 30 days ago a level-2 "system default" rating when the job runs', async () => {
    // Prepare
    const day = 86_400_000;
    const { caseNumber } = await pushCase({
      extra: { acceptedAt: new Date(Date.now() - 31 * day).toISOString(), completedAt: new Date(Date.now() - 30 * day).toISOString(), status: 'completed' },
    });
    expect(await ratingsOf(caseNumber)).toEqual([]);
    // Act
    const job = await api('POST', '/local/jobs/default-ratings', { as: 'admin' });
    // Assess
    expect(job.status).toBe(200);
    const stored = await ratingsOf(caseNumber);
    expect(stored).toEqual([
      expect.objectContaining({ level: 2, levelName: '满意', channel: 'default', channelName: '系统默认评价', active: false, bad: false }),
    ]);
    expect((await readCase(caseNumber)).json.ratingCount).toBe(1);
  });

  it('leaves a case rated in time alone and lets only admins run the job', async () => {
    // Prepare
    const day = 86_400_000;
    const { caseNumber } = await pushCase({
      extra: { acceptedAt: new Date(Date.now() - 31 * day).toISOString(), completedAt: new Date(Date.now() - 30 * day).toISOString(), status: 'completed' },
    });
    await api('POST', '/ratings', { as: 'client', body: { caseNumber, level: 3, channel: 'pad', anonymous: true } });
    // Act
    const byStaff = await api('POST', '/local/jobs/default-ratings', { as: 'staff' });
    const byAdmin = await api('POST', '/local/jobs/default-ratings', { as: 'admin' });
    // Assess
    expect(byStaff.status).toBe(403);
    expect(byAdmin.status).toBe(200);
    expect((await ratingsOf(caseNumber)).map((r) => [r.channel, r.level, r.active])).toEqual([['pad', 3, true]]);
  });
});
