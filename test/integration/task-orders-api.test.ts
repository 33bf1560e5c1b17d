/**
 * The task-order lists (任务交办单) over HTTP against the running local stack: a supervisor
 * issues one by hand on a bad review and on a complaint; the unit sees each in its list with
 * what it may do now (签收, 办结), signs for it and completes it; the supervisor sees the
 * same orders but no actions. Every answer is checked against the routes' `response`
 * schemas (test/integration/http.ts).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEMO_CITIZEN, pushCase } from './fixtures.js';
import { api } from './http.js';

/** Every item of a task-order list for a user, following the pages. */
async function listAll(path: '/task-orders' | '/complaint-task-orders', as: string, status: 'open' | 'all' = 'all'): Promise<any[]> {
  const items: any[] = [];
  let cursor: string | undefined;
  do {
    const q = new URLSearchParams({ status, limit: '200', ...(cursor ? { cursor } : {}) });
    const res = await api('GET', `${path}?${q}`, { as });
    expect(res.status, res.text).toBe(200);
    items.push(...res.json.items);
    cursor = res.json.next;
  } while (cursor);
  return items;
}

async function badReview(): Promise<string> {
  const { caseNumber } = await pushCase({ applicant: DEMO_CITIZEN, as: 'admin' });
  const rated = await api('POST', '/ratings', {
    as: 'citizen',
    body: { caseNumber, level: 5, channel: 'mobile', tags: ['服务态度'], text: '窗口人员态度生硬' },
  });
  expect(rated.status, rated.text).toBe(201);
  const id = rated.json.rating.ratingId as string;
  // The review opens once its workflow has started (at verification): wait for that, as the unit would.
  for (const end = Date.now() + 15_000; Date.now() < end; await new Promise((r) => setTimeout(r, 200)))
    if ((await api('GET', `/bad-reviews/${id}`, { as: 'leader' })).json?.step) return id;
  throw new Error(`bad review ${id} did not open`);
}

async function complaint(): Promise<string> {
  const res = await api('PUT', `/transfers/GJ-${randomUUID().slice(0, 8)}`, {
    as: 'connector',
    body: {
      kind: 'complaint',
      title: '窗口未一次性告知材料',
      content: '办理企业设立登记时，窗口两次要求补交不同的材料，没有一次性告知。',
      unitId: 'U-SCJG',
      itemCode: '4104-01-001',
      regionCode: '410400',
      contact: { name: '王小明', phone: '13700001111' },
      receivedAt: new Date(Date.now() - 3600_000).toISOString(),
      dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    },
  });
  expect(res.status, res.text).toBe(201);
  return res.json.complaint.complaintId;
}

describe.each([
  { what: 'a bad review', list: '/task-orders' as const, key: 'reviewId', base: '/bad-reviews', make: badReview },
  { what: 'a complaint', list: '/complaint-task-orders' as const, key: 'complaintId', base: '/complaints', make: complaint },
])('a task order issued by hand on $what', ({ list, key, base, make }) => {
  it('is listed for the unit with 签收 and 办结 offered, signed for and completed; the supervisor sees it without actions', async () => {
    // Arrange
    const id = await make();
    const issued = await api('POST', `${base}/${id}/task-orders`, { as: 'supervisor', body: { content: '请于期限内整改并反馈。', days: 20 } });
    expect(issued.status, issued.text).toBe(201);
    const n = issued.json.taskOrder.n as number;
    const mine = (items: any[]) => items.find((t) => t[key] === id && t.n === n);

    // Act + Assess: the unit's list offers both actions, by the server's deadline.
    const open = mine(await listAll(list, 'leader', 'open'));
    expect(open).toMatchObject({ kind: 'manual', status: 'issued', unitId: 'U-SCJG', overdue: false, canAcknowledge: true, canComplete: true });
    expect(open.deadline).toBe(issued.json.taskOrder.deadline);
    expect(mine(await listAll(list, 'supervisor'))).toMatchObject({ status: 'issued', canAcknowledge: false, canComplete: false });

    expect((await api('POST', `${base}/${id}/task-orders/${n}/acknowledge`, { as: 'leader' })).status).toBe(200);
    expect(mine(await listAll(list, 'staff'))).toMatchObject({
      status: 'acknowledged',
      acknowledgedAt: expect.any(String),
      canAcknowledge: false,
      canComplete: true,
    });

    const done = await api('POST', `${base}/${id}/task-orders/${n}/complete`, { as: 'leader', body: { note: '已整改完毕' } });
    expect(done.status, done.text).toBe(200);
    expect(mine(await listAll(list, 'leader', 'open'))).toBeUndefined();
    expect(mine(await listAll(list, 'leader', 'all'))).toMatchObject({ status: 'completed', note: '已整改完毕', canAcknowledge: false, canComplete: false });
  }, 60_000);
});
