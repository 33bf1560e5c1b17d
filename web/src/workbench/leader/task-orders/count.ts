import { api } from '../../../api/client.js';

/** The navigation's 任务交办单 count: open orders of both lists, how many are past their deadline or not yet signed for. */
export function orderCount(orders: { overdue: boolean; acknowledgedAt?: string }[], more: boolean) {
  const n = orders.length;
  const overdue = orders.filter((o) => o.overdue).length;
  const unsigned = orders.filter((o) => !o.acknowledgedAt).length;
  const parts = [overdue ? `${overdue} 件超期` : '', unsigned ? `${unsigned} 件待签收` : ''].filter(Boolean);
  return { n, label: `${n}${more ? '+' : ''} 件任务交办单未办结${parts.length ? `，其中 ${parts.join('，')}` : ''}`, urgent: overdue > 0 };
}

/** Reads one page (200) of each open list. */
export async function loadOrderCount() {
  const query = { status: 'open' as const, limit: 200 };
  const [bad, complaints] = await Promise.all([api.get('/task-orders', { query }), api.get('/complaint-task-orders', { query })]);
  return orderCount([...bad.items, ...complaints.items], !!bad.next || !!complaints.next);
}
