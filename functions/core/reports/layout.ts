import type { Indicators } from '../indicators/formulas.js';

/**
 * Reports (pure): what a report holds (ReportContent, assembled by usecases/reports.ts from
 * the indicators, the supervision lists, the hot spots and the coverage gaps) and how it is
 * laid out (ReportLayout: titled sections of columns and rows), which both renderings use —
 * the XLSX workbook (one sheet per section) and the printable HTML page. No personal data
 * reaches the content: units, items, regions, ids, counts and rates only, no free text of
 * citizens (topic words of hot spots aside), no names, ID numbers or phones.
 */

export const REPORT_KINDS = ['biweekly', 'progress', 'year'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const KIND_TITLES: Record<ReportKind, string> = { biweekly: '双周通报', progress: '工作进展报告', year: '年度报告' };

export interface OverdueRow {
  /** 差评 or 咨询 / 投诉 / 建议 / 求助. */
  type: string;
  id: string;
  caseNumber?: string;
  unitId: string;
  unitName: string;
  itemName?: string;
  step: string;
  /** The missed deadline (the step's, or the overdue step's while on the ladder), ISO. */
  deadline?: string;
  daysOverdue: number;
  taskOrders: number;
  escalations: number;
}

export interface NoticeRow {
  period: string;
  unitId: string;
  unitName: string;
  /** 差评 or 咨询投诉. */
  type: string;
  id: string;
  escalation: number;
  at: string;
  /** 约谈 / 通报 / 不予处理, or 待处理 while no outcome is recorded. */
  outcome: string;
  outcomeAt?: string;
}

export interface ReportContent {
  reportId: string;
  kind: ReportKind;
  region: { code: string; name: string };
  from: string;
  to: string;
  /** The Shanghai date the open cases were looked at. */
  asOf: string;
  headline: Indicators & { casesPerResident: number | null };
  children: { regionCode: string; name: string; indicators: Indicators }[];
  ranking: { rank: number; unitId: string; name: string; indicators: Indicators }[];
  overdue: OverdueRow[];
  /** More open cases than the report reads (it lists the first ones). */
  overdueTruncated: boolean;
  notices: NoticeRow[];
  commended: { unitId: string; name: string; indicators: Indicators }[];
  hotSpots: {
    id: string;
    unitName?: string;
    itemName?: string;
    size: number;
    people: number;
    topTerms: string[];
    firstAt: string;
    lastAt: string;
    rising: boolean;
  }[];
  complaintsAnalysed: number;
  coverage: {
    itemCoverageRate: number | null;
    itemIncidenceRate: number | null;
    deviceCoverageRate: number | null;
    qrCoverageRate: number | null;
    gaps: { type: string; name: string; unitName?: string; regionName?: string; detail: string }[];
  };
}

// ── Layout ───────────────────────────────────────────────────────────────────

/** `rate`: a share 0–1 shown as a percentage; `int`, `decimal`: numbers; `text` otherwise. */
export type CellFormat = 'text' | 'int' | 'decimal' | 'rate';
/** A value in its column's format, or with a format of its own (the headline table mixes counts and rates). */
export type Cell = string | number | null | { value: number | null; format: CellFormat };
export interface Column {
  header: string;
  /** Width in characters (a Chinese character counts two). */
  width: number;
  format?: CellFormat;
}
export interface Section {
  /** Stable key (`headline`, `ranking` …): the record's counts use it. */
  key: string;
  /** Sheet name (≤ 31 characters, none of `[]:*?/\`). */
  name: string;
  title: string;
  columns: Column[];
  rows: Cell[][];
  /** Said under the table (e.g. when a list was cut short); also said when it has no rows. */
  note?: string;
}
export interface ReportLayout {
  title: string;
  /** Region and period, under the title. */
  subtitle: string;
  sections: Section[];
}

export const reportTitle = (kind: ReportKind, regionName: string, from: string, to: string) =>
  kind === 'year' && from.endsWith('-01-01') && to === `${from.slice(0, 4)}-12-31`
    ? `${regionName}${from.slice(0, 4)}年度政务服务好差评工作报告`
    : `${regionName}政务服务好差评${KIND_TITLES[kind]}（${from}至${to}）`;

const col = (header: string, width: number, format: CellFormat = 'text'): Column => ({ header, width, format });

const HEADLINE: [string, (i: ReportContent['headline']) => number | null, CellFormat][] = [
  ['办件量', (i) => i.cases, 'int'],
  ['办结量', (i) => i.completed, 'int'],
  ['评价数', (i) => i.ratings, 'int'],
  ['主动评价数', (i) => i.activeRatings, 'int'],
  ['默认好评数', (i) => i.defaultRatings, 'int'],
  ['主动评价率', (i) => i.activeRatingRate, 'rate'],
  ['好评率', (i) => i.goodRate, 'rate'],
  ['差评率', (i) => i.badRate, 'rate'],
  ['差评数', (i) => i.badReviews, 'int'],
  ['差评已办结', (i) => i.badReviewsClosed, 'int'],
  ['整改率', (i) => i.rectificationRate, 'rate'],
  ['按期整改率', (i) => i.onTimeRectificationRate, 'rate'],
  ['实名差评回访率', (i) => i.namedBadReviewVisitRate, 'rate'],
  ['咨询投诉数', (i) => i.complaints, 'int'],
  ['咨询投诉已答复', (i) => i.complaintsAnswered, 'int'],
  ['咨询投诉按期办结率', (i) => i.complaintOnTimeRate, 'rate'],
  ['平均办理时长（小时）', (i) => i.averageHandlingHours, 'decimal'],
  ['重复投诉', (i) => i.repeatComplaints, 'int'],
  ['任务交办单', (i) => i.taskOrders, 'int'],
  ['升级督办', (i) => i.escalations, 'int'],
  ['人均办件量', (i) => i.casesPerResident, 'decimal'],
];

const UNIT_COLUMNS = [
  col('评价数', 10, 'int'),
  col('主动评价率', 12, 'rate'),
  col('好评率', 10, 'rate'),
  col('差评率', 10, 'rate'),
  col('整改率', 10, 'rate'),
  col('按期整改率', 12, 'rate'),
  col('咨询投诉按期办结率', 20, 'rate'),
  col('升级督办', 10, 'int'),
];
const unitFigures = (i: Indicators): Cell[] => [
  i.ratings,
  i.activeRatingRate,
  i.goodRate,
  i.badRate,
  i.rectificationRate,
  i.onTimeRectificationRate,
  i.complaintOnTimeRate,
  i.escalations,
];

/** A Shanghai date and time (minutes) of an ISO instant, for the tables. */
export const shanghaiMinute = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

/** The sections of a report, in order; both renderings draw exactly these. */
export function reportLayout(c: ReportContent): ReportLayout {
  const sections: Section[] = [
    {
      key: 'headline',
      name: '主要指标',
      title: '一、主要指标',
      columns: [col('指标', 24), col('数值', 14)],
      rows: [
        ...HEADLINE.map(([name, value, format]): Cell[] => [name, { value: value(c.headline), format }]),
        ['主动评价覆盖事项率', { value: c.coverage.itemCoverageRate, format: 'rate' }],
        ['办件涉及事项发生率', { value: c.coverage.itemIncidenceRate, format: 'rate' }],
        ['评价器覆盖率', { value: c.coverage.deviceCoverageRate, format: 'rate' }],
        ['评价二维码覆盖率', { value: c.coverage.qrCoverageRate, format: 'rate' }],
      ],
    },
  ];
  if (c.children.length)
    sections.push({
      key: 'children',
      name: '下级区划',
      title: '二、下级区划指标',
      columns: [col('区划代码', 12), col('区划', 18), ...UNIT_COLUMNS],
      rows: c.children.map((r) => [r.regionCode, r.name, ...unitFigures(r.indicators)]),
    });
  sections.push(
    {
      key: 'ranking',
      name: '单位排名',
      title: '单位排名（按好评率、按期整改率、咨询投诉按期办结率）',
      columns: [col('名次', 6, 'int'), col('单位', 28), ...UNIT_COLUMNS],
      rows: c.ranking.map((u) => [u.rank, u.name, ...unitFigures(u.indicators)]),
    },
    {
      key: 'overdue',
      name: '超期和升级督办',
      title: '超期未办结和升级督办的差评、咨询投诉',
      columns: [
        col('类型', 8),
        col('编号', 20),
        col('办件编号', 18),
        col('单位', 28),
        col('事项', 24),
        col('当前环节', 14),
        col('截止时间', 18),
        col('超期天数', 10, 'int'),
        col('任务交办单', 10, 'int'),
        col('升级次数', 10, 'int'),
      ],
      rows: c.overdue.map((r) => [
        r.type,
        r.id,
        r.caseNumber ?? '',
        r.unitName,
        r.itemName ?? '',
        r.step,
        r.deadline ? shanghaiMinute(r.deadline) : '',
        r.daysOverdue,
        r.taskOrders,
        r.escalations,
      ]),
      note: c.overdueTruncated ? '未办结事项较多，仅列出前面的部分，完整名单请在系统中查询。' : `截至 ${c.asOf}。`,
    },
    {
      key: 'notices',
      name: '通报名单及约谈',
      title: '列入通报名单的单位及约谈、通报处理结果',
      columns: [
        col('通报期', 12),
        col('单位', 28),
        col('类型', 10),
        col('编号', 20),
        col('升级次序', 10, 'int'),
        col('列入时间', 18),
        col('处理结果', 10),
        col('处理时间', 18),
      ],
      rows: c.notices.map((n) => [
        n.period,
        n.unitName,
        n.type,
        n.id,
        n.escalation,
        shanghaiMinute(n.at),
        n.outcome,
        n.outcomeAt ? shanghaiMinute(n.outcomeAt) : '',
      ]),
    },
    {
      key: 'commended',
      name: '通报表彰',
      title: '通报表彰单位（评价≥10条、好评率≥95%、按期整改与按期办结100%、无升级督办）',
      columns: [col('单位', 28), ...UNIT_COLUMNS],
      rows: c.commended.map((u) => [u.name, ...unitFigures(u.indicators)]),
    },
    {
      key: 'hotSpots',
      name: '投诉热点',
      title: '咨询投诉热点',
      columns: [
        col('单位', 28),
        col('事项', 24),
        col('件数', 8, 'int'),
        col('人数', 8, 'int'),
        col('主题词', 30),
        col('首次', 12),
        col('最近', 12),
        col('上周上升', 10),
      ],
      rows: c.hotSpots.map((h) => [
        h.unitName ?? '',
        h.itemName ?? '',
        h.size,
        h.people,
        h.topTerms.join('、'),
        shanghaiMinute(h.firstAt).slice(0, 10),
        shanghaiMinute(h.lastAt).slice(0, 10),
        h.rising ? '是' : '否',
      ]),
      note: `分析咨询投诉 ${c.complaintsAnalysed} 件。`,
    },
    {
      key: 'coverage',
      name: '覆盖缺口',
      title: '评价覆盖缺口（有办件无主动评价的事项、无评价器的窗口、无评价二维码的服务站点）',
      columns: [col('类型', 18), col('名称', 30), col('单位', 28), col('区划', 16), col('说明', 24)],
      rows: c.coverage.gaps.map((g) => [g.type, g.name, g.unitName ?? '', g.regionName ?? '', g.detail]),
    },
  );
  // Number the sections after the first in order (二、三、…) whatever sections are present.
  const numerals = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
  sections.forEach((s, i) => {
    s.title = `${numerals[i]}、${s.title.replace(/^[一二三四五六七八九十]、/, '')}`;
    if (s.rows.length === 0) s.note = `无。${s.note && s.key !== 'overdue' ? s.note : ''}`.trim();
  });
  return {
    title: reportTitle(c.kind, c.region.name, c.from, c.to),
    subtitle: `行政区划：${c.region.name}（${c.region.code}）　统计期间：${c.from} 至 ${c.to}`,
    sections,
  };
}

/** A cell's value and format (its own, else its column's). */
export function cellOf(cell: Cell, column: Column | undefined): { value: string | number | null; format: CellFormat } {
  if (cell !== null && typeof cell === 'object') return cell;
  return { value: cell, format: column?.format ?? 'text' };
}

/** How a cell reads in the printable page: rates as percentages with two decimals, nothing as a dash. */
export function cellText(cell: Cell, column: Column | undefined): string {
  const { value, format } = cellOf(cell, column);
  if (value === null || value === '') return value === '' ? '' : '—';
  if (typeof value === 'string') return value;
  if (format === 'rate') return `${(value * 100).toFixed(2)}%`;
  if (format === 'decimal') return String(Math.round(value * 100) / 100);
  return String(value);
}

/** Rows per section, for the record. */
export const sectionCounts = (layout: ReportLayout) => Object.fromEntries(layout.sections.map((s) => [s.key, s.rows.length]));
