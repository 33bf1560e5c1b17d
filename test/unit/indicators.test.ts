/**
 * The indicator counters (core/indicators/counters.ts) and the aggregator that keeps them
 * from the stream (usecases/indicators.ts): what each item contributes, and exact counts
 * under duplicate delivery, retried and overlapping batches, interleaved shards and voiding.
 */
import { describe, expect, it } from 'vitest';
import { regionAncestors } from '../../functions/core/access.js';
import { changeDeltas, contribution, counterId, dayPeriod, monthPeriod, regionDim, unitDim } from '../../functions/core/indicators/counters.js';
import { indicatorsOf } from '../../functions/core/indicators/formulas.js';
import { importCatalog, putCatalog } from '../../functions/usecases/catalog.js';
import { coverageOf } from '../../functions/usecases/coverage.js';
import {
  aggregate,
  commendedUnits,
  foldCounters,
  getIndicators,
  periodsBetween,
  publicDisclosure,
  type StreamChange,
} from '../../functions/usecases/indicators.js';
import { CITY, CITY_ITEM, CITY_UNIT, COUNTY, COUNTY_ITEM, COUNTY_UNIT, domainError, HALL, makeDeps, principals } from '../fakes.js';
import { FakeCounterStore } from '../fakes-counters.js';
import type { CounterStore, StreamBatch } from '../../functions/ports/counters.js';

/** A stream batch staged, then folded into the counters (as the local stack does after each batch). */
async function counted(deps: { counters: CounterStore }, batch: StreamBatch) {
  const result = await aggregate(deps, batch);
  await foldCounters(deps);
  return result;
}

const rating = (n: number, o: Record<string, unknown> = {}) => ({
  entity: 'rating',
  ratingId: `C-${n}-1`,
  caseNumber: `C-${n}`,
  assessNumber: 1,
  level: 2,
  channel: 'pad',
  anonymous: false,
  active: true,
  unitId: 'U-SCJG',
  itemCode: '4104-01-001',
  caseRegionCode: '410421',
  ratedAt: '2026-11-30T10:00:00+08:00',
  ...o,
});
const county = (period = dayPeriod('2026-11-30')) => counterId({ dim: regionDim('410421'), period });
const city = (period = monthPeriod('2026-11-30')) => counterId({ dim: regionDim('410400'), period });

/** Changes numbered 1… as one shard's stream would carry them. */
function stream(...changes: { old?: Record<string, unknown>; new?: Record<string, unknown> }[]): StreamChange[] {
  return changes.map((c, i) => ({ seq: String(1000 + i), ...c }));
}

describe('what an item contributes', () => {
  it('a region counts in every region above it, on its Shanghai day and month', () => {
    expect(regionAncestors('410421')).toEqual(['410421', '410400', '410000']);
    expect(regionAncestors('410400')).toEqual(['410400', '410000']);
    expect(regionAncestors('410421001002')).toEqual(['410421001002', '410421001', '410421', '410400', '410000']);
    // 23:30 UTC on the 30th is the 1st of December in Shanghai.
    const c = contribution(rating(1, { ratedAt: '2026-11-30T23:30:00Z' }));
    expect([...c.keys()]).toContain(counterId({ dim: regionDim('410000'), period: 'D#2026-12-01' }));
    expect([...c.keys()]).toContain(counterId({ dim: unitDim('U-SCJG'), period: 'M#2026-12' }));
    expect(c.size).toBe(5 * 2);
  });

  it('a rating counts by level, channel and name; a default rating is not active; a follow-up is only a follow-up; a voided one nothing', () => {
    expect(contribution(rating(1, { level: 5, anonymous: true })).get(county())?.values).toEqual({ ratings: 1, active: 1, level5: 1, ch_pad: 1, chb_pad: 1 });
    expect(contribution(rating(1, { level: 3, anonymous: true })).get(county())?.values).toEqual({ ratings: 1, active: 1, level3: 1, ch_pad: 1 });
    expect(contribution(rating(1, { channel: 'default', active: false, level: 2 })).get(county())?.values).toEqual({
      ratings: 1,
      defaults: 1,
      level2: 1,
      ch_default: 1,
      chg_default: 1,
    });
    expect(contribution(rating(1, { assessNumber: 2 })).get(county())?.values).toEqual({ followUps: 1 });
    expect(contribution(rating(1, { voided: true })).size).toBe(0);
  });

  it('a change adds its new contribution minus its old one: voiding takes the rating out of every counter', () => {
    const deltas = changeDeltas(rating(1, { level: 4 }), rating(1, { level: 4, voided: true }));
    expect(deltas.get(city())?.values).toEqual({ ratings: -1, active: -1, level4: -1, named: -1, ch_pad: -1, chb_pad: -1 });
    expect(changeDeltas(rating(1), { ...rating(1), text: '改了文字' }).size).toBe(0);
  });

  it('a bad review counts when created and, once closed, whether it was rectified on time and visited; a complaint when answered, on time or not', () => {
    const review = {
      entity: 'badReview',
      status: 'closed',
      anonymous: false,
      unitId: 'U-SCJG',
      itemCode: '4104-01-001',
      regionCode: '410421',
      createdAt: '2026-11-02T10:00:00+08:00',
      closedAt: '2026-11-12T10:00:00+08:00',
      deadlines: { rectify: '2026-11-09T23:59:59+08:00' },
      rectifications: [{ round: 1, at: '2026-11-06T10:00:00+08:00' }],
      visits: [{ round: 1, answer: 'satisfied' }],
      taskOrders: [{ issuedAt: '2026-11-04T10:00:00+08:00' }],
      escalations: [],
    };
    const c = contribution(review);
    expect(c.get(counterId({ dim: regionDim('410421'), period: 'M#2026-11' }))?.values).toEqual({
      badReviews: 1,
      badNamed: 1,
      badClosed: 1,
      badNamedClosed: 1,
      rectified: 1,
      rectifiedOnTime: 1,
      visited: 1,
      taskOrders: 1,
    });
    expect(contribution({ ...review, status: 'voided' }).size).toBe(0);
    const complaint = {
      entity: 'complaint',
      unitId: 'U-SCJG',
      regionCode: '410421',
      receivedAt: '2026-11-02T10:00:00+08:00',
      answeredAt: '2026-11-03T10:00:00+08:00',
      answeredOnTime: true,
      repeatOf: [],
      taskOrders: [],
      escalations: [],
    };
    expect(contribution(complaint).get(counterId({ dim: unitDim('U-SCJG'), period: 'M#2026-11' }))?.values).toEqual({
      complaints: 1,
      complaintsAnswered: 1,
      complaintsOnTime: 1,
      complaintSeconds: 86_400,
    });
  });
});

describe('the aggregator keeps counts exact', () => {
  const ratings = (n: number) => Array.from({ length: n }, (_, i) => ({ new: rating(i + 1, { level: (i % 5) + 1 }) }));

  it('counts a batch, and the same batch delivered again changes nothing', async () => {
    const counters = new FakeCounterStore();
    const batch = { shardId: 's1', records: stream(...ratings(10)) };
    expect(await counted({ counters }, batch)).toMatchObject({ applied: 10, skipped: 0 });
    const once = structuredClone([...counters.counters]);
    expect(await counted({ counters }, batch)).toMatchObject({ applied: 0, skipped: 10, counters: 0 });
    expect([...counters.counters]).toEqual(once);
    expect(counters.counters.get(county())).toMatchObject({ ratings: 10, active: 10, level1: 2, level5: 2, ch_pad: 10 });
  });

  it('a retried batch with other boundaries (overlapping the applied records) applies only what is new', async () => {
    const counters = new FakeCounterStore();
    const all = stream(...ratings(20));
    await counted({ counters }, { shardId: 's1', records: all.slice(0, 12) });
    await counted({ counters }, { shardId: 's1', records: all.slice(5, 20) });
    await counted({ counters }, { shardId: 's1', records: all.slice(15) });
    expect(counters.counters.get(city())).toMatchObject({ ratings: 20, active: 20 });
  });

  it('a transient failure applies nothing; the retry then applies the batch once', async () => {
    const counters = new FakeCounterStore();
    const batch = { shardId: 's1', records: stream(...ratings(3)) };
    counters.failStage = () => new Error('ProvisionedThroughputExceeded');
    await expect(counted({ counters }, batch)).rejects.toThrow('ProvisionedThroughputExceeded');
    expect(counters.counters.size).toBe(0);
    counters.failStage = undefined;
    await counted({ counters }, batch);
    expect(counters.counters.get(county())).toMatchObject({ ratings: 3 });
  });

  it('shards are applied each in its own order, interleaved in any way; voiding and closing land where the facts were counted', async () => {
    const counters = new FakeCounterStore();
    const a = stream({ new: rating(1, { level: 4 }) }, { old: rating(1, { level: 4 }), new: rating(1, { level: 4, voided: true }) });
    const b = stream({ new: rating(2, { level: 1, ratedAt: '2026-11-29T10:00:00+08:00' }) });
    await counted({ counters }, { shardId: 'b', records: b });
    await counted({ counters }, { shardId: 'a', records: a.slice(0, 1) });
    await counted({ counters }, { shardId: 'a', records: a });
    await counted({ counters }, { shardId: 'b', records: b });
    expect(counters.counters.get(city())).toMatchObject({ ratings: 1, level1: 1, level4: 0, active: 1 });
    expect(counters.counters.get(county())).toMatchObject({ ratings: 0, level4: 0 });
    expect(counters.counters.get(county(dayPeriod('2026-11-29')))).toMatchObject({ ratings: 1, level1: 1 });
  });

  it('stages a batch whatever the counters it touches, once, and nothing of changes that cancel out in it', async () => {
    const counters = new FakeCounterStore();
    // 60 units × 2 periods + shared regions and item; rating 0 given and voided in the same batch.
    const records = stream(...Array.from({ length: 60 }, (_, i) => ({ new: rating(i, { unitId: `U-${i}` }) })), {
      old: rating(0, { unitId: 'U-0' }),
      new: rating(0, { unitId: 'U-0', voided: true }),
    });
    expect(await aggregate({ counters }, { shardId: 's1', records })).toMatchObject({ applied: 61, counters: 59 * 2 + 8 });
    expect(counters.staged).toHaveLength(1);
    expect(counters.counters.size).toBe(0);
    expect(await foldCounters({ counters })).toEqual({ batches: 1, counters: 59 * 2 + 8 });
    expect(counters.counters.get(city())).toMatchObject({ ratings: 59 });
    expect(counters.counters.has(counterId({ dim: unitDim('U-0'), period: dayPeriod('2026-11-30') }))).toBe(false);
    expect(await counted({ counters }, { shardId: 's1', records })).toMatchObject({ applied: 0 });
    expect(counters.counters.get(city())).toMatchObject({ ratings: 59 });
  });

  it('orders sequence numbers as numbers, not as text', async () => {
    const counters = new FakeCounterStore();
    await counted({ counters }, { shardId: 's1', records: [{ seq: '900', new: rating(1) }] });
    await counted({ counters }, { shardId: 's1', records: [{ seq: '1000', new: rating(2) }] });
    expect(counters.counters.get(county())).toMatchObject({ ratings: 2 });
  });
});

describe('indicator formulas on hand-computed counts', () => {
  it('computes every rate from the counts, and null where nothing was counted below the line', () => {
    const i = indicatorsOf({
      cases: 12,
      completed: 10,
      ratings: 8,
      active: 6,
      defaults: 2,
      level1: 3,
      level2: 2,
      level3: 1,
      level4: 1,
      level5: 1,
      ch_pad: 5,
      chg_pad: 2,
      chb_pad: 2,
      ch_qr: 1,
      chg_qr: 1,
      ch_default: 2,
      chg_default: 2,
      badReviews: 2,
      badClosed: 2,
      badNamedClosed: 1,
      visited: 1,
      rectified: 2,
      rectifiedOnTime: 1,
      complaints: 4,
      complaintsAnswered: 3,
      complaintsOnTime: 2,
      complaintSeconds: 3 * 36_000,
      taskOrders: 3,
      taskOrdersOverdue: 1,
      escalations: 1,
    });
    expect(i).toMatchObject({
      activeRatingRate: 0.6, // 6 / 10
      goodRate: 0.625, // (3 + 2) / 8
      badRate: 0.25, // (1 + 1) / 8
      namedBadReviewVisitRate: 1, // 1 / 1
      rectificationRate: 1, // 2 / 2
      onTimeRectificationRate: 0.5, // 1 / 2
      complaintOnTimeRate: 0.6667, // 2 / 3
      averageHandlingHours: 10, // 108 000 s / 3 / 3 600
      channels: { pad: 5, qr: 1, default: 2 },
      byChannel: {
        // pad: 2 good and 2 bad of its 5 ratings, 5 of all 8
        pad: { ratings: 5, share: 0.625, good: 2, bad: 2, goodRate: 0.4, badRate: 0.4 },
        qr: { ratings: 1, share: 0.125, good: 1, bad: 0, goodRate: 1, badRate: 0 },
        default: { ratings: 2, share: 0.25, good: 2, bad: 0, goodRate: 1, badRate: 0 },
      },
      taskOrders: 3,
      taskOrdersOverdue: 1,
      escalations: 1,
    });
    expect(indicatorsOf({ ratings: 3, ch_pad: 3, chb_pad: 1 }).byChannel.pad).toEqual({ ratings: 3, share: 1, good: 0, bad: 1, goodRate: 0, badRate: 0.3333 });
    expect(indicatorsOf({})).toMatchObject({
      activeRatingRate: null,
      goodRate: null,
      badRate: null,
      namedBadReviewVisitRate: null,
      rectificationRate: null,
      onTimeRectificationRate: null,
      complaintOnTimeRate: null,
      averageHandlingHours: null,
      ratings: 0,
      channels: {},
      byChannel: {},
    });
  });

  it('sums a period from whole months and the days at either end', () => {
    expect(periodsBetween('2026-11-01', '2026-11-30')).toEqual(['M#2026-11']);
    expect(periodsBetween('2026-10-30', '2026-12-02')).toEqual(['D#2026-10-30', 'D#2026-10-31', 'M#2026-11', 'D#2026-12-01', 'D#2026-12-02']);
    expect(periodsBetween('2026-12-01', '2027-01-31')).toEqual(['M#2026-12', 'M#2027-01']);
  });
});

describe('the indicators of a region, a unit, an item', () => {
  async function given() {
    const deps = { ...makeDeps(), counters: new FakeCounterStore() };
    deps.clock.set('2026-11-30T02:00:00Z');
    const r = (n: number, o: Record<string, unknown>) =>
      rating(n, { unitId: CITY_UNIT.unitId, itemCode: CITY_ITEM.itemCode, caseRegionCode: CITY, ratedAt: '2026-11-10T10:00:00+08:00', ...o });
    const changes = [
      { new: r(1, { level: 1 }) },
      { new: r(2, { level: 5 }) },
      { new: r(3, { level: 2, unitId: COUNTY_UNIT.unitId, itemCode: COUNTY_ITEM.itemCode, caseRegionCode: COUNTY }) },
      { new: r(4, { level: 2, ratedAt: '2026-10-10T10:00:00+08:00' }) },
      ...[1, 2, 3].map((n) => ({
        new: {
          entity: 'case',
          status: 'completed',
          regionCode: CITY,
          unitId: CITY_UNIT.unitId,
          itemCode: CITY_ITEM.itemCode,
          acceptedAt: '2026-11-01T09:00:00+08:00',
          completedAt: `2026-11-0${n + 1}T09:00:00+08:00`,
        },
      })),
    ];
    await counted(deps, { shardId: 's', records: stream(...changes) });
    return deps;
  }

  it('a city supervisor sees the city, its counties and its units ranked, and the trend, reading a bounded number of counters', async () => {
    const deps = await given();
    const view = await getIndicators(deps, principals.supervisor, { month: '2026-11' });
    expect(view.scope).toEqual({ kind: 'region', id: CITY, name: '平顶山市' });
    expect(view.indicators).toMatchObject({ ratings: 3, completed: 3, goodRate: 0.6667, badRate: 0.3333, casesPerResident: null });
    expect(view.children).toEqual([expect.objectContaining({ regionCode: COUNTY, indicators: expect.objectContaining({ ratings: 1, goodRate: 1 }) })]);
    expect(view.units.map((u) => [u.rank, u.unitId])).toEqual([
      [1, COUNTY_UNIT.unitId],
      [2, CITY_UNIT.unitId],
    ]);
    expect(view.trend.map((t) => [t.month, t.ratings])).toEqual([
      ['2026-06', 0],
      ['2026-07', 0],
      ['2026-08', 0],
      ['2026-09', 0],
      ['2026-10', 1],
      ['2026-11', 3],
    ]);
    // The city, its county, its two units this month, and five earlier months of the trend.
    expect(view.read).toBe(1 + 1 + 2 + 5);
  });

  it('counts cases per resident where the region has a population', async () => {
    const deps = await given();
    await deps.catalog.put('regions', { code: CITY, name: '平顶山市', level: 'city', population: 2 });
    const view = await getIndicators(deps, principals.supervisor, { month: '2026-11' });
    expect(view.indicators).toMatchObject({ cases: 3, casesPerResident: 1.5 });
    expect((await getIndicators(deps, principals.staff, { month: '2026-11' })).indicators.casesPerResident).toBeNull();
  });

  it('a county supervisor reads their county only; a unit its own figures; an item of their unit; others see a 404', async () => {
    const deps = await given();
    expect((await getIndicators(deps, principals.countySupervisor, { month: '2026-11' })).indicators.ratings).toBe(1);
    expect((await domainError(() => getIndicators(deps, principals.countySupervisor, { regionCode: CITY }))).code).toBe('NOT_FOUND');
    expect((await getIndicators(deps, principals.staff, { month: '2026-11' })).scope).toMatchObject({ kind: 'unit', id: CITY_UNIT.unitId });
    expect((await getIndicators(deps, principals.staff, { itemCode: CITY_ITEM.itemCode, from: '2026-10-01', to: '2026-11-30' })).indicators.ratings).toBe(3);
    expect((await domainError(() => getIndicators(deps, principals.staff, { unitId: COUNTY_UNIT.unitId }))).code).toBe('NOT_FOUND');
    expect((await domainError(() => getIndicators(deps, principals.citizen, {}))).code).toBe('FORBIDDEN');
    expect((await domainError(() => getIndicators(deps, principals.supervisor, { from: '2025-01-01', to: '2026-11-30' }))).issues[0]).toMatchObject({
      field: 'from',
      rule: 'max_span',
    });
  });
});

describe('public disclosure and commendation', () => {
  async function given(ratings: { unitId: string; itemCode: string; region: string; level: number }[]) {
    const deps = { ...makeDeps(), counters: new FakeCounterStore() };
    deps.clock.set('2026-11-30T02:00:00Z');
    const changes = ratings.map((r, i) => ({
      new: rating(i + 1, {
        unitId: r.unitId,
        itemCode: r.itemCode,
        caseRegionCode: r.region,
        level: r.level,
        anonymous: false,
        rater: { name: '张三', phone: '13912345678' },
      }),
    }));
    await counted(deps, { shardId: 's', records: stream(...changes) });
    return deps;
  }
  const city = (level: number) => ({ unitId: CITY_UNIT.unitId, itemCode: CITY_ITEM.itemCode, region: CITY, level });
  const county = (level: number) => ({ unitId: COUNTY_UNIT.unitId, itemCode: COUNTY_ITEM.itemCode, region: COUNTY, level });

  it('shows every unit of a region, and the items of one unit, with counts and rates and no personal data', async () => {
    const deps = await given([city(1), city(4), county(2)]);
    const region = await publicDisclosure(deps, { regionCode: CITY, month: '2026-11' });
    expect(region.units).toEqual([
      expect.objectContaining({ unitId: CITY_UNIT.unitId, name: CITY_UNIT.name, ratings: 2, goodRate: 0.5, badRate: 0.5 }),
      expect.objectContaining({ unitId: COUNTY_UNIT.unitId, ratings: 1, goodRate: 1 }),
    ]);
    const unit = await publicDisclosure(deps, { unitId: CITY_UNIT.unitId, month: '2026-11' });
    expect(unit.items).toEqual([expect.objectContaining({ itemCode: CITY_ITEM.itemCode, name: CITY_ITEM.name, ratings: 2 })]);
    const text = JSON.stringify([region, unit]);
    expect(text).not.toMatch(/张三|1391234|personKey|rater|text/);
    expect((await domainError(() => publicDisclosure(deps, {}))).issues[0]).toMatchObject({ field: 'regionCode', rule: 'required' });
  });

  it('commends units with enough ratings, 95% good and nothing late; a unit with a bad month is not listed', async () => {
    const deps = await given([...Array.from({ length: 10 }, () => county(1)), ...Array.from({ length: 9 }, () => city(1)), city(5)]);
    const list = await commendedUnits(deps, principals.supervisor, { month: '2026-11' });
    expect(list.items.map((u) => u.unitId)).toEqual([COUNTY_UNIT.unitId]);
    expect((await domainError(() => commendedUnits(deps, principals.staff, {}))).code).toBe('FORBIDDEN');
  });
});

describe('per-channel quality, the 通报 list and overdue task orders', () => {
  const at = '2026-11-10T10:00:00+08:00';
  const r = (n: number, channel: string, level: number, o: Record<string, unknown> = {}) =>
    rating(n, { unitId: CITY_UNIT.unitId, itemCode: CITY_ITEM.itemCode, caseRegionCode: CITY, ratedAt: at, channel, level, ...o });
  const escalated = {
    entity: 'badReview',
    status: 'running',
    anonymous: true,
    unitId: COUNTY_UNIT.unitId,
    itemCode: COUNTY_ITEM.itemCode,
    regionCode: COUNTY,
    createdAt: '2026-11-02T10:00:00+08:00',
    taskOrders: [
      { n: 1, kind: 'auto', issuedAt: '2026-11-05T10:00:00+08:00', deadline: '2026-11-09T23:59:59+08:00', status: 'overdue' },
      { n: 2, kind: 'manual', issuedAt: '2026-11-06T10:00:00+08:00', deadline: '2026-12-02T23:59:59+08:00', status: 'issued' },
    ],
    escalations: [{ n: 1, at: '2026-11-10T09:00:00+08:00', overdueStep: 'rectify', noticePeriod: '2026-11-09', proposal: '约谈' }],
  };

  async function given() {
    const deps = { ...makeDeps(), counters: new FakeCounterStore() };
    deps.clock.set('2026-11-30T02:00:00Z');
    const records = stream(
      { new: r(1, 'pad', 1) },
      { new: r(2, 'pad', 5) },
      { new: r(3, 'qr', 2) },
      { new: r(4, 'qr', 4) },
      // Later, an upheld appeal voids the bad qr rating: it leaves the channel's counts too.
      { old: r(4, 'qr', 4), new: r(4, 'qr', 4, { voided: true }) },
      { new: escalated },
    );
    await counted(deps, { shardId: 's', records: records.slice(0, 4) });
    expect(deps.counters.counters.get(city())).toMatchObject({ ratings: 4, ch_qr: 2, chg_qr: 1, chb_qr: 1 });
    await counted(deps, { shardId: 's', records });
    return deps;
  }

  it('keeps good and bad counts per channel exact under voiding', async () => {
    const deps = await given();
    expect(deps.counters.counters.get(city())).toMatchObject({ ratings: 3, ch_pad: 2, chg_pad: 1, chb_pad: 1, ch_qr: 1, chg_qr: 1, chb_qr: 0 });
    const view = await getIndicators(deps, principals.staff, { month: '2026-11' });
    expect(view.indicators.byChannel).toEqual({
      pad: { ratings: 2, share: 0.6667, good: 1, bad: 1, goodRate: 0.5, badRate: 0.5 },
      qr: { ratings: 1, share: 0.3333, good: 1, bad: 0, goodRate: 1, badRate: 0 },
    });
  });

  it('reads one channel beside every figure set of the view, the trend included', async () => {
    const deps = await given();
    const view = await getIndicators(deps, principals.supervisor, { month: '2026-11', channel: 'qr' });
    expect(view.channel).toBe('qr');
    expect(view.indicators.channel).toEqual({ ratings: 1, share: 0.3333, good: 1, bad: 0, goodRate: 1, badRate: 0 });
    expect(view.units.find((u) => u.unitId === CITY_UNIT.unitId)?.indicators.channel).toMatchObject({ ratings: 1, goodRate: 1 });
    expect(view.units.find((u) => u.unitId === COUNTY_UNIT.unitId)?.indicators.channel).toMatchObject({ ratings: 0, goodRate: null });
    expect(view.trend.at(-1)).toMatchObject({ month: '2026-11', channel: { ratings: 1, goodRate: 1 } });
    expect((await getIndicators(deps, principals.supervisor, { month: '2026-11' })).indicators).not.toHaveProperty('channel');
  });

  it('lists the units escalated in the period as on the 通报 list, and counts task orders overdue on their deadline day', async () => {
    const deps = await given();
    const view = await getIndicators(deps, principals.supervisor, { month: '2026-11' });
    expect(view.noticeUnits).toEqual([{ unitId: COUNTY_UNIT.unitId, name: COUNTY_UNIT.name, escalations: 1 }]);
    expect(view.indicators).toMatchObject({ unitsOnNoticeList: 1, taskOrders: 2, taskOrdersOverdue: 1, escalations: 1 });
    const unit = await getIndicators(deps, principals.countyStaff, { from: '2026-11-09', to: '2026-11-09' });
    expect(unit.indicators).toMatchObject({ taskOrders: 0, taskOrdersOverdue: 1, escalations: 0, unitsOnNoticeList: 0 });
    expect((await getIndicators(deps, principals.countyStaff, { month: '2026-11' })).noticeUnits).toHaveLength(1);
    expect((await getIndicators(deps, principals.supervisor, { month: '2026-10' })).indicators.unitsOnNoticeList).toBe(0);
    expect((await getIndicators(deps, principals.supervisor, { itemCode: COUNTY_ITEM.itemCode })).indicators.unitsOnNoticeList).toBeNull();
  });
});

describe('coverage and its gaps', () => {
  const TOWNSHIP = '410421101';
  const VILLAGE = '410421101201';
  const item = (itemCode: string, unitId: string) => ({ itemCode, name: `事项${itemCode}`, unitId, type: 1 as const, promisedDays: 0, legalDays: 0 });
  const CITY_ITEM2 = item('4104-01-002', CITY_UNIT.unitId);
  const CITY_ITEM3 = item('4104-01-003', CITY_UNIT.unitId);
  const COUNTY_ITEM2 = item('410421-002', COUNTY_UNIT.unitId);
  const COUNTY_HALL = { venueId: 'V-COUNTY', name: '宝丰县政务服务中心', kind: 'hall' as const, regionCode: COUNTY };

  const kase = (itemCode: string, unitId: string, regionCode: string, completed: boolean) => ({
    entity: 'case',
    status: completed ? 'completed' : 'accepted',
    regionCode,
    unitId,
    itemCode,
    acceptedAt: '2026-11-03T09:00:00+08:00',
    ...(completed ? { completedAt: '2026-11-04T09:00:00+08:00' } : {}),
  });

  /**
   * Five items: the city's first has 2 completed cases and an active rating (covered), its
   * second one accepted case, its third nothing; the county's first a completed case and an
   * active rating (covered), its second 2 completed cases and only a default rating (a gap;
   * an active rating in October). Halls: city W01 pad, W02 nothing; county W01 pad, W02 a
   * terminal, W03 nothing and no unit. Points: a township with its QR code, a village
   * without, a village whose code was posted only in December.
   */
  async function given() {
    const deps = { ...makeDeps(), counters: new FakeCounterStore() };
    deps.clock.set('2026-11-30T02:00:00Z');
    deps.catalog
      .seed(
        'regions',
        { code: TOWNSHIP, name: '周庄镇', level: 'township', parentCode: COUNTY },
        { code: VILLAGE, name: '周庄镇第一社区', level: 'village', parentCode: TOWNSHIP },
      )
      .seed('items', CITY_ITEM2, CITY_ITEM3, COUNTY_ITEM2)
      .seed(
        'venues',
        COUNTY_HALL,
        { venueId: 'V-T', name: '周庄镇便民服务中心', kind: 'township', regionCode: TOWNSHIP, qrPostedAt: '2026-10-01' },
        { venueId: 'V-V1', name: '周庄镇第一社区便民服务站', kind: 'village', regionCode: VILLAGE },
        { venueId: 'V-V2', name: '周庄镇第二社区便民服务站', kind: 'village', regionCode: VILLAGE, qrPostedAt: '2026-12-05' },
      )
      .seed(
        'windows',
        { venueId: HALL.venueId, windowId: 'W02', name: '2号窗口', unitId: CITY_UNIT.unitId },
        { venueId: COUNTY_HALL.venueId, windowId: 'W01', name: '1号窗口', unitId: COUNTY_UNIT.unitId, device: { deviceId: 'P-1', kind: 'pad' } },
        { venueId: COUNTY_HALL.venueId, windowId: 'W02', name: '2号窗口', unitId: COUNTY_UNIT.unitId, device: { deviceId: 'T-1', kind: 'terminal' } },
        { venueId: COUNTY_HALL.venueId, windowId: 'W03', name: '3号窗口' },
      );
    const on = (code: string, unitId: string, regionCode: string) => ({
      unitId,
      itemCode: code,
      caseRegionCode: regionCode,
      ratedAt: '2026-11-05T10:00:00+08:00',
    });
    await counted(deps, {
      shardId: 's',
      records: stream(
        { new: kase(CITY_ITEM.itemCode, CITY_UNIT.unitId, CITY, true) },
        { new: kase(CITY_ITEM.itemCode, CITY_UNIT.unitId, CITY, true) },
        { new: rating(1, on(CITY_ITEM.itemCode, CITY_UNIT.unitId, CITY)) },
        { new: kase(CITY_ITEM2.itemCode, CITY_UNIT.unitId, CITY, false) },
        { new: kase(COUNTY_ITEM.itemCode, COUNTY_UNIT.unitId, COUNTY, true) },
        { new: rating(2, { ...on(COUNTY_ITEM.itemCode, COUNTY_UNIT.unitId, COUNTY), channel: 'qr' }) },
        { new: kase(COUNTY_ITEM2.itemCode, COUNTY_UNIT.unitId, COUNTY, true) },
        { new: kase(COUNTY_ITEM2.itemCode, COUNTY_UNIT.unitId, COUNTY, true) },
        { new: rating(3, { ...on(COUNTY_ITEM2.itemCode, COUNTY_UNIT.unitId, COUNTY), channel: 'default', active: false }) },
        { new: rating(4, { ...on(COUNTY_ITEM2.itemCode, COUNTY_UNIT.unitId, COUNTY), ratedAt: '2026-10-20T10:00:00+08:00' }) },
      ),
    });
    return deps;
  }

  it('a city supervisor gets the four rates on hand-counted numbers, the gaps with their region and unit, grouped', async () => {
    const deps = await given();
    const c = await coverageOf(deps, principals.supervisor, { month: '2026-11' });
    expect(c).toMatchObject({
      scope: { kind: 'region', id: CITY },
      from: '2026-11-01',
      to: '2026-11-30',
      itemCoverageRate: 0.6667, // 2 covered / 3 with completed cases
      itemIncidenceRate: 0.8, // 4 with cases / 5 items
      deviceCoverageRate: 0.4, // 2 pads / 5 hall windows
      qrCoverageRate: 0.3333, // 1 posted by 30 November / 3 points
      counts: { items: 5, itemsWithCases: 4, itemsWithCompletedCases: 3, itemsCovered: 2, hallWindows: 5, hallWindowsWithPad: 2, points: 3, pointsWithQr: 1 },
    });
    expect(c.gaps.items).toEqual([
      {
        itemCode: COUNTY_ITEM2.itemCode,
        itemName: COUNTY_ITEM2.name,
        unitId: COUNTY_UNIT.unitId,
        unitName: COUNTY_UNIT.name,
        regionCode: COUNTY,
        regionName: '宝丰县',
        completed: 2,
      },
    ]);
    expect(c.gaps.windowsWithoutPad.map((w) => [w.venueId, w.windowId, w.unitId, w.device])).toEqual([
      [HALL.venueId, 'W02', CITY_UNIT.unitId, undefined],
      [COUNTY_HALL.venueId, 'W02', COUNTY_UNIT.unitId, 'terminal'],
      [COUNTY_HALL.venueId, 'W03', undefined, undefined],
    ]);
    expect(c.gaps.windowsWithoutPad[0]).toMatchObject({ venueName: HALL.name, windowName: '2号窗口', regionName: '平顶山市', unitName: CITY_UNIT.name });
    expect(c.gaps.pointsWithoutQr).toEqual([
      { venueId: 'V-V1', venueName: '周庄镇第一社区便民服务站', kind: 'village', regionCode: VILLAGE, regionName: '周庄镇第一社区' },
      { venueId: 'V-V2', venueName: '周庄镇第二社区便民服务站', kind: 'village', regionCode: VILLAGE, regionName: '周庄镇第一社区' },
    ]);
    expect(c.byRegion).toEqual([
      { regionCode: CITY, regionName: '平顶山市', items: 0, windowsWithoutPad: 1, pointsWithoutQr: 0 },
      { regionCode: COUNTY, regionName: '宝丰县', items: 1, windowsWithoutPad: 2, pointsWithoutQr: 2 },
    ]);
    expect(c.byUnit).toEqual([
      { unitId: CITY_UNIT.unitId, unitName: CITY_UNIT.name, regionCode: CITY, items: 0, windowsWithoutPad: 1 },
      { unitId: COUNTY_UNIT.unitId, unitName: COUNTY_UNIT.name, regionCode: COUNTY, items: 1, windowsWithoutPad: 1 },
    ]);
    // One counter item per service item for a month, whatever the number of ratings.
    expect(c.read.counters).toBe(5);
  });

  it('sums a period across months: the October rating covers the county item, and each item reads one counter per month', async () => {
    const deps = await given();
    const c = await coverageOf(deps, principals.supervisor, { from: '2026-10-01', to: '2026-11-30' });
    expect(c).toMatchObject({ itemCoverageRate: 1, gaps: { items: [] }, read: { counters: 10 } });
    // After the December posting, the second village counts.
    expect((await coverageOf(deps, principals.supervisor, { from: '2026-12-01', to: '2026-12-05' })).qrCoverageRate).toBe(0.6667);
  });

  it('a county supervisor sees their county, grouped under its townships; a unit its own items and windows; others a 404', async () => {
    const deps = await given();
    const county = await coverageOf(deps, principals.countySupervisor, { month: '2026-11' });
    expect(county).toMatchObject({ itemCoverageRate: 0.5, itemIncidenceRate: 1, deviceCoverageRate: 0.3333, qrCoverageRate: 0.3333 });
    expect(county.byRegion.map((g) => [g.regionCode, g.items, g.windowsWithoutPad, g.pointsWithoutQr])).toEqual([
      [COUNTY, 1, 2, 0],
      [TOWNSHIP, 0, 0, 2],
    ]);
    expect((await domainError(() => coverageOf(deps, principals.countySupervisor, { regionCode: CITY }))).code).toBe('NOT_FOUND');
    expect((await domainError(() => coverageOf(deps, principals.countySupervisor, { unitId: CITY_UNIT.unitId }))).code).toBe('NOT_FOUND');

    const unit = await coverageOf(deps, principals.staff, { month: '2026-11' });
    expect(unit).toMatchObject({
      scope: { kind: 'unit', id: CITY_UNIT.unitId },
      itemCoverageRate: 1, // 1 / 1
      itemIncidenceRate: 0.6667, // 2 / 3
      deviceCoverageRate: 0.5, // its 2 hall windows, 1 with a pad
      qrCoverageRate: null, // points belong to regions, not units
      gaps: { items: [], pointsWithoutQr: [] },
    });
    expect(unit.gaps.windowsWithoutPad.map((w) => w.windowId)).toEqual(['W02']);
    expect((await coverageOf(deps, principals.supervisor, { unitId: COUNTY_UNIT.unitId, month: '2026-11' })).gaps.windowsWithoutPad).toHaveLength(1);
    expect((await domainError(() => coverageOf(deps, principals.staff, { unitId: COUNTY_UNIT.unitId }))).code).toBe('NOT_FOUND');
    expect((await domainError(() => coverageOf(deps, principals.citizen, {}))).code).toBe('FORBIDDEN');
    expect((await domainError(() => coverageOf(deps, principals.admin, { regionCode: CITY, unitId: CITY_UNIT.unitId }))).issues[0]).toMatchObject({
      field: 'regionCode',
      rule: 'one_scope',
    });
  });

  it('a venue carries the day its QR code was posted, by PUT and by CSV import, and a bad date is refused naming the field', async () => {
    const deps = makeDeps();
    const venue = { venueId: 'V-T9', name: '闹店镇便民服务中心', kind: 'township', regionCode: COUNTY, qrPostedAt: '2026-11-20' };
    expect(await putCatalog(deps, 'venues', 'V-T9', venue)).toMatchObject({ qrPostedAt: '2026-11-20' });
    const bad = await domainError(() => putCatalog(deps, 'venues', 'V-T9', { ...venue, qrPostedAt: '2026-02-30' }));
    expect(bad.issues[0]).toMatchObject({ field: 'qrPostedAt' });
    const csv = 'venueId,name,kind,regionCode,qrPostedAt\nV-A,甲站,village,410421,2026-11-21\nV-B,乙站,village,410421,\n';
    expect(await importCatalog(deps, 'venues', csv)).toEqual({ kind: 'venues', imported: 2 });
    expect(await deps.catalog.get('venues', 'V-A')).toMatchObject({ qrPostedAt: '2026-11-21' });
    expect(await deps.catalog.get('venues', 'V-B')).not.toHaveProperty('qrPostedAt');
    const wrong = await domainError(() => importCatalog(deps, 'venues', 'venueId,name,kind,regionCode,qrPostedAt\nV-C,丙站,village,410421,21/11/2026\n'));
    expect(wrong.issues[0]).toMatchObject({ field: 'rows[2].qrPostedAt' });
  });
});
