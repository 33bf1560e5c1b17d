import { describe, expect, it } from 'vitest';
import { endsAtOf, timeLeftText } from '../layout/timeLeft.js';
import { type BadReviewItem, badReviewRow, byUrgency, type ComplaintItem, complaintRow, filtersOf, matches } from './rows.js';

const T0 = Date.parse('2026-11-02T02:00:00Z');
const review = (o: Partial<BadReviewItem> = {}): BadReviewItem => ({
  reviewId: 'BJ-001-1',
  caseNumber: 'BJ-001',
  itemCode: 'I-1',
  itemName: '企业设立登记',
  unitId: 'U-1',
  regionCode: '410400',
  level: 5,
  anonymous: false,
  status: 'open',
  round: 1,
  step: 'verify',
  stepName: '核实',
  deadline: '2026-11-03T10:00:00Z',
  secondsLeft: 3600,
  overdue: false,
  openTaskOrders: 0,
  escalations: 0,
  pendingExtension: false,
  createdAt: '2026-11-01T03:00:00Z',
  reasonTags: ['办事效率', '服务态度'],
  reasonText: '跑了三趟',
  rater: { name: '张三丰', phone: '13800138000' },
  ...o,
});
const complaint = (o: Partial<ComplaintItem> = {}): ComplaintItem => ({
  complaintId: 'ZXAAAAAAAAAAAA',
  kind: 'complaint',
  kindName: '投诉',
  title: '窗口推诿',
  regionCode: '410400',
  anonymous: true,
  status: 'open',
  round: 1,
  stepName: '办理',
  secondsLeft: -60,
  overdue: true,
  openTaskOrders: 1,
  escalations: 1,
  pendingExtension: false,
  receivedAt: '2026-10-20T03:00:00Z',
  ...o,
});

describe('inbox rows', () => {
  it('shape a bad review and a complaint alike: number, item, reason, contact, case-page link', () => {
    const b = badReviewRow(review(), T0);
    expect(b).toMatchObject({
      kind: 'badReview',
      number: 'BJ-001',
      itemName: '企业设立登记',
      reason: '办事效率、服务态度：跑了三趟',
      contact: '张三丰 13800138000',
    });
    expect(b.href).toBe('#/bad-reviews/BJ-001-1');
    expect(b.endsAt).toBe(T0 + 3_600_000);
    const c = complaintRow(complaint(), T0);
    expect(c).toMatchObject({ kind: 'complaint', number: 'ZXAAAAAAAAAAAA', itemName: '—', reason: '窗口推诿', contact: '匿名', escalated: true });
    expect(c.href).toBe('#/complaints/ZXAAAAAAAAAAAA');
    expect(badReviewRow(review({ anonymous: true, rater: undefined }), T0).contact).toBe('匿名');
  });

  it('filters by case number, date range, status, level and step from the route query', () => {
    const rows = [
      badReviewRow(review(), T0),
      badReviewRow(review({ reviewId: 'X-9-1', caseNumber: 'X-9', level: 4, stepName: '整改反馈', status: 'closed' }), T0),
      complaintRow(complaint(), T0),
    ];
    const ids = (q: Record<string, string>) => rows.filter((r) => matches(r, filtersOf(q), T0)).map((r) => r.id);
    expect(ids({ q: 'bj-0' })).toEqual(['BJ-001-1']);
    expect(ids({ status: 'overdue' })).toEqual(['ZXAAAAAAAAAAAA']);
    expect(ids({ status: 'escalated' })).toEqual(['ZXAAAAAAAAAAAA']);
    expect(ids({ status: 'closed' })).toEqual(['X-9-1']);
    expect(ids({ level: '4' })).toEqual(['X-9-1']);
    expect(ids({ step: '核实' })).toEqual(['BJ-001-1']);
    expect(ids({ from: '2026-11-01', to: '2026-11-01' })).toEqual(['BJ-001-1', 'X-9-1']);
    expect(ids({ to: '2026-10-31' })).toEqual(['ZXAAAAAAAAAAAA']);
    // Unknown values are dropped, not guessed.
    expect(filtersOf({ status: 'late', level: '3', from: 'yesterday' })).toEqual({
      q: undefined,
      from: undefined,
      to: undefined,
      status: undefined,
      level: undefined,
      step: undefined,
    });
  });

  it('counts a row overdue once its countdown runs out, and sorts overdue first, then least time left, closed last', () => {
    const soon = badReviewRow(review({ reviewId: 'A-1', secondsLeft: 60 }), T0);
    const later = badReviewRow(review({ reviewId: 'B-1', secondsLeft: 7200 }), T0);
    const closed = badReviewRow(review({ reviewId: 'C-1', status: 'closed' }), T0);
    const late = complaintRow(complaint(), T0);
    expect([closed, later, soon, late].sort(byUrgency(T0)).map((r) => r.id)).toEqual(['ZXAAAAAAAAAAAA', 'A-1', 'B-1', 'C-1']);
    expect(matches(soon, { status: 'overdue' }, T0)).toBe(false);
    expect(matches(soon, { status: 'overdue' }, T0 + 61_000)).toBe(true);
  });
});

describe('time left', () => {
  it('counts down from the server’s seconds left, in the two largest units, and says 已超期 after', () => {
    const ends = endsAtOf(90_061, T0)!;
    expect(timeLeftText(ends, T0)).toBe('剩余 1天1小时');
    expect(timeLeftText(ends, ends - 125_000)).toBe('剩余 2分钟');
    expect(timeLeftText(ends, ends - 5_000)).toBe('剩余 5秒');
    expect(timeLeftText(ends, ends + 3_600_000 * 3 + 60_000 * 4)).toBe('已超期 3小时4分钟');
    expect(timeLeftText(undefined, T0)).toBe('—');
  });
});
