import { type WorkingCalendar, shanghaiDate } from '../calendar.js';
import type { CaseRecord } from '../cases.js';
import type { ServiceItem } from '../catalog.js';
import { type Complaint, currentAssignment, dueNow, SOURCE_NAMES } from '../complaints/complaint.js';
import { maskId, maskName, maskPhone } from '../identity.js';
import type { RatingRecord } from '../ratings.js';
import { channelCode, type ExchangeProfile, satisfaction } from './profiles.js';

/**
 * Records as GB/T 39046-2020 rows (pure). Field names are the standard's; times are
 * `YYYYMMDDThhmmss` in Asia/Shanghai. A receiver without `personalData` gets names and ID
 * numbers masked, phones masked, and no free text (文字评价, titles, contents, answers,
 * reasons): only codes, times, counts and masked parties.
 */

export type Row = Record<string, string | number>;

export interface RowContext {
  profile: ExchangeProfile;
  personalData: boolean;
  unitName: (unitId: string) => string | undefined;
  item: (itemCode: string) => ServiceItem | undefined;
  calendar: WorkingCalendar;
  /** "Now" for an unanswered complaint's 超期天数: the last instant of the exported window. */
  asOf: string;
}

const SHANGHAI_MS = 8 * 3_600_000;

/** GB/T 39046 time `YYYYMMDDThhmmss`, Asia/Shanghai (e.g. `20261120T093000`). */
export function gbTime(instant: string): string {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`Invalid instant: ${instant}`);
  const s = new Date(ms + SHANGHAI_MS).toISOString();
  return `${s.slice(0, 4)}${s.slice(5, 7)}${s.slice(8, 10)}T${s.slice(11, 13)}${s.slice(14, 16)}${s.slice(17, 19)}`;
}

/** Leaves out undefined and empty values: an absent field is absent, not `""`. */
function compact(o: Record<string, string | number | undefined>): Row {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as Row;
}

const nameFor = (name: string, full: boolean) => (full ? name : maskName(name));

/** §6.6 政务服务绩效评价. Throws UnmappableError when the profile has no code for the channel. */
export function ratingRow(r: RatingRecord, ctx: RowContext): Row {
  return compact({
    办件编号: r.caseNumber,
    评价渠道: channelCode(ctx.profile, r.channel),
    评价人: r.anonymous ? '匿名' : r.rater ? nameFor(r.rater.name, ctx.personalData) : undefined,
    评价时间: gbTime(r.ratedAt),
    评价次数: r.assessNumber,
    ...satisfaction(ctx.profile, r.level),
    文字评价: ctx.personalData ? r.text : undefined,
    行政区划: r.regionCode,
    事项编码: r.itemCode,
    承办单位代码: r.unitId,
  });
}

/** 办件 (GB/T 39046 办件 fields): 办件类型 per table A.6 from the service item, 承诺时限 in working days. */
export function caseRow(c: CaseRecord, ctx: RowContext): Row {
  const item = ctx.item(c.itemCode);
  const full = ctx.personalData;
  return compact({
    办件编号: c.caseNumber,
    事项编码: c.itemCode,
    事项名称: item?.name ?? c.itemName,
    办件类型: item?.type,
    受理时间: gbTime(c.acceptedAt),
    办结时间: c.completedAt ? gbTime(c.completedAt) : undefined,
    办件状态: { accepted: '受理', completed: '办结', cancelled: '撤销' }[c.status],
    承诺时限: item?.promisedDays,
    承办单位代码: c.unitId,
    承办单位名称: ctx.unitName(c.unitId),
    行政区划: c.regionCode,
    申请人类型: c.applicantKind === 'person' ? 1 : 2,
    申请人名称: c.applicantKind === 'entity' ? c.applicant.name : nameFor(c.applicant.name, full),
    申请人证件号码: full ? c.applicant.idNumber : maskId(c.applicant.idNumber),
    联系电话: c.applicant.phone ? (full ? c.applicant.phone : maskPhone(c.applicant.phone)) : undefined,
  });
}

/** Working days past the due date in force (extensions included) at the answer, or at `asOf` while unanswered. */
export function overdueWorkingDays(c: Complaint, calendar: WorkingCalendar, asOf: string): number {
  const due = dueNow(c);
  const end = c.answeredAt ?? asOf;
  if (!due || Date.parse(end) <= Date.parse(due)) return 0;
  return calendar.workingDaysBetween(shanghaiDate(due), shanghaiDate(end));
}

/** The last approved extension, the extended deadline and its reason. */
function extensionOf(c: Complaint) {
  const e = c.extensions.filter((x) => x.decision?.approve).at(-1);
  return e && c.deadlines.handle ? { until: c.deadlines.handle, reason: e.reason } : undefined;
}

const partyName = (c: Complaint, full: boolean) => (c.anonymous || !c.contact ? '匿名' : nameFor(c.contact.name, full));

/** §6.7 办事互动, 咨询 (and 求助). */
export function consultationRow(c: Complaint, ctx: RowContext): Row {
  const full = ctx.personalData;
  const answer = c.answers.filter((a) => a.status === 'approved').at(-1);
  const ext = extensionOf(c);
  return compact({
    咨询编码: c.complaintId,
    咨询人: partyName(c, full),
    联系电话: c.contact && !c.anonymous ? (full ? c.contact.phone : maskPhone(c.contact.phone)) : undefined,
    咨询标题: full ? c.title : undefined,
    咨询内容: full ? c.content : undefined,
    咨询时间: gbTime(c.receivedAt),
    处理时间: answer ? gbTime(answer.review?.at ?? answer.at) : undefined,
    处理人: answer?.by,
    处理意见: full ? answer?.text : undefined,
    承办单位代码: currentAssignment(c)?.unitId,
    承办单位名称: currentAssignment(c) ? ctx.unitName(currentAssignment(c)!.unitId) : undefined,
    承诺时限: dueNow(c) ? gbTime(dueNow(c)!) : undefined,
    延期时限: ext ? gbTime(ext.until) : undefined,
    延期原因: full ? ext?.reason : undefined,
    超期天数: overdueWorkingDays(c, ctx.calendar, ctx.asOf),
    行政区划: c.regionCode,
  });
}

/** §6.7 办事互动, 投诉 (and 建议). */
export function complaintRow(c: Complaint, ctx: RowContext): Row {
  const full = ctx.personalData;
  const answer = c.answers.filter((a) => a.status === 'approved').at(-1);
  const assignment = currentAssignment(c);
  const ext = extensionOf(c);
  return compact({
    投诉编码: c.complaintId,
    投诉标题: full ? c.title : undefined,
    投诉人: partyName(c, full),
    联系电话: c.contact && !c.anonymous ? (full ? c.contact.phone : maskPhone(c.contact.phone)) : undefined,
    被投诉单位: c.unitId ? (ctx.unitName(c.unitId) ?? c.unitId) : undefined,
    被投诉人: full ? c.respondent : undefined,
    投诉内容: full ? c.content : undefined,
    投诉来源: SOURCE_NAMES[c.source],
    投诉时间: gbTime(c.receivedAt),
    承办单位代码: assignment?.unitId ?? c.sourceUnitCode,
    承办单位名称: assignment ? ctx.unitName(assignment.unitId) : undefined,
    承办人: answer?.by,
    承办时间: assignment?.acceptedAt ? gbTime(assignment.acceptedAt) : undefined,
    反馈信息: full ? answer?.text : undefined,
    反馈时间: c.answeredAt ? gbTime(c.answeredAt) : undefined,
    承诺时限: dueNow(c) ? gbTime(dueNow(c)!) : undefined,
    延期时限: ext ? gbTime(ext.until) : undefined,
    延期原因: full ? ext?.reason : undefined,
    超期天数: overdueWorkingDays(c, ctx.calendar, ctx.asOf),
    行政区划: c.regionCode,
  });
}

/** Consultations (咨询, 求助) or complaints (投诉, 建议): which §6.7 table a complaint record goes to. */
export const exchangeKindOf = (c: Pick<Complaint, 'kind'>) => (c.kind === 'consultation' || c.kind === 'help' ? 'consultations' : 'complaints');

/** When a complaint last changed: its latest timeline entry (every step, answer, extension adds one). */
export const complaintChangedAt = (c: Pick<Complaint, 'timeline' | 'receivedAt'>) =>
  c.timeline.reduce((latest, e) => (Date.parse(e.at) > Date.parse(latest) ? e.at : latest), c.receivedAt);
