import type { Principal } from '../core/access.js';
import { parseOrThrow } from '../core/validation.js';
import { ComplaintInput, TransferInput } from '../core/complaints/complaint.js';
import { receiveTransfer, submitComplaint } from '../usecases/complaints.js';
import type { ComplaintDeps } from '../usecases/deps.js';

/**
 * Demo consultations and complaints for `npm start`: a hot spot (four people about slow
 * property transfers), a repeat, two national-platform transfers, a consultation, an
 * anonymous suggestion and one without a unit for a supervisor to assign. Each starts its
 * workflow as a real intake does.
 */
const BDC = { unitId: 'U-BDC', itemCode: '4104-06-002' };
const people = [
  { name: '陈建国', phone: '13803750001' },
  { name: '刘芳', phone: '13803750002' },
  { name: '周强', phone: '13803750003' },
  { name: '吴敏', phone: '13803750004' },
];
const HOT_SPOT = [
  ['不动产转移登记办理太慢', '二手房过户在不动产登记中心排了三次号，说系统故障，两周了还没办好转移登记。'],
  ['二手房过户转移登记拖延', '不动产转移登记材料齐全，窗口说要等审核，已经超过承诺时限，一直没有结果。'],
  ['房产过户登记超过承诺时间', '办理不动产转移登记，承诺5个工作日，现在已经十多天了，打电话也没人说清楚。'],
  ['不动产登记中心过户排队时间长', '去不动产登记中心办过户转移登记，排队一上午，叫号系统故障，要求改天再来。'],
] as const;

export async function seedComplaints(deps: ComplaintDeps): Promise<void> {
  const hotline: Principal = { sub: 'seed-12345', role: 'supervisor', regionCode: '410400', name: '12345话务员' };
  const connector: Principal = { sub: 'seed-connector', role: 'client', platform: 'national' };
  const intake = (o: Record<string, unknown>, key: string) =>
    submitComplaint(deps, hotline, parseOrThrow(ComplaintInput, { kind: 'complaint', idempotencyKey: `seed-${key}`, ...o }));
  for (const [i, [title, content]] of HOT_SPOT.entries()) await intake({ title, content, ...BDC, contact: people[i] }, `hot-${i}`);
  await intake(
    { title: '不动产转移登记还是没办好', content: '上个月反映过不动产转移登记拖延的问题，到现在过户还是没有办好，请尽快处理。', ...BDC, contact: people[0] },
    'repeat',
  );
  await intake(
    {
      kind: 'consultation',
      title: '企业设立登记需要哪些材料',
      content: '想注册一家小公司，请问企业设立登记需要准备哪些材料，可以网上办吗？',
      unitId: 'U-SCJG',
      itemCode: '4104-01-001',
      contact: people[1],
    },
    'consult',
  );
  await intake(
    {
      kind: 'suggestion',
      title: '建议政务服务中心周六开放',
      content: '上班族工作日请假不方便，建议市政务服务中心周六全天开放。',
      regionCode: '410400',
      anonymous: true,
    },
    'anon',
  );
  await intake(
    {
      title: '办事窗口工作人员态度差',
      content: '在政务服务中心某窗口咨询时工作人员态度冷漠，没说清楚就让我去别的窗口。',
      regionCode: '410400',
      contact: people[2],
    },
    'unassigned',
  );
  const received = new Date(Date.now() - 2 * 86_400_000).toISOString();
  const due = new Date(Date.now() + 12 * 86_400_000).toISOString();
  for (const [n, o] of [
    [
      'GJ-DEMO-0001',
      { title: '医保异地就医备案办理不畅', content: '通过国家政务服务平台反映：异地就医备案线上提交后一直显示审核中，电话无人接听。', unitId: 'U-YB' },
    ],
    ['GJ-DEMO-0002', { title: '公积金提取审核时间过长', content: '通过国家政务服务平台反映：公积金提取申请提交十天仍未审核，影响还贷。', unitId: 'U-GJJ' }],
  ] as const)
    await receiveTransfer(
      deps,
      connector,
      n,
      parseOrThrow(TransferInput, { kind: 'complaint', regionCode: '410400', contact: people[3], receivedAt: received, dueAt: due, ...o }),
    );
}
