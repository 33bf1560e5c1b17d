import type { ResponseOf } from '../../../api/client.js';

export type IndicatorsAnswer = ResponseOf<'/indicators', 'get'>;
type Figures = IndicatorsAnswer['indicators'];

/** One headline rate: its plain name, the share, and what it counts over (as text beside the number). */
export interface Headline {
  key: string;
  label: string;
  rate: number | null;
  /** `185 / 200 件已办结办件`: the counts behind the rate, when the API gives them. */
  basis: string;
  /** Higher is better, except 差评率. */
  lowerIsBetter?: boolean;
}

const levels = (f: Figures, ...ks: string[]) => ks.reduce((sum, k) => sum + (f.levels[k] ?? 0), 0);

/** The unit's headline rates in the order a leader reads them, each with its basis. */
export function headlines(f: Figures): Headline[] {
  return [
    { key: 'activeRatingRate', label: '主动评价率', rate: f.activeRatingRate, basis: `主动评价 ${f.activeRatings} / 办结办件 ${f.completed}` },
    { key: 'goodRate', label: '好评率', rate: f.goodRate, basis: `非常满意、满意 ${levels(f, '1', '2')} / 评价 ${f.ratings}` },
    { key: 'badRate', label: '差评率', rate: f.badRate, basis: `不满意、非常不满意 ${levels(f, '4', '5')} / 评价 ${f.ratings}`, lowerIsBetter: true },
    { key: 'rectificationRate', label: '整改率', rate: f.rectificationRate, basis: `已办结差评 ${f.badReviewsClosed} 件` },
    { key: 'onTimeRectificationRate', label: '按期整改率', rate: f.onTimeRectificationRate, basis: `已办结差评 ${f.badReviewsClosed} 件` },
    { key: 'namedBadReviewVisitRate', label: '实名差评回访率', rate: f.namedBadReviewVisitRate, basis: '已办结的实名差评中评价人答复回访的比例' },
    { key: 'complaintOnTimeRate', label: '咨询投诉按期办结率', rate: f.complaintOnTimeRate, basis: `已答复 ${f.complaintsAnswered} 件` },
  ];
}

/** The counts beside the rates: label and value as text. */
export function counts(f: Figures): { label: string; value: string }[] {
  return [
    { label: '办件量', value: `${f.cases} 件` },
    { label: '办结办件', value: `${f.completed} 件` },
    { label: '评价', value: `${f.ratings} 条（主动 ${f.activeRatings}，默认 ${f.defaultRatings}，追评 ${f.followUps}）` },
    { label: '差评', value: `${f.badReviews} 件（已办结 ${f.badReviewsClosed}）` },
    { label: '咨询投诉', value: `${f.complaints} 件（已答复 ${f.complaintsAnswered}，重复 ${f.repeatComplaints}）` },
    { label: '平均办理时长', value: f.averageHandlingHours === null ? '—' : `${f.averageHandlingHours} 小时` },
    { label: '任务交办单', value: `${f.taskOrders} 件（逾期 ${f.taskOrdersOverdue}）` },
    { label: '升级督办', value: `${f.escalations} 次` },
  ];
}

/** The month `YYYY-MM` a query names, else this month in Shanghai. */
export function monthOf(q: unknown, now = Date.now()): string {
  if (typeof q === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(q)) return q;
  return new Date(now + 8 * 3_600_000).toISOString().slice(0, 7);
}

/** `2026-03` → `2026年3月`. */
export const monthName = (m: string) => `${m.slice(0, 4)}年${Number(m.slice(5, 7))}月`;
