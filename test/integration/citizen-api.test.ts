import { describe, expect, it } from 'vitest';
import { DEMO_CITIZEN, pushCase, ratingsOf } from './fixtures.js';
import { api } from './http.js';

/**
 * The citizen's own routes and rating invitations over HTTP on the local stack: my cases
 * waiting for a rating, my progress in plain words, an invitation minted by the business
 * system and used without signing in — bound to its case.
 */
const tokenOf = (url: string) => url.split('#/i/')[1]!;

describe('GET /my/cases?waiting=rating', () => {
  it('lists the citizen’s fresh completed case with names, and drops it once rated', async () => {
    const { caseNumber } = await pushCase({ applicant: DEMO_CITIZEN, as: 'admin' });
    const before = await api('GET', '/my/cases?waiting=rating', { as: 'citizen' });
    expect(before.status).toBe(200);
    expect(before.json.items.find((c: { caseNumber: string }) => c.caseNumber === caseNumber)).toMatchObject({
      itemName: '企业设立登记',
      unitName: '市市场监督管理局',
      rated: false,
    });
    await api('POST', '/ratings', { as: 'citizen', body: { caseNumber, level: 1, channel: 'qr' } });
    const after = await api('GET', '/my/cases?waiting=rating', { as: 'citizen' });
    expect(after.json.items.map((c: { caseNumber: string }) => c.caseNumber)).not.toContain(caseNumber);
    expect((await api('GET', '/my/cases', { as: 'staff' })).status).toBe(403);
  });
});

describe('rating invitations', () => {
  it('the business system mints a link; the holder rates that case without signing in, by the applicant on record', async () => {
    const { caseNumber } = await pushCase({ applicant: DEMO_CITIZEN });
    const minted = await api('POST', '/rating-invitations', { as: 'client', body: { caseNumber, ttlHours: 24 } });
    expect(minted.status).toBe(201);
    expect(minted.json.url).toMatch(/\/rate\.html#\/i\/[\w-]+\.[\w-]+$/);
    const invitation = tokenOf(minted.json.url);

    const opened = await api('POST', '/public/rating-invitations/open', { body: { invitation } });
    expect(opened.json).toMatchObject({ caseNumber, itemName: '企业设立登记', unitName: '市市场监督管理局', rated: false });
    const key = { 'idempotency-key': `inv-${caseNumber}` };
    const rated = await api('POST', '/public/invited-ratings', { body: { invitation, level: 4, tags: ['服务态度'] }, headers: key });
    const retried = await api('POST', '/public/invited-ratings', { body: { invitation, level: 4, tags: ['服务态度'] }, headers: key });

    expect([rated.status, retried.status]).toEqual([201, 200]);
    expect(await ratingsOf(caseNumber)).toMatchObject([{ level: 4, channel: 'mobile', anonymous: false }]);
    // The applicant (the demo citizen) follows it under their own progress, in plain words.
    const progress = await api('GET', '/my/progress', { as: 'citizen' });
    const mine = progress.json.reviews.find((r: { caseNumber: string }) => r.caseNumber === caseNumber);
    expect(mine).toMatchObject({ itemName: '企业设立登记', unitName: '市市场监督管理局', levelName: '不满意', open: true, voided: false });
    expect(JSON.stringify(progress.json)).not.toMatch(/taskOrder|escalation|reminder|personKey/);
  });

  it('refuses a forged or altered token and a case of another unit with a clear 4xx, storing nothing', async () => {
    const { caseNumber } = await pushCase({ applicant: DEMO_CITIZEN });
    const other = await pushCase({ place: 'ga' });
    const invitation = tokenOf((await api('POST', '/rating-invitations', { as: 'client', body: { caseNumber } })).json.url);
    const [payload, sig] = invitation.split('.');
    const altered = `${Buffer.from(JSON.stringify({ v: 1, c: other.caseNumber, e: 4_102_444_800 })).toString('base64url')}.${sig}`;

    const forged = await api('POST', '/public/invited-ratings', { body: { invitation: altered, level: 1 } });
    const withCase = await api('POST', '/public/invited-ratings', { body: { invitation, level: 1, caseNumber: other.caseNumber } });
    const notTheirs = await api('POST', '/rating-invitations', { as: 'client', body: { caseNumber: other.caseNumber } });

    expect(forged.status).toBe(400);
    expect(forged.json.error.issues).toEqual([expect.objectContaining({ field: 'invitation', rule: 'signature' })]);
    expect(withCase.status).toBe(400);
    expect(notTheirs.status).toBe(404);
    expect(payload).toBeTruthy();
    expect(await ratingsOf(other.caseNumber)).toEqual([]);
    expect(await ratingsOf(caseNumber)).toEqual([]);
  });
});

describe('GET /my/progress', () => {
  it('shows the citizen’s named complaint in plain words with the unit’s name and deadline', async () => {
    const title = `窗口午休无人值守${Date.now() % 10_000}`;
    const body = {
      kind: 'complaint',
      title,
      content: '中午十二点到一点窗口无人，等了一个小时才有人办理。',
      idempotencyKey: `it-${title}`,
      source: 'app',
      regionCode: '410400',
      unitId: 'U-SCJG',
      contact: { name: '张三', phone: '13900001111' },
    };
    const submitted = await api('POST', '/complaints', { as: 'citizen', body });
    expect(submitted.status, JSON.stringify(submitted.json)).toBe(201);
    const progress = await api('GET', '/my/progress', { as: 'citizen' });
    expect(progress.json.complaints.find((c: { title: string }) => c.title === title)).toMatchObject({ kindName: '投诉', unitName: '市市场监督管理局' });
  });
});
