import { describe, expect, it } from 'vitest';
import { orderCount } from './count.js';

describe('the 任务交办单 count in the navigation', () => {
  it('counts the open orders and says how many are overdue or not signed for; overdue ones make it urgent', () => {
    const at = '2026-03-01T00:00:00.000Z';
    expect(orderCount([{ overdue: true }, { overdue: false, acknowledgedAt: at }, { overdue: false }], false)).toEqual({
      n: 3,
      label: '3 件任务交办单未办结，其中 1 件超期，2 件待签收',
      urgent: true,
    });
    expect(orderCount([{ overdue: false, acknowledgedAt: at }], true)).toEqual({ n: 1, label: '1+ 件任务交办单未办结', urgent: false });
  });
});
