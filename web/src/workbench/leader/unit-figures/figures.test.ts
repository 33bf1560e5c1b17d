import { describe, expect, it } from 'vitest';
import { counts, headlines, monthName, monthOf } from './figures.js';

const figures = {
  cases: 210,
  completed: 200,
  ratings: 180,
  activeRatings: 150,
  defaultRatings: 30,
  followUps: 2,
  activeRatingRate: 0.75,
  goodRate: 0.9,
  badRate: 0.05,
  levels: { '1': 120, '2': 42, '3': 9, '4': 5, '5': 4 },
  channels: {},
  byChannel: {},
  badReviews: 9,
  badReviewsClosed: 8,
  namedBadReviewVisitRate: null,
  rectificationRate: 1,
  onTimeRectificationRate: 0.875,
  complaints: 4,
  complaintsAnswered: 3,
  repeatComplaints: 0,
  complaintOnTimeRate: 1,
  averageHandlingHours: null,
  taskOrders: 1,
  taskOrdersOverdue: 0,
  escalations: 0,
  casesPerResident: null,
  unitsOnNoticeList: 0,
};

describe('the unit figures', () => {
  it('names each headline rate with the counts it is over', () => {
    const h = headlines(figures);
    expect(h.map((x) => x.label)).toEqual(['主动评价率', '好评率', '差评率', '整改率', '按期整改率', '实名差评回访率', '咨询投诉按期办结率']);
    expect(h[1]).toMatchObject({ rate: 0.9, basis: '非常满意、满意 162 / 评价 180' });
    expect(h[2]).toMatchObject({ basis: '不满意、非常不满意 9 / 评价 180', lowerIsBetter: true });
    expect(h[5]!.rate).toBeNull();
  });

  it('lists the counts as text, a dash where there is nothing to average', () => {
    const c = counts(figures);
    expect(c.find((x) => x.label === '评价')?.value).toBe('180 条（主动 150，默认 30，追评 2）');
    expect(c.find((x) => x.label === '平均办理时长')?.value).toBe('—');
  });

  it('takes the month from the query, else this month in Shanghai', () => {
    expect(monthOf('2026-02')).toBe('2026-02');
    expect(monthOf('2026-13', Date.parse('2026-03-31T17:00:00.000Z'))).toBe('2026-04');
    expect(monthName('2026-02')).toBe('2026年2月');
  });
});
