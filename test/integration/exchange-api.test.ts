/**
 * The data exchange over HTTP on the running local stack: the demo data and a case of this
 * test go out to the simulated provincial and national receivers (/local/exchange/{id}) in
 * their profiles; a receiver that fails leaves a dead letter an admin replays.
 */
import { describe, expect, it } from 'vitest';
import { pushCase, randomPerson } from './fixtures.js';
import { api } from './http.js';

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const GB_TIME = /^\d{8}T\d{6}$/;

/** Every row the simulated receiver took, with its batch. */
async function received(receiverId: string): Promise<{ batchId: string; kind: string; rows: Record<string, unknown>[] }[]> {
  const r = await api('GET', `/local/exchange/${receiverId}`, { as: 'admin' });
  expect(r.status, r.text).toBe(200);
  return r.json.items;
}

/** Waits into the next whole second (an export of today covers up to the second it starts in, and is named by it). */
const nextSecond = () => new Promise((r) => setTimeout(r, 1005 - (Date.now() % 1000)));

describe('data exchange (GB/T 39046 exports)', () => {
  it('lists the receivers with their profile and entitlement, to admins only', async () => {
    const r = await api('GET', '/exchange/receivers', { as: 'admin' });
    expect(r.status, r.text).toBe(200);
    expect(r.json.items.map((x: any) => [x.id, x.profile, x.personalData])).toEqual([
      ['province', 'zhejiang', true],
      ['national', 'national', false],
    ]);
    expect(r.text).not.toMatch(/token/i);
    expect((await api('GET', '/exchange/receivers', { as: 'supervisor' })).status).toBe(403);
  });

  it("exports today's records to both receivers: names and text to the entitled one, masked and without text to the other", async () => {
    const person = { ...randomPerson(), name: '欧阳明月', phone: '13912340000' };
    const { caseNumber } = await pushCase({ applicant: person });
    const rated = await api('POST', '/ratings', {
      as: 'pad',
      body: { caseNumber, level: 1, channel: 'pad', anonymous: false, rater: person, text: '窗口人员很耐心' },
    });
    expect(rated.status, rated.text).toBe(201);

    // Today's export ends at the whole second it starts in: let the rating's second pass first.
    await nextSecond();
    const run = await api('POST', '/exchange/exports', { as: 'admin', body: { day: today() } });
    expect(run.status, run.text).toBe(200);
    expect(run.json.window).toMatchObject({ day: today(), whole: false });
    expect(run.json.results.map((r: any) => r.receiverId)).toEqual(['province', 'national']);
    for (const r of run.json.results) expect(r.delivered, JSON.stringify(r)).toBe(true);

    // This run's batches only (the whole suite's records of today go out with them, in many batches).
    const ours = new Set(run.json.results.flatMap((r: any) => r.batches.map((b: any) => b.batchId)));
    const find = async (receiverId: string, kind: string) =>
      (await received(receiverId))
        .filter((b) => b.kind === kind && ours.has(b.batchId))
        .flatMap((b) => b.rows)
        .filter((row) => row.办件编号 === caseNumber);
    const [provinceRating] = await find('province', 'ratings');
    expect(provinceRating).toMatchObject({ 评价渠道: '4', 评价人: '欧阳明月', 评价次数: 1, 满意度: '非常满意', 满意度代码: 5, 文字评价: '窗口人员很耐心' });
    expect(provinceRating!.评价时间).toMatch(GB_TIME);
    const [nationalRating] = await find('national', 'ratings');
    expect(nationalRating).toMatchObject({ 评价渠道: '政务大厅平板电脑', 评价人: '欧阳**', 满意度代码: 1 });
    expect(nationalRating).not.toHaveProperty('文字评价');
    const [nationalCase] = await find('national', 'cases');
    expect(nationalCase).toMatchObject({ 办件编号: caseNumber, 申请人名称: '欧阳**', 联系电话: '139****0000', 办件类型: expect.any(Number) });
    expect(JSON.stringify(await received('national'))).not.toContain(person.idNumber);
    // The demo data went too: more than this test's one case.
    expect((await received('province')).reduce((n, b) => n + b.rows.length, 0)).toBeGreaterThan(2);
  });

  it('dead-letters a batch the receiver keeps refusing, and an admin replays it under the same batch id', async () => {
    await pushCase();
    expect((await api('POST', '/local/exchange/national/fail', { as: 'admin', body: { times: 3, status: 503 } })).status).toBe(200);
    // A second of its own: today's batches are named by the second the export ends at, and a batch already delivered is not sent again.
    await nextSecond();
    const run = await api('POST', '/exchange/exports', { as: 'admin', body: { day: today(), receiverId: 'national' } });
    expect(run.status, run.text).toBe(200);
    const [result] = run.json.results;
    expect(result.delivered).toBe(false);
    const deadId = result.batches.find((b: any) => b.state === 'dead').batchId;

    const dead = await api('GET', '/exchange/dead-letters?limit=200', { as: 'admin' });
    const letter = dead.json.items.find((b: any) => b.batchId === deadId);
    expect(letter).toMatchObject({ state: 'dead', receiverId: 'national' });
    expect(letter.attempts.map((a: any) => a.httpStatus)).toEqual([503, 503, 503]);

    const replay = await api('POST', `/exchange/batches/${encodeURIComponent(deadId)}/replay`, { as: 'admin' });
    expect(replay.status, replay.text).toBe(200);
    expect(replay.json).toMatchObject({ state: 'delivered', replays: 1 });
    expect((await received('national')).some((b) => b.batchId === deadId)).toBe(true);
    const batches = await api('GET', '/exchange/receivers/national/batches?limit=200', { as: 'admin' });
    expect(batches.json.items.find((b: any) => b.batchId === deadId)).toMatchObject({ state: 'delivered', replays: 1 });
  });

  it('refuses a day in the future (field and rule named), an unknown receiver, and non-admins', async () => {
    const future = await api('POST', '/exchange/exports', { as: 'admin', body: { day: '2999-01-01' } });
    expect(future.status).toBe(400);
    expect(future.json.error.issues[0]).toMatchObject({ field: 'day', rule: 'not_in_future' });
    expect((await api('GET', '/exchange/receivers/nobody/batches', { as: 'admin' })).status).toBe(404);
    expect((await api('POST', '/exchange/exports', { as: 'staff', body: { day: today() } })).status).toBe(403);
    expect((await api('POST', '/exchange/batches/national:20261103:ratings:1/replay', { as: 'admin' })).status).toBe(404);
  });
});
