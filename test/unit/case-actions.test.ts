/**
 * `actions` in the case details (functions/usecases/case-actions.ts) checked against the
 * action use cases themselves: for each case state and each caller, an action is listed
 * exactly when its use case accepts it (run on a fresh copy of the case in the fakes).
 */
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../functions/core/access.js';
import type { BadReview } from '../../functions/core/bad-review.js';
import { buildComplaint, type Complaint } from '../../functions/core/complaints/complaint.js';
import { newSupervisedState } from '../../functions/supervision/model.js';
import * as br from '../../functions/usecases/bad-reviews.js';
import { badReviewActions, complaintActions } from '../../functions/usecases/case-actions.js';
import * as cp from '../../functions/usecases/complaints.js';
import { FakeBadReviewStore, FakeInbox } from '../fakes-bad-review.js';
import { FakeComplaintStore } from '../fakes-complaints.js';
import { CITY, CITY_UNIT, FakeCalendarStore, FixedClock, principals } from '../fakes.js';

const NOW = '2026-06-10T02:00:00.000Z';
const LATER = '2026-06-12T02:00:00.000Z';
const EARLIER = '2026-06-09T02:00:00.000Z';
const MAX_EXT = 15;
const noWorkflow = { sendTaskSuccess: async () => undefined } as never;

function review(over: Partial<BadReview> = {}): BadReview {
  return {
    ...newSupervisedState(EARLIER, '收到实名差评'),
    status: 'open',
    reviewId: 'R1',
    ratingId: 'R1',
    caseNumber: 'C1',
    unitId: CITY_UNIT.unitId,
    regionCode: CITY,
    itemCode: 'I1',
    level: 5,
    anonymous: false,
    personKey: 'pk',
    round: 1,
    rectifications: [],
    replies: [],
    visits: [],
    files: [],
    step: 'verify',
    stepStartedAt: EARLIER,
    stepDeadline: LATER,
    ...over,
  } as BadReview;
}
const verified = { contacted: true, facts: '已核实', at: EARLIER, by: 'staff-1' };
const rectified = [{ round: 1, measures: '已整改', evidence: [], at: EARLIER, by: 'staff-1' }];

/** Runs one action's use case on a fresh copy of the case: true when it is accepted. */
async function accepted(c: BadReview, p: Principal, action: string): Promise<boolean> {
  const rows = new Map([[c.reviewId, structuredClone(c)]]);
  const deps = {
    badReviews: new FakeBadReviewStore(rows, new Map()),
    clock: new FixedClock(NOW),
    workflow: noWorkflow,
    notifier: new FakeInbox(),
    badReviewConfig: { maxExtensionDays: MAX_EXT } as never,
    calendarStore: new FakeCalendarStore(),
    demoWorkdaySeconds: 60,
  };
  const [name, n] = action.split(':');
  const run: Record<string, () => Promise<unknown>> = {
    verify: () => br.recordVerification(deps, p, c.reviewId, { contacted: true, facts: '核实' }),
    rectify: () => br.recordRectification(deps, p, c.reviewId, { measures: '整改措施', evidence: [] }),
    reply: () => br.replyToRater(deps, p, c.reviewId, { text: '答复内容' }),
    appeal: () => br.fileAppeal(deps, p, c.reviewId, { reason: '恶意评价' }),
    requestExtension: () => br.requestExtension(deps, p, c.reviewId, { days: 1, reason: '需要时间' }),
    decideAppeal: () => br.decideAppeal({ ...deps, badReviews: deps.badReviews }, p, c.reviewId, { approve: false }),
    decideExtension: () => br.decideExtension(deps, p, c.reviewId, { approve: false }),
    issueTaskOrder: () => br.issueManualTaskOrder(deps, p, c.reviewId, { content: '请办理', days: 1 }),
    acknowledgeTaskOrder: () => br.acknowledgeTaskOrder(deps, p, c.reviewId, Number(n)),
    completeTaskOrder: () => br.completeTaskOrder(deps, p, c.reviewId, Number(n), {}),
    escalationOutcome: () => br.recordEscalationOutcome(deps, p, c.reviewId, Number(n), { kind: 'interview', note: '已约谈' }),
  };
  try {
    const before = JSON.stringify(rows.get(c.reviewId));
    await run[name!]!();
    // A "replay" that changes nothing is not an action the caller can take.
    return JSON.stringify(rows.get(c.reviewId)) !== before;
  } catch {
    return false;
  }
}

const order = (n: number, over: object = {}) => ({
  n,
  kind: 'manual',
  content: '请办理',
  issuedAt: EARLIER,
  issuedBy: 'sup',
  deadline: LATER,
  status: 'issued',
  ...over,
});
const escalation = { n: 1, at: EARLIER, overdueStep: 'verify' as const, noticePeriod: '2026-06-01', proposal: '约谈' as const };

const REVIEWS: [string, BadReview][] = [
  ['verify step', review()],
  ['rectify step, nothing done', review({ step: 'rectify', verification: verified })],
  ['rectify step, rectified, not replied', review({ step: 'rectify', verification: verified, rectifications: rectified })],
  ['anonymous at rectify', review({ step: 'rectify', verification: verified, anonymous: true })],
  ['rectify deadline passed', review({ step: 'rectify', verification: verified, stepDeadline: EARLIER })],
  ['task order for verify', review({ step: 'taskOrder', overdueStep: 'verify', taskOrders: [order(1, { kind: 'auto', overdueStep: 'verify' })] as never })],
  ['visit', review({ step: 'visit', verification: verified, rectifications: rectified })],
  ['appeal pending', review({ step: 'rectify', verification: verified, appeal: { reason: 'x', at: EARLIER, by: 's' } })],
  ['extension pending', review({ step: 'rectify', verification: verified, extensions: [{ days: 2, reason: 'x', at: EARLIER, by: 's' }] })],
  [
    'extension cap used',
    review({
      step: 'rectify',
      verification: verified,
      extensions: [{ days: MAX_EXT, reason: 'x', at: EARLIER, by: 's', decision: { approve: true, days: MAX_EXT, by: 'v', at: EARLIER } }],
    }),
  ],
  [
    'manual order and escalation',
    review({
      step: 'escalated',
      overdueStep: 'rectify',
      verification: verified,
      taskOrders: [order(1), order(2, { acknowledgedAt: EARLIER, status: 'acknowledged' })] as never,
      escalations: [escalation],
    }),
  ],
  [
    'closed',
    review({
      status: 'closed',
      step: undefined,
      stepDeadline: undefined,
      verification: verified,
      rectifications: rectified,
      taskOrders: [order(1, { status: 'completed', acknowledgedAt: EARLIER })] as never,
    }),
  ],
];
const BR_ACTIONS = [
  'verify',
  'rectify',
  'reply',
  'appeal',
  'requestExtension',
  'decideAppeal',
  'decideExtension',
  'issueTaskOrder',
  'acknowledgeTaskOrder:1',
  'acknowledgeTaskOrder:2',
  'completeTaskOrder:1',
  'completeTaskOrder:2',
  'escalationOutcome:1',
];
const CALLERS: [string, Principal][] = [
  ['staff', principals.staff],
  ['supervisor', principals.supervisor],
  ['other unit', principals.countyStaff],
  ['county supervisor', principals.countySupervisor],
];

describe('bad review actions', () => {
  for (const [state, c] of REVIEWS)
    for (const [who, p] of CALLERS)
      it(`${state}, ${who}: listed exactly when the use case accepts it`, async () => {
        const listed = badReviewActions(p, c, new Date(NOW), MAX_EXT).filter((a) => a !== 'uploadEvidence');
        const allowed = [];
        for (const a of BR_ACTIONS) if (await accepted(c, p, a)) allowed.push(a);
        expect(listed.sort()).toEqual(allowed.sort());
      });

  it('names the unit its work at the verify step and the supervisor only supervision', () => {
    expect(badReviewActions(principals.staff, review(), new Date(NOW), MAX_EXT)).toEqual(['verify', 'uploadEvidence', 'appeal']);
    expect(badReviewActions(principals.supervisor, review(), new Date(NOW), MAX_EXT)).toEqual(['issueTaskOrder']);
    expect(badReviewActions(principals.countyStaff, review(), new Date(NOW), MAX_EXT)).toEqual([]);
  });
});

function complaint(over: Partial<Complaint> = {}): Complaint {
  const c = buildComplaint({
    complaintId: 'ZX1',
    caseNumber: 'ZX1',
    kind: 'complaint',
    source: 'portal',
    title: '窗口办事拖延',
    content: '营业执照办理窗口多次推诿，材料清单不一致。',
    unitId: CITY_UNIT.unitId,
    regionCode: CITY,
    anonymous: true,
    complainantKeys: [],
    receivedAt: EARLIER,
    receivedBy: 'sup',
    intake: {},
    skipReview: false,
  });
  return { ...c, status: 'open', step: 'accept', stepStartedAt: EARLIER, stepDeadline: LATER, ...over } as Complaint;
}
const draft = (status: 'submitted' | 'sentBack') => ({ n: 1, round: 1, text: '答复', at: EARLIER, by: 's', status, findings: [], fingerprint: 'f' });

async function complaintAccepted(c: Complaint, p: Principal, action: string): Promise<boolean> {
  const rows = new Map([[c.complaintId, structuredClone(c)]]);
  const deps = { complaints: new FakeComplaintStore(rows), clock: new FixedClock(NOW), complaintWorkflow: noWorkflow, notifier: new FakeInbox() } as never;
  const run: Record<string, () => Promise<unknown>> = {
    accept: () => cp.acceptComplaint(deps, p, c.complaintId),
    return: () => cp.returnComplaint(deps, p, c.complaintId, { reason: '不属于本单位职责' }),
    answer: () => cp.submitAnswer(deps, p, c.complaintId, { text: '经核查，窗口已统一材料清单，并对工作人员进行了培训。' }),
    reviewAnswer: () => cp.reviewAnswer(deps, p, c.complaintId, { approve: true }),
  };
  try {
    const before = JSON.stringify(rows.get(c.complaintId));
    await run[action]!();
    return JSON.stringify(rows.get(c.complaintId)) !== before;
  } catch {
    return false;
  }
}

const COMPLAINTS: [string, Complaint][] = [
  ['accept step', complaint()],
  ['handle step', complaint({ step: 'handle', assignments: [{ unitId: CITY_UNIT.unitId, at: EARLIER, by: 'sup', acceptedAt: EARLIER }] })],
  ['draft submitted', complaint({ step: 'review', answers: [draft('submitted')] })],
  ['draft sent back', complaint({ step: 'handle', answers: [draft('sentBack')] })],
  ['closed', complaint({ status: 'closed', step: undefined })],
];

describe('complaint actions', () => {
  for (const [state, c] of COMPLAINTS)
    for (const [who, p] of CALLERS)
      it(`${state}, ${who}: listed exactly when the use case accepts it`, async () => {
        const names = ['accept', 'return', 'answer', 'reviewAnswer'];
        const listed = complaintActions(p, c, new Date(NOW), 13).filter((a) => names.includes(a));
        const allowed = [];
        for (const a of names) if (await complaintAccepted(c, p, a)) allowed.push(a);
        expect(listed.sort()).toEqual(allowed.sort());
      });

  it('offers 派单 to the supervisor while unassigned, and nothing to a unit that cannot see it', () => {
    const unassigned = complaint({ step: 'assign', unitId: '', assignments: [] });
    expect(complaintActions(principals.supervisor, unassigned, new Date(NOW), 13)).toContain('assign');
    expect(complaintActions(principals.staff, unassigned, new Date(NOW), 13)).toEqual([]);
  });
});
