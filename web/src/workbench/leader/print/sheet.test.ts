import { describe, expect, it } from 'vitest';
import { sheetOf } from './sheet.js';

const order = {
  n: 2,
  kind: 'manual',
  content: '请于期限内完成整改并书面反馈。',
  issuedAt: '2026-03-02T02:00:00.000Z',
  issuedBy: 'demo-supervisor',
  deadline: '2026-03-09T09:30:00.000Z',
  status: 'acknowledged',
  acknowledgedAt: '2026-03-02T03:00:00.000Z',
};
const timeline = [
  { at: order.issuedAt, actor: '李监管', role: 'supervisor', action: '下发任务交办单 #2' },
  { at: order.acknowledgedAt, actor: '王负责', role: 'leader', action: '签收任务交办单 #2' },
];

describe('the printed 任务交办单', () => {
  it('states a bad review in short, without the rater, with who issued and who signed', () => {
    const review = {
      caseNumber: 'IT-1',
      unitId: 'U-SCJG',
      itemCode: '4104-01-001',
      anonymous: false,
      rating: {
        levelName: '非常不满意',
        channelName: '移动服务端',
        ratedAt: '2026-03-01T01:00:00.000Z',
        tags: ['服务态度'],
        text: '窗口人员态度生硬',
        rater: { name: '张*', phone: '139****1111' },
      },
      taskOrders: [order],
      timeline,
    };
    const sheet = sheetOf('bad-reviews', review, 2, { unit: '市市场监督管理局', item: '企业设立登记', region: '平顶山市' })!;
    expect(sheet).toMatchObject({
      number: '〔2026〕IT-1-2号',
      issuer: '平顶山市政务服务管理办公室',
      unit: '市市场监督管理局',
      requirement: '请于期限内完成整改并书面反馈。',
      deadline: '2026年3月9日 17:30 前',
      issuedBy: '李监管',
      issuedOn: '2026年3月2日',
      acknowledgedBy: '王负责',
      acknowledgedAt: '2026-03-02 11:00',
      result: '',
    });
    expect(sheet.matter).toEqual([
      { label: '办件编号', text: 'IT-1' },
      { label: '办理事项', text: '企业设立登记' },
      { label: '差评情况', text: '非常不满意，移动服务端评价，2026年3月1日，实名' },
      { label: '差评原因', text: '服务态度' },
      { label: '评价内容', text: '窗口人员态度生硬' },
    ]);
    expect(JSON.stringify(sheet)).not.toMatch(/张|139/);
  });

  it('states a complaint by kind, title and a summary, leaving out the contact; an automatic order names the missed step', () => {
    const complaint = {
      caseNumber: 'TS-9',
      unitId: 'U-SCJG',
      kind: 'complaint',
      title: '窗口未一次性告知',
      content: '多'.repeat(250),
      receivedAt: '2026-03-01T00:00:00.000Z',
      contact: { name: '王*明', phone: '137****1111' },
      taskOrders: [
        {
          ...order,
          n: 1,
          kind: 'auto',
          overdueStep: 'handle',
          issuedBy: 'system',
          status: 'completed',
          completedAt: '2026-03-04T00:00:00.000Z',
          note: '已答复',
        },
      ],
      timeline: [],
    };
    const sheet = sheetOf('complaints', complaint, 1, {})!;
    expect(sheet.matter.map((m) => m.label)).toEqual(['诉求编号', '诉求类别', '诉求标题', '内容摘要', '收到时间', '超期环节']);
    expect(sheet.matter[3]!.text).toHaveLength(201);
    expect(sheet).toMatchObject({
      issuer: '政务服务管理办公室',
      unit: 'U-SCJG',
      issuedBy: '系统自动交办（环节超期）',
      result: '已答复',
      completedAt: '2026-03-04 08:00',
    });
    expect(JSON.stringify(sheet)).not.toMatch(/王|137/);
  });

  it('has no sheet for an order number the case does not have', () => {
    expect(sheetOf('complaints', { taskOrders: [order] }, 5, {})).toBeUndefined();
  });
});
