import { describe, expect, it } from 'vitest';
import { type BadReviewOrder, type ComplaintOrder, caseRoute, mergeOrders, printRoute } from './orders.js';

const base = {
  kind: 'manual' as const,
  content: '请整改',
  issuedAt: '2026-03-01T00:00:00.000Z',
  issuedBy: 'demo-supervisor',
  status: 'issued' as const,
  caseNumber: 'C1',
  unitId: 'U-SCJG',
  overdue: false,
  canAcknowledge: true,
  canComplete: true,
};
const bad = (n: number, reviewId: string, deadline: string): BadReviewOrder => ({ ...base, n, reviewId, deadline });
const complaint = (n: number, complaintId: string, deadline: string): ComplaintOrder => ({ ...base, n, complaintId, deadline });

describe('the merged task-order list', () => {
  it('puts both lists together by deadline, each order keyed by its list, case and number', () => {
    const rows = mergeOrders(
      [bad(1, 'R1', '2026-03-05T00:00:00.000Z'), bad(2, 'R1', '2026-03-02T00:00:00.000Z')],
      [complaint(1, 'Q1', '2026-03-03T00:00:00.000Z'), complaint(1, 'Q2', '2026-03-03T00:00:00.000Z')],
    );
    expect(rows.map((r) => r.key)).toEqual(['bad-reviews/R1/2', 'complaints/Q1/1', 'complaints/Q2/1', 'bad-reviews/R1/1']);
    expect(rows[1]).toMatchObject({ source: 'complaints', caseId: 'Q1', n: 1 });
    expect(rows[1]).not.toHaveProperty('complaintId');
  });

  it('links each order to its case page and its printable form', () => {
    const [row] = mergeOrders([bad(3, 'R/1', '2026-03-05T00:00:00.000Z')], []);
    expect(caseRoute(row!)).toBe('/bad-reviews/R%2F1');
    expect(printRoute(row!)).toBe('/task-orders/bad-reviews/R%2F1/3/print');
  });
});
