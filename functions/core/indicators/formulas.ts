import type { CounterValues } from './counters.js';

/**
 * The indicators (DESIGN §3) from summed counters, pure. A rate is a share between 0 and 1
 * rounded to 4 places, or null when nothing was counted below the line (no completed cases:
 * no 主动评价率, rather than 0 or 100%).
 */
const n = (v: CounterValues, f: keyof CounterValues) => v[f] ?? 0;
export const rate = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);

/** One channel's figures: its first ratings, their share of all, and 好评率 / 差评率 among them. */
export interface ChannelFigures {
  ratings: number;
  share: number | null;
  good: number;
  bad: number;
  goodRate: number | null;
  badRate: number | null;
}

export function channelFigures(v: CounterValues, channel: string): ChannelFigures {
  const count = n(v, `ch_${channel}`);
  const good = n(v, `chg_${channel}`);
  const bad = n(v, `chb_${channel}`);
  return { ratings: count, share: rate(count, n(v, 'ratings')), good, bad, goodRate: rate(good, count), badRate: rate(bad, count) };
}

export function indicatorsOf(v: CounterValues) {
  const ratings = n(v, 'ratings');
  const used = Object.entries(v)
    .filter(([f, count]) => f.startsWith('ch_') && count)
    .map(([f]) => f.slice(3))
    .sort();
  const channels = Object.fromEntries(used.map((c) => [c, n(v, `ch_${c}`)]));
  const byChannel = Object.fromEntries(used.map((c) => [c, channelFigures(v, c)]));
  return {
    /** 办件量: accepted and completed cases. */
    cases: n(v, 'cases'),
    completed: n(v, 'completed'),
    ratings,
    activeRatings: n(v, 'active'),
    defaultRatings: n(v, 'defaults'),
    followUps: n(v, 'followUps'),
    /** 主动评价率 = active ratings / completed cases. */
    activeRatingRate: rate(n(v, 'active'), n(v, 'completed')),
    /** 好评率 = 非常满意 + 满意 over all first ratings; 差评率 = 不满意 + 非常不满意 over them. */
    goodRate: rate(n(v, 'level1') + n(v, 'level2'), ratings),
    badRate: rate(n(v, 'level4') + n(v, 'level5'), ratings),
    levels: { 1: n(v, 'level1'), 2: n(v, 'level2'), 3: n(v, 'level3'), 4: n(v, 'level4'), 5: n(v, 'level5') },
    /** Ratings per channel (渠道构成). */
    channels,
    /** Per channel: ratings, share, 好评率 and 差评率 among that channel's ratings. */
    byChannel,
    badReviews: n(v, 'badReviews'),
    badReviewsClosed: n(v, 'badClosed'),
    /** 实名差评回访率 = closed named bad reviews whose rater answered the return visit / closed named bad reviews. */
    namedBadReviewVisitRate: rate(n(v, 'visited'), n(v, 'badNamedClosed')),
    /** 整改率 and 按期整改率 over closed bad reviews. */
    rectificationRate: rate(n(v, 'rectified'), n(v, 'badClosed')),
    onTimeRectificationRate: rate(n(v, 'rectifiedOnTime'), n(v, 'badClosed')),
    complaints: n(v, 'complaints'),
    complaintsAnswered: n(v, 'complaintsAnswered'),
    repeatComplaints: n(v, 'complaintsRepeat'),
    /** 咨询投诉按期办结率 = answered by their due date / answered. */
    complaintOnTimeRate: rate(n(v, 'complaintsOnTime'), n(v, 'complaintsAnswered')),
    /** Average hours from receipt to answer. */
    averageHandlingHours: n(v, 'complaintsAnswered') ? Math.round((n(v, 'complaintSeconds') / n(v, 'complaintsAnswered') / 3600) * 10) / 10 : null,
    taskOrders: n(v, 'taskOrders'),
    /** Task orders whose deadline passed without completion (逾期), on their deadline day. */
    taskOrdersOverdue: n(v, 'taskOrdersOverdue'),
    escalations: n(v, 'escalations'),
  };
}
export type Indicators = ReturnType<typeof indicatorsOf>;
