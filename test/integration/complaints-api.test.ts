/**
 * Consultations and complaints (咨询投诉) over HTTP against the running local stack: real
 * handlers, DynamoDB Local, the local engine running workflows/complaint.asl.json with the
 * real task function, and status changes sent over HTTP to the stack's simulated national
 * platform. DEMO_WORKDAY_SECONDS=3 (test/global-setup.ts): accepting 3 s, a complaint's
 * due date 39 s, answer review 3 s (then the supervisors are nudged), return visit 15 s.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { api } from './http.js';

async function poll<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const got = await probe();
    if (got !== undefined) return got;
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until the complaint is at one of `steps` (as the supervisor sees it). */
const atStep = (id: string, ...steps: string[]) =>
  poll(`${id} at ${steps.join('/')}`, async () => {
    const r = await api('GET', `/complaints/${id}`, { as: 'supervisor' });
    return steps.includes(r.json?.step) && r.json?.status === 'open' ? r.json : undefined;
  });

const transfer = (o: Record<string, unknown> = {}) => ({
  kind: 'complaint',
  title: '企业设立登记窗口多次要求补交材料',
  content: '在市政务服务中心办理企业设立登记，窗口三次要求补交不同的材料，每次都没有一次性告知，耽误了半个月。',
  unitId: 'U-SCJG',
  itemCode: '4104-01-001',
  regionCode: '410400',
  contact: { name: '王小明', phone: '13700001111' },
  receivedAt: new Date(Date.now() - 3600_000).toISOString(),
  dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  ...o,
});

const GOOD_ANSWER =
  '经核查，您反映的企业设立登记窗口多次要求补交材料、未一次性告知的问题属实。我局已对窗口工作人员进行约谈和业务培训，并于12月5日前在窗口公示企业设立登记材料清单，实行一次性告知制度。';

describe('a transfer from the national platform, end to end over HTTP', () => {
  it('is received once, accepted, answered after a sent-back draft, rated, closed, and every status change reaches the platform', async () => {
    const sourceId = `GJ-${randomUUID().slice(0, 8)}`;
    const body = transfer();
    const first = await api('PUT', `/transfers/${sourceId}`, { as: 'connector', body });
    expect(first.status, first.text).toBe(201);
    const id = first.json.complaint.complaintId as string;
    expect(first.json.complaint).toMatchObject({ source: 'national', sourceId, unitId: 'U-SCJG', contact: { phone: '137****1111' } });
    // At-least-once delivery: the same transfer again answers the first result; a changed one is refused.
    const again = await api('PUT', `/transfers/${sourceId}`, { as: 'connector', body });
    expect(again.status).toBe(200);
    expect(again.json.complaint.complaintId).toBe(id);
    const changed = await api('PUT', `/transfers/${sourceId}`, { as: 'connector', body: { ...body, content: `${body.content}（补充）` } });
    expect(changed.status).toBe(409);
    expect(changed.json.error.issues).toEqual([{ field: 'content', rule: 'same_as_first_delivery', message: '与首次提交的内容不同' }]);
    expect((await api('PUT', `/transfers/${sourceId}`, { as: 'client', body })).status).toBe(403);

    // The unit signs (or its day passes), then answers with a stock phrase: the check flags it.
    const at = await atStep(id, 'accept', 'handle');
    if (at.step === 'accept') await api('POST', `/complaints/${id}/acceptance`, { as: 'staff' });
    await atStep(id, 'handle');
    const weak = await api('POST', `/complaints/${id}/answer`, { as: 'staff', body: { text: '您好，您的来信已收悉，我们正在处理中，感谢您的理解和支持。' } });
    expect(weak.status, weak.text).toBe(200);
    expect(weak.json.check.findings.map((f: { code: string }) => f.code)).toContain('evasive');
    await atStep(id, 'review');
    const noComment = await api('POST', `/complaints/${id}/answer/review`, { as: 'supervisor', body: { approve: false } });
    expect(noComment.status).toBe(400);
    expect(noComment.json.error.issues[0]).toMatchObject({ field: 'comment', rule: 'required' });
    expect(
      (await api('POST', `/complaints/${id}/answer/review`, { as: 'supervisor', body: { approve: false, comment: '请写明核查结果和整改措施' } })).status,
    ).toBe(200);
    await atStep(id, 'handle');
    expect((await api('POST', `/complaints/${id}/answer`, { as: 'staff', body: { text: GOOD_ANSWER } })).status).toBe(200);
    await atStep(id, 'review');
    expect((await api('POST', `/complaints/${id}/answer/review`, { as: 'supervisor', body: { approve: true } })).status).toBe(200);
    await atStep(id, 'visit');
    // The 12345 operator records the phone return visit.
    expect((await api('POST', `/complaints/${id}/feedback`, { as: 'supervisor', body: { answer: 'satisfied', comment: '电话回访' } })).status).toBe(200);
    const closed = await poll('closed', async () => {
      const r = await api('GET', `/complaints/${id}`, { as: 'supervisor' });
      return r.json.status === 'closed' ? r.json : undefined;
    });
    expect(closed).toMatchObject({ closeReason: 'answered', answeredOnTime: true });

    const deliveries = await poll('four deliveries', async () => {
      const r = await api('GET', `/complaints/${id}/deliveries`, { as: 'supervisor' });
      return r.json.items.length === 4 && r.json.items.every((d: { state: string }) => d.state !== 'pending') ? r.json.items : undefined;
    });
    expect(deliveries.map((d: { event: { seq: number; status: string }; state: string }) => [d.event.seq, d.event.status, d.state])).toEqual([
      [1, 'accepted', 'delivered'],
      [2, 'assigned', 'delivered'],
      [3, 'answered', 'delivered'],
      [4, 'closed', 'delivered'],
    ]);
    const platform = await api('GET', '/local/national-platform/status');
    expect(platform.json.items.filter((e: { sourceId: string }) => e.sourceId === sourceId).map((e: { status: string }) => e.status)).toEqual([
      'accepted',
      'assigned',
      'answered',
      'closed',
    ]);
  });
});

describe('people submit and follow their own', () => {
  it('an anonymous submission gets a tracking code that shows progress in plain words; a wrong code is a 404', async () => {
    const r = await api('POST', '/public/complaints', {
      body: {
        kind: 'consultation',
        title: '社保卡补办需要什么材料',
        content: '我的社保卡丢了，请问补办需要带什么材料，在哪里办理？',
        regionCode: '410400',
        anonymous: true,
        idempotencyKey: randomUUID(),
      },
    });
    expect(r.status, r.text).toBe(201);
    const code = r.json.trackingCode as string;
    // No unit named: it waits for a supervisor to assign it.
    const seen = await poll('waiting for assignment', async () => {
      const got = await api('GET', `/public/complaints/${code}`);
      return got.status === 200 && got.json.stage === '待派单' ? got.json : undefined;
    });
    expect(seen).toMatchObject({ kindName: '咨询', sourceName: '省政务服务网', title: '社保卡补办需要什么材料' });
    expect(JSON.stringify(seen)).not.toMatch(/timeline|token|nudge/);
    expect((await api('GET', `/public/complaints/${code.slice(0, -1)}${code.endsWith('0') ? '1' : '0'}`)).status).toBe(404);
  });

  it('a signed-in citizen sees their complaint in their own list; a real-name one without a contact is refused naming the field', async () => {
    const key = randomUUID();
    const body = {
      kind: 'suggestion',
      title: '建议延长周末办事时间',
      content: '建议市政务服务中心周六全天开放，方便上班族办理业务。',
      regionCode: '410400',
      contact: { name: '张三', phone: '13911112222' },
      idempotencyKey: key,
    };
    const r = await api('POST', '/complaints', { as: 'citizen', body });
    expect(r.status, r.text).toBe(201);
    expect((await api('POST', '/complaints', { as: 'citizen', body })).status).toBe(200);
    const mine = await api('GET', '/complaints', { as: 'citizen' });
    expect(mine.json.items.map((c: { complaintId: string }) => c.complaintId)).toContain(r.json.complaint.complaintId);
    const bad = await api('POST', '/complaints', { as: 'citizen', body: { ...body, contact: undefined, idempotencyKey: randomUUID() } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.issues[0]).toMatchObject({ field: 'contact', rule: 'required' });
    const doc = await api('GET', '/openapi.json');
    expect(Object.keys(doc.json.paths)).toEqual(
      expect.arrayContaining(['/complaints', '/transfers/{sourceId}', '/complaints/{complaintId}/answer/review', '/complaint-hot-spots']),
    );
  });
});
