import { regionAncestors } from '../access.js';
import { shanghaiDate } from '../calendar.js';

/**
 * Indicator counters (指标计数), pure. Every item of the table that counts (a case, a rating,
 * a bad review, a consultation or complaint) **contributes** fixed amounts to counters keyed
 * by dimension (region and each ancestor region, unit, service item) and period (the
 * Shanghai day and month of the fact). A change of an item — any stream record — adds its
 * new contribution minus its old one, so a voided rating, a closed review or an answered
 * complaint moves exactly what changed and nothing else, in any order across items.
 * Exactly-once delivery is the aggregator's (usecases/indicators.ts).
 */

/** What a counter sums; every field is a whole number (seconds for durations). */
export const COUNTER_FIELDS = [
  // cases (办件)
  'cases', // accepted (受理)
  'completed', // completed (办结)
  // ratings (评价), first ratings only (评价次数 1); a voided one counts nowhere
  'ratings',
  'active', // 主动评价 (not the system default)
  'defaults',
  'level1',
  'level2',
  'level3',
  'level4',
  'level5',
  'named', // real-name (实名)
  'followUps', // 追评
  // bad reviews (差评整改); a voided one counts nowhere
  'badReviews',
  'badNamed',
  'badClosed',
  'badNamedClosed',
  'rectified', // 整改 recorded
  'rectifiedOnTime', // 按期整改
  'visited', // named and the rater answered the return visit (实名差评回访)
  // consultations and complaints (咨询投诉)
  'complaints',
  'complaintsAnswered',
  'complaintsOnTime', // 按期办结
  'complaintSeconds', // receipt → answer, summed (average handling time)
  'complaintsRepeat',
  // supervision (both workflows)
  'taskOrders',
  'taskOrdersOverdue', // missed (逾期), counted on the task order's deadline day
  'escalations',
] as const;
export type CounterField = (typeof COUNTER_FIELDS)[number];

/**
 * Per channel (评价渠道): `ch_{channel}` counts first ratings, `chg_{channel}` the good ones
 * (level 1–2) and `chb_{channel}` the bad ones (level 4–5), so 好评率 and 差评率 can be read
 * for a channel in any scope.
 */
export type ChannelField = `ch_${string}` | `chg_${string}` | `chb_${string}`;
export type CounterValues = Partial<Record<CounterField | ChannelField, number>>;

/** `R#410402` (region), `U#U-SCJG` (unit), `I#4104-01-001` (service item); period `D#2026-11-30` or `M#2026-11`. */
export interface CounterKey {
  dim: string;
  period: string;
}
export const counterId = (k: CounterKey) => `${k.dim}|${k.period}`;

export const regionDim = (code: string) => `R#${code}`;
export const unitDim = (unitId: string) => `U#${unitId}`;
export const itemDim = (itemCode: string) => `I#${itemCode}`;
export const dayPeriod = (date: string) => `D#${date}`;
export const monthPeriod = (date: string) => `M#${date.slice(0, 7)}`;

/** Counts by counter: counter id → its key and values (an item's contribution, a batch's deltas). */
export type Contribution = Map<string, { key: CounterKey; values: CounterValues }>;

/** Adds `values` (times `sign`) to the counter `key` in `into`. */
export function addTo(into: Contribution, key: CounterKey, values: CounterValues, sign: 1 | -1 = 1) {
  const id = counterId(key);
  const entry = into.get(id) ?? { key, values: {} };
  for (const [f, v] of Object.entries(values) as [keyof CounterValues, number][]) if (v) entry.values[f] = (entry.values[f] ?? 0) + sign * v;
  into.set(id, entry);
}

/** The counters of `sums` with some value not zero (zero values left out). */
export function nonZero(sums: Contribution) {
  const out: { key: CounterKey; values: CounterValues }[] = [];
  for (const { key, values } of sums.values()) {
    const kept = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== 0)) as CounterValues;
    if (Object.keys(kept).length) out.push({ key, values: kept });
  }
  return out;
}

function add(into: Contribution, dims: readonly string[], at: string, values: CounterValues) {
  const date = shanghaiDate(at);
  for (const dim of dims) for (const period of [dayPeriod(date), monthPeriod(date)]) addTo(into, { dim, period }, values);
}

const dimsOf = (regionCode: string | undefined, unitId: string | undefined, itemCode: string | undefined) => [
  ...(regionCode ? regionAncestors(regionCode).map(regionDim) : []),
  ...(unitId ? [unitDim(unitId)] : []),
  ...(itemCode ? [itemDim(itemCode)] : []),
];

type Image = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
const arr = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? (v as Record<string, unknown>[]) : []);

/** The counters an item of the table contributes to, by its `entity` (none for the rest). */
export function contribution(image: Image | undefined): Contribution {
  const out: Contribution = new Map();
  if (!image) return out;
  switch (image.entity) {
    case 'case':
      return caseContribution(image, out);
    case 'rating':
      return ratingContribution(image, out);
    case 'badReview':
      return badReviewContribution(image, out);
    case 'complaint':
      return complaintContribution(image, out);
    default:
      return out;
  }
}

function caseContribution(c: Image, out: Contribution) {
  if (c.status === 'cancelled') return out;
  const dims = dimsOf(str(c.regionCode), str(c.unitId), str(c.itemCode));
  const accepted = str(c.acceptedAt);
  if (accepted) add(out, dims, accepted, { cases: 1 });
  const completed = str(c.completedAt);
  if (c.status === 'completed' && completed) add(out, dims, completed, { completed: 1 });
  return out;
}

function ratingContribution(r: Image, out: Contribution) {
  if (r.voided === true) return out;
  const at = str(r.ratedAt);
  if (!at) return out;
  const dims = dimsOf(str(r.caseRegionCode), str(r.unitId), str(r.itemCode));
  if (r.assessNumber === 2) {
    add(out, dims, at, { followUps: 1 });
    return out;
  }
  const level = Number(r.level);
  const channel = str(r.channel) ?? 'unknown';
  add(out, dims, at, {
    ratings: 1,
    active: r.active === false ? 0 : 1,
    defaults: r.active === false ? 1 : 0,
    ...(level >= 1 && level <= 5 ? { [`level${level}`]: 1 } : {}),
    named: r.anonymous === true || r.active === false ? 0 : 1,
    [`ch_${channel}`]: 1,
    [`chg_${channel}`]: level === 1 || level === 2 ? 1 : 0,
    [`chb_${channel}`]: level === 4 || level === 5 ? 1 : 0,
  });
  return out;
}

/**
 * Task orders and escalations of a supervised case, counted on the day each was issued; a
 * task order that went overdue also on its deadline day. Every escalation puts the unit on
 * the bi-weekly 通报 list (supervision/engine.ts), so a unit with escalations in a period was on it.
 */
function supervision(c: Image, dims: string[], out: Contribution) {
  for (const t of arr(c.taskOrders)) {
    if (str(t.issuedAt)) add(out, dims, str(t.issuedAt)!, { taskOrders: 1 });
    const due = str(t.deadline) ?? str(t.issuedAt);
    if (t.status === 'overdue' && due) add(out, dims, due, { taskOrdersOverdue: 1 });
  }
  for (const e of arr(c.escalations)) if (str(e.at)) add(out, dims, str(e.at)!, { escalations: 1 });
}

function badReviewContribution(b: Image, out: Contribution) {
  if (b.status === 'voided') return out;
  const dims = dimsOf(str(b.regionCode), str(b.unitId), str(b.itemCode));
  const created = str(b.createdAt);
  if (!created) return out;
  const named = b.anonymous !== true;
  add(out, dims, created, { badReviews: 1, badNamed: named ? 1 : 0 });
  const closed = str(b.closedAt);
  if (b.status === 'closed' && closed) {
    const first = arr(b.rectifications).find((r) => r.round === 1);
    const deadline = str((b.deadlines as Image | undefined)?.rectify);
    const onTime = !!first && !!deadline && Date.parse(String(first.at)) <= Date.parse(deadline);
    add(out, dims, closed, {
      badClosed: 1,
      badNamedClosed: named ? 1 : 0,
      rectified: first ? 1 : 0,
      rectifiedOnTime: onTime ? 1 : 0,
      visited: named && arr(b.visits).length > 0 ? 1 : 0,
    });
  }
  supervision(b, dims, out);
  return out;
}

function complaintContribution(c: Image, out: Contribution) {
  if (c.closeReason === 'voided') return out;
  const received = str(c.receivedAt);
  if (!received) return out;
  // The intake's unit (a complaint may be re-assigned): where it belongs is the current one.
  const dims = dimsOf(str(c.regionCode), str(c.unitId), str(c.itemCode));
  add(out, dims, received, { complaints: 1, complaintsRepeat: arr(c.repeatOf).length ? 1 : 0 });
  const answered = str(c.answeredAt);
  if (answered)
    add(out, dims, answered, {
      complaintsAnswered: 1,
      complaintsOnTime: c.answeredOnTime === true ? 1 : 0,
      complaintSeconds: Math.max(0, Math.round((Date.parse(answered) - Date.parse(received)) / 1000)),
    });
  supervision(c, dims, out);
  return out;
}

/** New minus old contribution: what one change of an item adds to each counter (zeros left out). */
export function changeDeltas(oldImage: Image | undefined, newImage: Image | undefined): Contribution {
  const sums: Contribution = new Map();
  for (const { key, values } of contribution(newImage).values()) addTo(sums, key, values);
  for (const { key, values } of contribution(oldImage).values()) addTo(sums, key, values, -1);
  return new Map(nonZero(sums).map((d) => [counterId(d.key), d]));
}
