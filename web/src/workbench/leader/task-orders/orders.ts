import type { ResponseOf } from '../../../api/client.js';

export type BadReviewOrder = ResponseOf<'/task-orders', 'get'>['items'][number];
export type ComplaintOrder = ResponseOf<'/complaint-task-orders', 'get'>['items'][number];

/** Which list an order came from; also the API path of its case and the workbench route of it. */
export type OrderSource = 'bad-reviews' | 'complaints';
export const SOURCE_NAMES: Record<OrderSource, string> = { 'bad-reviews': '差评', complaints: '咨询投诉' };

/** One task order of either list, with its case id under one name. */
export type OrderRow = Omit<BadReviewOrder, 'reviewId'> & { source: OrderSource; caseId: string; key: string };

/** Both lists as one, by deadline (the API's order within each list), then by case and number. */
export function mergeOrders(badReviews: BadReviewOrder[], complaints: ComplaintOrder[]): OrderRow[] {
  const rows: OrderRow[] = [
    ...badReviews.map(({ reviewId, ...t }) => ({ ...t, source: 'bad-reviews' as const, caseId: reviewId, key: `bad-reviews/${reviewId}/${t.n}` })),
    ...complaints.map(({ complaintId, ...t }) => ({ ...t, source: 'complaints' as const, caseId: complaintId, key: `complaints/${complaintId}/${t.n}` })),
  ];
  return rows.sort((a, b) => a.deadline.localeCompare(b.deadline) || a.key.localeCompare(b.key));
}

/** The workbench page of an order's case (the cases area). */
export const caseRoute = (o: Pick<OrderRow, 'source' | 'caseId'>) => `/${o.source}/${encodeURIComponent(o.caseId)}`;
/** The printable 任务交办单 of an order. */
export const printRoute = (o: Pick<OrderRow, 'source' | 'caseId' | 'n'>) => `/task-orders/${o.source}/${encodeURIComponent(o.caseId)}/${o.n}/print`;
/** The order's name for buttons and messages: several cases each have a #1. */
export const orderLabel = (o: Pick<OrderRow, 'n' | 'caseNumber'>) => `任务交办单 #${o.n}（办件 ${o.caseNumber}）`;
