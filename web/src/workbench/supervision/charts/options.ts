import { channelName, pct, pctValue } from '../format.js';
import type { ECOption } from './echarts.js';

/**
 * The dashboard's chart options, pure: data in `dataset.source` (the same rows the table
 * beside each chart shows), a description for screen readers (`aria.label.description`),
 * decal patterns on, no HTML tooltips (values only, ECharts escapes them).
 */

const aria = (description: string) => ({ enabled: true, label: { enabled: true, description }, decal: { show: true } });

export interface TrendRow {
  month: string;
  ratings: number;
  goodRate: number | null;
  badRate: number | null;
  activeRatingRate: number | null;
  complaintOnTimeRate: number | null;
}

export const TREND_SERIES = [
  { key: 'goodRate', name: '好评率' },
  { key: 'badRate', name: '差评率' },
  { key: 'activeRatingRate', name: '主动评价率' },
  { key: 'complaintOnTimeRate', name: '咨询投诉按期办结率' },
] as const;

export function trendDescription(rows: readonly TrendRow[]) {
  if (!rows.length) return '近6个月趋势：无数据。';
  const parts = rows.map((r) => `${r.month}：评价${r.ratings}条，${TREND_SERIES.map((s) => `${s.name}${pct(r[s.key])}`).join('，')}`);
  return `近${rows.length}个月趋势折线图。${parts.join('；')}。`;
}

export function trendOption(rows: readonly TrendRow[]): ECOption {
  return {
    aria: aria(trendDescription(rows)),
    tooltip: { trigger: 'axis', valueFormatter: (v) => (v === null || v === undefined ? '—' : `${v}%`) },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 40, bottom: 28 },
    dataset: {
      source: rows.map((r) => ({ month: r.month, ...Object.fromEntries(TREND_SERIES.map((s) => [s.key, pctValue(r[s.key])])) })),
    },
    xAxis: { type: 'category' },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: TREND_SERIES.map((s) => ({ type: 'line' as const, name: s.name, encode: { x: 'month', y: s.key }, connectNulls: false, symbolSize: 8 })),
  };
}

export interface ChannelRow {
  channel: string;
  name: string;
  ratings: number;
  share: number | null;
  goodRate: number | null;
  badRate: number | null;
}

/** The channel mix rows, largest first, from `indicators.byChannel`. */
export function channelRows(
  byChannel: Record<string, { ratings: number; share: number | null; goodRate: number | null; badRate: number | null }>,
): ChannelRow[] {
  return Object.entries(byChannel)
    .map(([channel, f]) => ({ channel, name: channelName(channel), ratings: f.ratings, share: f.share, goodRate: f.goodRate, badRate: f.badRate }))
    .sort((a, b) => b.ratings - a.ratings || a.channel.localeCompare(b.channel));
}

export function channelDescription(rows: readonly ChannelRow[]) {
  if (!rows.length) return '评价渠道构成：本期无评价。';
  return `评价渠道构成饼图。${rows.map((r) => `${r.name}${r.ratings}条，占${pct(r.share)}，好评率${pct(r.goodRate)}`).join('；')}。`;
}

export function channelOption(rows: readonly ChannelRow[]): ECOption {
  return {
    aria: aria(channelDescription(rows)),
    tooltip: { trigger: 'item' },
    legend: { bottom: 0 },
    dataset: { source: rows.map((r) => ({ name: r.name, ratings: r.ratings })) },
    series: [{ type: 'pie', radius: ['35%', '65%'], encode: { itemName: 'name', value: 'ratings' }, label: { formatter: '{b} {d}%' } }],
  };
}

export interface RankRow {
  name: string;
  value: number | null;
}

export function rankingDescription(title: string, rows: readonly RankRow[]) {
  if (!rows.length) return `${title}：无数据。`;
  return `${title}条形图，按好评率排序。${rows.map((r, i) => `第${i + 1}名${r.name}，好评率${pct(r.value)}`).join('；')}。`;
}

/** A horizontal bar per row (first row on top), 好评率 in percent; a row without ratings is an empty bar. */
export function rankingOption(title: string, rows: readonly RankRow[]): ECOption {
  return {
    aria: aria(rankingDescription(title, rows)),
    tooltip: { trigger: 'axis', valueFormatter: (v) => (v === null || v === undefined ? '—' : `${v}%`) },
    grid: { left: 8, right: 40, top: 8, bottom: 24, containLabel: true },
    dataset: { source: [...rows].reverse().map((r) => ({ name: r.name, value: pctValue(r.value) })) },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', axisLabel: { width: 140, overflow: 'truncate' } },
    series: [{ type: 'bar', name: '好评率', encode: { x: 'value', y: 'name' }, label: { show: true, position: 'right', formatter: '{@value}%' } }],
  };
}
