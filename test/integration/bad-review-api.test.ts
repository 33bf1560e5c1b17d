/**
 * Bad-review handling (差评整改) over HTTP against the running local stack: real handlers,
 * DynamoDB Local, and the local engine running workflows/bad-review.asl.json with the real
 * task function. The stack runs with DEMO_WORKDAY_SECONDS=3 (test/global-setup.ts): verify
 * 3 s, rectify 15 s, return visit 15 s, task order 9 s, after escalation 15 s.
 *
 * Each test pushes its own case (random number) for the demo citizen and rates it, so it
 * owns its bad review. Tests wait for states by polling the API (bounded), never for time.
 */
import { describe, expect, it } from 'vitest';
import { api, baseUrl, tokenFor } from './http.js';
import { DEMO_CITIZEN, issuesOf, pushCase } from './fixtures.js';

/** A 1×1 PNG. */
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

interface Summary {
  reviewId: string;
  status: string;
  step?: string;
  workStep?: string;
  closeReason?: string;
  escalations: number;
}

/** Calls `probe` every `intervalMs` until it returns something, for at most `timeoutMs`. */
async function poll<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000, intervalMs = 100): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const got = await probe();
      if (got !== undefined) return got;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`gave up waiting for ${what} after ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Every item of GET /bad-reviews for a user, following the pages. */
async function listAll(as: string, filter?: 'open' | 'overdue' | 'escalated' | 'all'): Promise<Summary[]> {
  const items: Summary[] = [];
  let cursor: string | undefined;
  do {
    const q = new URLSearchParams({ limit: '200', ...(filter ? { filter } : {}), ...(cursor ? { cursor } : {}) });
    const res = await api('GET', `/bad-reviews?${q}`, { as });
    expect(res.status, res.text).toBe(200);
    items.push(...res.json.items);
    cursor = res.json.next;
  } while (cursor);
  return items;
}

const detail = async (id: string, as = 'staff') => {
  const res = await api('GET', `/bad-reviews/${id}`, { as });
  expect(res.status, res.text).toBe(200);
  return res.json;
};

/** Waits until the review's detail matches `ok`. */
const untilDetail = (id: string, what: string, ok: (d: any) => boolean, timeoutMs = 10_000) =>
  poll(
    what,
    async () => {
      const d = await detail(id);
      return ok(d) ? d : undefined;
    },
    timeoutMs,
  );

/** Pushes a fresh case of U-SCJG for the demo citizen (as admin) and has the citizen rate it 不满意 by name. */
async function givenNamedBadReview(level: 4 | 5 = 4): Promise<string> {
  const { caseNumber } = await pushCase({ applicant: DEMO_CITIZEN, as: 'admin' });
  const rated = await api('POST', '/ratings', {
    as: 'citizen',
    body: { caseNumber, level, channel: 'mobile', tags: ['办事效率'], text: '材料要求前后不一致' },
  });
  expect(rated.status, rated.text).toBe(201);
  expect(rated.json.rating).toMatchObject({ bad: true, anonymous: false, unitId: 'U-SCJG' });
  return rated.json.rating.ratingId;
}

const post = (path: string, as: string, body: unknown) => api('POST', path, { as, body });

describe('a named bad review handled on time', () => {
  it('goes from the rating to the unit inbox, through verification, rectification with evidence, reply and return visit, and closes', async () => {
    // Prepare
    const id = await givenNamedBadReview();

    // Act + Assess: the review reaches the unit's inbox at verification.
    const inInbox = await poll('the review in the unit inbox', async () =>
      (await listAll('staff', 'all')).find((s) => s.reviewId === id && s.workStep === 'verify'),
    );
    expect(inInbox).toMatchObject({ status: 'open', workStep: 'verify', deadline: expect.any(String), overdue: false });

    const verified = await post(`/bad-reviews/${id}/verification`, 'staff', { contacted: true, facts: '已电话联系评价人，确认窗口一次性告知不到位' });
    expect(verified.status, verified.text).toBe(200);
    expect(verified.json.replayed).toBe(false);

    const upload = await post(`/bad-reviews/${id}/evidence`, 'staff', { fileName: '培训签到表.png', contentType: 'image/png', data: PNG_BASE64 });
    expect(upload.status, upload.text).toBe(201);
    expect(upload.json).toMatchObject({ fileId: expect.any(String), contentType: 'image/png', size: Buffer.from(PNG_BASE64, 'base64').length });

    await untilDetail(id, 'the rectification step', (d) => d.workStep === 'rectify');
    const rectified = await post(`/bad-reviews/${id}/rectification`, 'staff', {
      measures: '组织窗口人员培训，修订一次性告知单',
      evidence: [upload.json.fileId],
    });
    expect(rectified.status, rectified.text).toBe(200);
    const replied = await post(`/bad-reviews/${id}/reply`, 'staff', { text: '您反映的问题已整改，欢迎再次监督' });
    expect(replied.status, replied.text).toBe(200);

    // The citizen follows the progress and answers the return visit.
    const atVisit = await poll('the return visit in the citizen list', async () =>
      (await listAll('citizen')).find((s) => s.reviewId === id && s.step === 'visit'),
    );
    expect(atVisit).toMatchObject({ status: 'open', step: 'visit' });
    const answered = await post(`/bad-reviews/${id}/visit`, 'citizen', { answer: 'satisfied' });
    expect(answered.status, answered.text).toBe(200);
    const closed = await untilDetail(id, 'the case closed', (d) => d.status !== 'open');

    // Assess: closed as answered, with the whole story in the timeline. (Whether a task order
    // was issued depends on the 3 s verification window under load, so it is not asserted here.)
    expect(closed).toMatchObject({ status: 'closed', closeReason: 'visitAnswered', visits: [{ round: 1, answer: 'satisfied' }] });
    expect(closed).not.toHaveProperty('token');
    expect(closed).not.toHaveProperty('personKey');
    const timeline = closed.timeline as { at: string; actor: string; role: string; action: string }[];
    expect(timeline[0]!.action).toBe('收到实名差评');
    expect(timeline.at(-1)).toMatchObject({ actor: 'system', action: '评价人已回访确认，办结' });
    expect(timeline.filter((t) => t.role !== 'system').map((t) => [t.actor, t.role, t.action])).toEqual([
      ['李四', 'staff', '记录核实情况'],
      ['李四', 'staff', '记录整改措施（第 1 轮）'],
      ['李四', 'staff', '答复评价人（第 1 轮）'],
      ['张三', 'citizen', '评价人回访：满意'],
    ]);
    for (const t of timeline) expect(Number.isNaN(Date.parse(t.at))).toBe(false);
    expect(timeline.map((t) => t.at)).toEqual(timeline.map((t) => t.at).sort());

    // The evidence comes back byte for byte.
    const file = await fetch(`${baseUrl()}/bad-reviews/${id}/evidence/${upload.json.fileId}`, {
      headers: { authorization: `Bearer ${await tokenFor('supervisor')}` },
    });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="evidence-[0-9a-f]{8}\.png"; filename\*=UTF-8''/);
    expect(Buffer.from(await file.arrayBuffer()).equals(Buffer.from(PNG_BASE64, 'base64'))).toBe(true);

    // A retry of the same verification is answered as a replay and changes nothing.
    const retry = await post(`/bad-reviews/${id}/verification`, 'staff', { contacted: true, facts: '已电话联系评价人，确认窗口一次性告知不到位' });
    expect(retry.status, retry.text).toBe(200);
    expect(retry.json.replayed).toBe(true);
    // Any other verification on the closed case is refused.
    const onClosed = await post(`/bad-reviews/${id}/verification`, 'staff', { contacted: false, facts: '补充核实' });
    expect(onClosed.status).toBe(409);
    expect(onClosed.json.error.code).toBe('CONFLICT');
    expect(issuesOf(onClosed.json)).toEqual([{ field: '', rule: 'review_open' }]);
    const after = await detail(id);
    expect([after.version, after.timeline.length, after.verification.facts]).toEqual([
      closed.version,
      timeline.length,
      '已电话联系评价人，确认窗口一次性告知不到位',
    ]);
  });
});

describe('a named bad review the unit neglects', () => {
  it('escalates to the city supervisor (alert, 通报 list, 约谈 outcome), stays hidden from the county, and closes once the unit acts', async () => {
    // Prepare
    const id = await givenNamedBadReview(5);

    // Act: nobody acts; verification (3 s) and the task order (9 s) run out.
    const escalated = await poll(
      'the review in the supervisor escalated list',
      async () => (await listAll('supervisor', 'escalated')).find((s) => s.reviewId === id),
      60_000,
      500,
    );

    // Assess: the supervisor sees it, is alerted, and the unit is on the 通报 list.
    expect(escalated).toMatchObject({ status: 'open', workStep: 'verify', escalations: expect.any(Number) });
    const alert = await poll('the escalation notification', async () => {
      const res = await api('GET', '/notifications?limit=200', { as: 'supervisor' });
      return (res.json.items as { kind: string; subject?: string }[]).find((n) => n.kind === 'escalation' && n.subject === id);
    });
    expect(alert).toMatchObject({ kind: 'escalation', title: '差评整改逾期升级', read: false });
    const seen = await detail(id, 'supervisor');
    expect(seen.escalations[0]).toMatchObject({ n: 1, overdueStep: 'verify', proposal: '约谈', noticePeriod: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(seen.taskOrders[0]).toMatchObject({ n: 1, kind: 'auto', overdueStep: 'verify' });
    const period = seen.escalations[0].noticePeriod;
    const listed = await poll('the unit on the 通报 list', async () => {
      const res = await api('GET', `/notice-list?period=${period}`, { as: 'supervisor' });
      return (res.json.items as { reviewId: string }[]).find((e) => e.reviewId === id);
    });
    expect(listed).toMatchObject({ unitId: 'U-SCJG', regionCode: '410400', escalation: 1, period });

    // The county supervisor sees none of it.
    expect((await listAll('countySupervisor', 'escalated')).map((s) => s.reviewId)).not.toContain(id);
    expect((await api('GET', `/bad-reviews/${id}`, { as: 'countySupervisor' })).status).toBe(404);
    const countyNotices = await api('GET', `/notice-list?period=${period}`, { as: 'countySupervisor' });
    expect((countyNotices.json.items as { reviewId: string }[]).map((e) => e.reviewId)).not.toContain(id);
    const countyInbox = await api('GET', '/notifications?limit=200', { as: 'countySupervisor' });
    expect((countyInbox.json.items as { subject?: string }[]).filter((n) => n.subject === id)).toEqual([]);
    expect((await post(`/bad-reviews/${id}/escalations/1/outcome`, 'countySupervisor', { kind: 'none', note: '不处理' })).status).toBe(404);

    // Act: the city supervisor records the 约谈.
    const outcome = await post(`/bad-reviews/${id}/escalations/1/outcome`, 'supervisor', { kind: 'interview', note: '已约谈市市场监督管理局分管领导' });
    // Assess
    expect(outcome.status, outcome.text).toBe(200);
    expect(outcome.json.escalation.outcome).toMatchObject({ kind: 'interview', by: 'demo-supervisor' });
    const stillOpen = await detail(id, 'supervisor');
    expect(stillOpen).toMatchObject({ status: 'open', workStep: 'verify' });

    // Act: the unit finally does its work, and the case closes.
    expect((await post(`/bad-reviews/${id}/verification`, 'staff', { contacted: true, facts: '督办后已联系评价人' })).status).toBe(200);
    await untilDetail(id, 'the rectification step', (d) => d.workStep === 'rectify');
    expect((await post(`/bad-reviews/${id}/rectification`, 'staff', { measures: '按督办要求整改' })).status).toBe(200);
    expect((await post(`/bad-reviews/${id}/reply`, 'staff', { text: '已整改，请您评价' })).status).toBe(200);
    await untilDetail(id, 'the return visit', (d) => d.step === 'visit');
    expect((await post(`/bad-reviews/${id}/visit`, 'citizen', { answer: 'basic' })).status).toBe(200);
    const closed = await untilDetail(id, 'the case closed', (d) => d.status !== 'open');
    expect(closed).toMatchObject({ status: 'closed', closeReason: 'visitAnswered' });
    expect(closed.escalations[0].outcome).toMatchObject({ kind: 'interview' });
  }, 120_000);
});

describe('bad input on the bad-review routes', () => {
  it('names an unknown field, refuses the wrong step, the wrong role and other places, and writes nothing', async () => {
    // Prepare
    const id = await givenNamedBadReview();
    const before = await detail(id);

    // Act
    const unknownField = await post(`/bad-reviews/${id}/verification`, 'staff', { contacted: true, facts: '已联系', stars: 5 });
    const wrongStep = await post(`/bad-reviews/${id}/rectification`, 'staff', { measures: '先整改' });
    const badVisit = await post(`/bad-reviews/${id}/visit`, 'citizen', { answer: 'satisfied' });
    const citizenVerifies = await post(`/bad-reviews/${id}/verification`, 'citizen', { contacted: true, facts: '我自己核实' });
    const clientVerifies = await post(`/bad-reviews/${id}/verification`, 'client', { contacted: true, facts: '业务系统核实' });
    const padReads = await api('GET', `/bad-reviews/${id}`, { as: 'pad' });
    const countyReads = await api('GET', `/bad-reviews/${id}`, { as: 'countySupervisor' });
    const countyDecides = await post(`/bad-reviews/${id}/appeal/decision`, 'countySupervisor', { approve: true });
    const notPng = await post(`/bad-reviews/${id}/evidence`, 'staff', {
      fileName: 'x.png',
      contentType: 'image/png',
      data: Buffer.from('%PDF-1.4 not a png').toString('base64'),
    });
    const tooLong = await post(`/bad-reviews/${id}/extension`, 'staff', { days: 61, reason: '复杂' });
    const htmlInPng = await post(`/bad-reviews/${id}/evidence`, 'staff', {
      fileName: 'x.png',
      contentType: 'image/png',
      data: Buffer.concat([Buffer.from(PNG_BASE64, 'base64').subarray(0, 8), Buffer.from('<html><script>alert(1)</script></html>')]).toString('base64'),
    });
    const twoByteJpeg = await post(`/bad-reviews/${id}/evidence`, 'staff', {
      fileName: 'x.jpg',
      contentType: 'image/jpeg',
      data: Buffer.from([0xff, 0xd8]).toString('base64'),
    });
    const bidiName = await post(`/bad-reviews/${id}/evidence`, 'staff', { fileName: '签到表\u202Egnp.exe', contentType: 'image/png', data: PNG_BASE64 });
    expect([htmlInPng.status, issuesOf(htmlInPng.json)]).toEqual([400, [{ field: 'data', rule: 'content_matches_type' }]]);
    expect([twoByteJpeg.status, issuesOf(twoByteJpeg.json)]).toEqual([400, [{ field: 'data', rule: 'content_matches_type' }]]);
    expect([bidiName.status, issuesOf(bidiName.json)]).toEqual([400, [{ field: 'fileName', rule: 'bidi_override' }]]);

    // Assess
    expect([unknownField.status, unknownField.json.error.code, issuesOf(unknownField.json)]).toEqual([
      400,
      'VALIDATION_FAILED',
      [{ field: 'stars', rule: 'unknown_field' }],
    ]);
    expect([wrongStep.status, issuesOf(wrongStep.json)]).toEqual([409, [{ field: '', rule: 'step_not_current' }]]);
    expect(badVisit.status).toBe(409);
    expect([citizenVerifies.status, citizenVerifies.json.error.code]).toEqual([403, 'FORBIDDEN']);
    expect(clientVerifies.status).toBe(403);
    expect([padReads.status, countyReads.status, countyDecides.status]).toEqual([404, 404, 404]);
    expect([notPng.status, issuesOf(notPng.json)]).toEqual([400, [{ field: 'data', rule: 'content_matches_type' }]]);
    expect([tooLong.status, issuesOf(tooLong.json)]).toEqual([400, [{ field: 'days', rule: 'too_big' }]]);
    const after = await detail(id);
    expect(after.verification).toBeUndefined();
    expect([after.rectifications, after.visits, after.files, after.extensions]).toEqual([[], [], [], []]);
    expect(after.timeline.filter((t: { role: string }) => t.role !== 'system')).toEqual([]);
    expect(before.verification).toBeUndefined();
  });
});
