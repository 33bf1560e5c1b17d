import { describe, expect, it } from 'vitest';
import { HttpExchangeSink } from '../../functions/adapters/exchange/http-exchange-sink.js';
import { WorkingCalendar } from '../../functions/core/calendar.js';
import type { CaseRecord } from '../../functions/core/cases.js';
import { buildComplaint, type Complaint } from '../../functions/core/complaints/complaint.js';
import { channelCode, PROFILES, satisfaction, UnmappableError } from '../../functions/core/exchange/profiles.js';
import { parseExchangeSettings, parseReceivers, parseTokens, type Receiver } from '../../functions/core/exchange/receivers.js';
import { caseRow, complaintRow, consultationRow, gbTime, type RowContext, ratingRow } from '../../functions/core/exchange/rows.js';
import { dayWindow, parseBatchId, partialWindow } from '../../functions/core/exchange/windows.js';
import { buildDefaultRating, buildRating, CHANNELS, type Channel, type Level, type RatingRecord } from '../../functions/core/ratings.js';
import { exportDayNow, listBatches, listDeadBatches, replayBatch, runDailyExport, type ExchangeDeps } from '../../functions/usecases/exchange.js';
import { FakeExchangeSink, FakeExchangeSource, FakeExchangeStore } from '../fakes-exchange.js';
import { APPLICANT, CITY, CITY_ITEM, CITY_UNIT, domainError, FakeCalendarStore, FakeCatalogStore, FixedClock, principals } from '../fakes.js';

// ── Fixtures ────────────────────────────────────────────────────────────────

function kase(caseNumber: string, over: Partial<CaseRecord> = {}): CaseRecord {
  return {
    caseNumber,
    itemCode: CITY_ITEM.itemCode,
    itemName: CITY_ITEM.name,
    unitId: CITY_UNIT.unitId,
    applicantKind: 'person',
    applicant: { ...APPLICANT },
    acceptedAt: '2026-11-02T09:00:00+08:00',
    completedAt: '2026-11-02T10:00:00+08:00',
    status: 'completed',
    regionCode: CITY,
    personKey: 'pk',
    ratingCount: 0,
    createdAt: '2026-11-02T01:00:00.000Z',
    updatedAt: '2026-11-02T02:00:00.000Z',
    version: 1,
    ...over,
  };
}

/** A rating of `caseNumber`, given at `ratedAt` and received at `receivedAt` (default: the same). */
function rating(
  caseNumber: string,
  o: { level?: Level; channel?: Channel; ratedAt?: string; receivedAt?: string; text?: string; named?: boolean } = {},
): RatingRecord {
  const level = o.level ?? 2;
  const r = buildRating(
    {
      caseNumber,
      assessNumber: 1,
      level,
      channel: (o.channel ?? 'pad') as Exclude<Channel, 'default'>,
      tags: level >= 4 ? ['办事效率'] : [],
      anonymous: !o.named,
      ...(o.named ? { rater: { ...APPLICANT } } : {}),
      ...(o.text ? { text: o.text } : {}),
    },
    kase(caseNumber),
    { now: o.receivedAt ?? o.ratedAt ?? '2026-11-03T02:00:00.000Z', submittedBy: 'pad-hall' },
  );
  return { ...r, ratedAt: o.ratedAt ?? r.ratedAt };
}

function complaint(id: string, over: Partial<Parameters<typeof buildComplaint>[0]> = {}): Complaint {
  return buildComplaint({
    complaintId: id,
    caseNumber: id,
    kind: 'complaint',
    source: 'portal',
    title: '窗口办事排队时间过长',
    content: '在政务服务大厅办理业务时排队超过两小时，联系电话13912345678。',
    unitId: CITY_UNIT.unitId,
    regionCode: CITY,
    anonymous: false,
    contact: { name: '王小五', phone: '13900001111' },
    complainantKeys: [],
    receivedAt: '2026-11-02T10:00:00+08:00',
    receivedBy: 'operator-1',
    dueAt: '2026-11-06T23:59:59+08:00',
    intake: {},
    skipReview: false,
    ...over,
  });
}

const calendar = new WorkingCalendar();
const ctxOf = (profile: keyof typeof PROFILES, personalData: boolean, asOf = '2026-11-04T00:00:00.000Z'): RowContext => ({
  profile: PROFILES[profile],
  personalData,
  unitName: (id) => (id === CITY_UNIT.unitId ? CITY_UNIT.name : undefined),
  item: (code) => (code === CITY_ITEM.itemCode ? CITY_ITEM : undefined),
  calendar,
  asOf,
});

// ── Field formats ─────────────────────────────────────────────────────────────

describe('GB/T 39046 field formats', () => {
  it('writes times as YYYYMMDDThhmmss in Asia/Shanghai, whatever offset the instant had', () => {
    expect(gbTime('2026-11-20T09:30:05+08:00')).toBe('20261120T093005');
    expect(gbTime('2026-11-19T16:30:05.123Z')).toBe('20261120T003005');
    expect(gbTime('2026-12-31T23:59:59+08:00')).toBe('20261231T235959');
    expect(() => gbTime('not a time')).toThrow(RangeError);
  });

  it('gives a §6.6 rating row: 办件编号, channel, 评价人, time, 评价次数, 满意度 and its A.8 code, 行政区划', () => {
    const r = rating('C-1', { level: 4, channel: 'qr', ratedAt: '2026-11-03T08:15:00+08:00' });
    expect(ratingRow(r, ctxOf('national', true))).toEqual({
      办件编号: 'C-1',
      评价渠道: '二维码',
      评价人: '匿名',
      评价时间: '20261103T081500',
      评价次数: 1,
      满意度: '不满意',
      满意度代码: 4,
      行政区划: CITY,
      事项编码: CITY_ITEM.itemCode,
      承办单位代码: CITY_UNIT.unitId,
    });
  });

  it('writes a default rating (默认好评) as 系统默认评价, 满意 in the national profile', () => {
    const d = buildDefaultRating(kase('C-D'), '2026-11-03T00:00:00.000Z');
    expect(ratingRow(d, ctxOf('national', false))).toMatchObject({ 评价渠道: '系统默认评价', 满意度: '满意', 满意度代码: 2 });
  });

  it('gives a case row with 办件类型 (A.6) and 承诺时限 from the service item', () => {
    expect(caseRow(kase('C-2'), ctxOf('national', true))).toEqual({
      办件编号: 'C-2',
      事项编码: CITY_ITEM.itemCode,
      事项名称: CITY_ITEM.name,
      办件类型: 2,
      受理时间: '20261102T090000',
      办结时间: '20261102T100000',
      办件状态: '办结',
      承诺时限: 3,
      承办单位代码: CITY_UNIT.unitId,
      承办单位名称: CITY_UNIT.name,
      行政区划: CITY,
      申请人类型: 1,
      申请人名称: APPLICANT.name,
      申请人证件号码: APPLICANT.idNumber,
      联系电话: APPLICANT.phone,
    });
  });

  it('counts 超期天数 in working days from the due date in force to the answer (or to the end of the window while unanswered)', () => {
    // Due Friday 2026-11-06; answered Tuesday 11-10: Monday and Tuesday are over.
    const late = { ...complaint('ZX-1'), answeredAt: '2026-11-10T10:00:00+08:00' };
    expect(complaintRow(late, ctxOf('national', true))).toMatchObject({ 承诺时限: '20261106T235959', 反馈时间: '20261110T100000', 超期天数: 2 });
    const onTime = { ...complaint('ZX-2'), answeredAt: '2026-11-06T10:00:00+08:00' };
    expect(complaintRow(onTime, ctxOf('national', true)).超期天数).toBe(0);
    // Unanswered, exported with the day 11-10 (its last instant): 2 working days.
    expect(complaintRow(complaint('ZX-3'), ctxOf('national', true, '2026-11-10T15:59:59.999Z')).超期天数).toBe(2);
  });

  it('gives 延期时限 and 延期原因 after an approved extension, counting 超期天数 from the extended date', () => {
    const c: Complaint = {
      ...complaint('ZX-4', { kind: 'consultation', title: '社保转移需要哪些材料', content: '请问社保关系跨省转移需要准备哪些材料？' }),
      deadlines: { handle: '2026-11-10T23:59:59+08:00' },
      extensions: [
        {
          days: 2,
          reason: '需要跨部门核实',
          at: '2026-11-05T09:00:00+08:00',
          by: 'staff-1',
          decision: { approve: true, days: 2, by: 'sup', at: '2026-11-05T10:00:00+08:00' },
        },
      ],
      answeredAt: '2026-11-11T09:00:00+08:00',
    };
    expect(consultationRow(c, ctxOf('national', true))).toMatchObject({
      咨询编码: 'ZX-4',
      咨询人: '王小五',
      咨询标题: '社保转移需要哪些材料',
      咨询时间: '20261102T100000',
      承诺时限: '20261110T235959',
      延期时限: '20261110T235959',
      延期原因: '需要跨部门核实',
      超期天数: 1,
    });
  });

  it('names the 投诉来源 and the 被投诉单位 of a complaint', () => {
    const row = complaintRow(complaint('ZX-5', { source: 'hotline' }), ctxOf('national', true));
    expect(row).toMatchObject({ 投诉编码: 'ZX-5', 投诉来源: '12345热线', 被投诉单位: CITY_UNIT.name, 投诉时间: '20261102T100000', 投诉人: '王小五' });
  });
});

// ── Code tables ───────────────────────────────────────────────────────────────

describe('profile code tables', () => {
  const levels: Level[] = [1, 2, 3, 4, 5];
  it.each([
    ['national', [1, 2, 3, 4, 5]],
    ['zhejiang', [5, 4, 3, 2, 1]],
    ['vendor-b', [1, 2, 3, 4, 5]],
  ] as const)('%s: 满意度代码 of 非常满意 … 非常不满意 is %j, and back', (id, codes) => {
    const profile = PROFILES[id];
    expect(levels.map((l) => satisfaction(profile, l).满意度代码)).toEqual(codes);
    // Each code names exactly one level (the table can be read back).
    for (const l of levels) expect(levels.filter((x) => profile.satisfactionCodes[x] === profile.satisfactionCodes[l])).toEqual([l]);
    expect(levels.map((l) => satisfaction(profile, l).满意度)).toEqual(['非常满意', '满意', '基本满意', '不满意', '非常不满意']);
  });

  it.each([
    [
      'national',
      {
        pc: 'PC端',
        mobile: '移动服务端',
        qr: '二维码',
        pad: '政务大厅平板电脑',
        terminal: '政务大厅其他终端',
        phone: '电话',
        sms: '短信',
        default: '系统默认评价',
      },
    ],
    ['zhejiang', { pc: '1', mobile: '2', qr: '3', pad: '4', terminal: '5', sms: '6', default: '7' }],
    ['vendor-b', { pc: '1', mobile: '2', qr: '3', pad: '4', terminal: '5', phone: '6', sms: '7' }],
  ] as const)('%s: 评价渠道 table, and back', (id, table) => {
    const profile = PROFILES[id];
    for (const [channel, code] of Object.entries(table)) expect(channelCode(profile, channel as Channel)).toBe(code);
    const codes = Object.values(profile.channels);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it.each([
    ['zhejiang', 'phone', '电话'],
    ['vendor-b', 'default', '系统默认评价'],
  ] as const)('%s cannot express the %s channel: a clear error naming it', (id, channel, text) => {
    expect(() => channelCode(PROFILES[id], channel)).toThrow(UnmappableError);
    expect(() => channelCode(PROFILES[id], channel)).toThrow(text);
  });

  it('the national profile expresses every channel the system has', () => {
    for (const c of Object.keys(CHANNELS) as Channel[]) expect(channelCode(PROFILES.national, c)).toBe(CHANNELS[c]);
  });

  it('a zhejiang rating row inverts the code but keeps the level text', () => {
    expect(ratingRow(rating('C-Z', { level: 1, channel: 'mobile' }), ctxOf('zhejiang', false))).toMatchObject({
      评价渠道: '2',
      满意度: '非常满意',
      满意度代码: 5,
    });
  });
});

// ── Personal data per entitlement ─────────────────────────────────────────────

describe('personal data only to entitled receivers', () => {
  it('a rating: the named rater and the free text for an entitled receiver; masked name and no text otherwise', () => {
    const r = rating('C-3', { named: true, text: '工作人员耐心细致' });
    expect(ratingRow(r, ctxOf('national', true))).toMatchObject({ 评价人: APPLICANT.name, 文字评价: '工作人员耐心细致' });
    const masked = ratingRow(r, ctxOf('national', false));
    expect(masked.评价人).toBe('张**');
    expect(masked).not.toHaveProperty('文字评价');
  });

  it('a case: applicant name, ID number and phone masked for a receiver without personalData', () => {
    const row = caseRow(kase('C-4'), ctxOf('national', false));
    expect(row).toMatchObject({
      申请人名称: '张**',
      申请人证件号码: `${APPLICANT.idNumber.slice(0, 6)}********${APPLICANT.idNumber.slice(-4)}`,
      联系电话: '139****5678',
    });
    expect(JSON.stringify(row)).not.toContain(APPLICANT.idNumber);
    expect(JSON.stringify(row)).not.toContain(APPLICANT.name);
  });

  it('a complaint: no title, content, answer or respondent, masked person and phone for a receiver without personalData', () => {
    const c: Complaint = { ...complaint('ZX-6', { respondent: '3号窗口李某' }) };
    const full = complaintRow(c, ctxOf('national', true));
    expect(full).toMatchObject({ 投诉标题: c.title, 投诉内容: c.content, 被投诉人: '3号窗口李某', 联系电话: '13900001111' });
    const masked = complaintRow(c, ctxOf('national', false));
    for (const f of ['投诉标题', '投诉内容', '被投诉人', '反馈信息', '延期原因']) expect(masked).not.toHaveProperty(f);
    expect(masked).toMatchObject({ 投诉人: '王**', 联系电话: '139****1111' });
    expect(JSON.stringify(masked)).not.toMatch(/13912345678|13900001111|王小五/);
  });

  it('an anonymous complaint is 匿名 to every receiver', () => {
    const c = complaint('ZX-7', { anonymous: true, contact: undefined });
    expect(complaintRow(c, ctxOf('national', true)).投诉人).toBe('匿名');
  });
});

// ── Configuration ─────────────────────────────────────────────────────────────

describe('receivers configuration', () => {
  const good = { id: 'province', name: '省平台', url: 'https://exchange.example/batches', profile: 'zhejiang', personalData: true, kinds: ['ratings'] };

  it('parses receivers, with the default batch size', () => {
    expect(parseReceivers(JSON.stringify([good]))).toEqual([{ ...good, batchSize: 200 }]);
    expect(parseReceivers(undefined)).toEqual([]);
  });

  it.each([
    [{ ...good, profile: 'shanghai' }, '0.profile'],
    [{ ...good, url: 'http://exchange.example/batches' }, '0.url'],
    [{ ...good, kinds: [] }, '0.kinds'],
    [{ ...good, personalData: 'yes' }, '0.personalData'],
    [{ ...good, extra: 1 }, '0'],
  ])('refuses a bad receiver at start, naming the field (%#)', (r, field) => {
    expect(() => parseReceivers(JSON.stringify([r]))).toThrow(new RegExp(`^EXCHANGE_RECEIVERS is invalid: ${field.replace('.', '\\.')}`));
  });

  it('refuses two receivers with one id, and a token for a receiver that is not configured', () => {
    expect(() => parseReceivers(JSON.stringify([good, good]))).toThrow(/EXCHANGE_RECEIVERS is invalid/);
    expect(() => parseTokens(JSON.stringify({ other: 'abcdefgh123' }), parseReceivers(JSON.stringify([good])))).toThrow(/EXCHANGE_TOKENS is invalid: other/);
  });

  it('overrides look-back days per kind', () => {
    expect(parseExchangeSettings('{"lookbackDays":{"ratings":5}}').lookbackDays).toEqual({ ratings: 5, cases: 60, consultations: 60, complaints: 60 });
    expect(() => parseExchangeSettings('{"lookbackDays":{"ratings":-1}}')).toThrow(/EXCHANGE_CONFIG is invalid: lookbackDays\.ratings/);
  });

  it('makes deterministic batch ids from the window', () => {
    expect(dayWindow('2026-11-03')).toEqual({
      id: '20261103',
      day: '2026-11-03',
      from: '2026-11-02T16:00:00.000Z',
      to: '2026-11-03T16:00:00.000Z',
      whole: true,
    });
    expect(partialWindow(new Date('2026-11-04T02:30:15.900Z'))).toMatchObject({
      id: '20261104T103015',
      from: '2026-11-03T16:00:00.000Z',
      to: '2026-11-04T02:30:15.000Z',
      whole: false,
    });
    expect(parseBatchId('province:20261103:ratings:2')).toEqual({ receiverId: 'province', windowId: '20261103', kind: 'ratings', n: 2 });
    expect(parseBatchId('province:20261103:other:2')).toBeUndefined();
  });
});

// ── The export use case ───────────────────────────────────────────────────────

const PROVINCE: Receiver = {
  id: 'province',
  name: '省平台',
  url: 'https://p.example/x',
  profile: 'zhejiang',
  personalData: true,
  kinds: ['ratings', 'cases', 'consultations', 'complaints'],
  batchSize: 200,
};
const NATIONAL: Receiver = {
  id: 'national',
  name: '国家平台',
  url: 'https://n.example/x',
  profile: 'national',
  personalData: false,
  kinds: ['ratings', 'complaints'],
  batchSize: 2,
};

function setup(receivers: Receiver[] = [PROVINCE]) {
  const source = new FakeExchangeSource();
  const store = new FakeExchangeStore();
  const sink = new FakeExchangeSink();
  const clock = new FixedClock('2026-11-04T10:00:00+08:00');
  const sleeps: number[] = [];
  const deps: ExchangeDeps = {
    catalog: new FakeCatalogStore().seed('units', CITY_UNIT).seed('items', CITY_ITEM),
    ...source.getters,
    calendarStore: new FakeCalendarStore(),
    clock,
    exchange: store,
    exchangeSource: source,
    exchangeSink: sink,
    exchangeReceivers: receivers,
    exchangeSettings: parseExchangeSettings(undefined),
    sleep: async (ms) => void sleeps.push(ms),
    exchangeRetry: { attempts: 3, baseDelayMs: 100 },
  };
  const add = {
    rating: (r: RatingRecord) => source.ratings.set(r.ratingId, r),
    case: (c: CaseRecord) => source.cases.set(c.caseNumber, c),
    complaint: (c: Complaint) => source.complaints.set(c.complaintId, c),
  };
  return { deps, source, store, sink, clock, sleeps, add };
}

const rowsSent = (sink: FakeExchangeSink, kind?: string) => sink.sent.filter((s) => !kind || s.payload.kind === kind).flatMap((s) => s.payload.rows);

describe('daily incremental export', () => {
  it('exports yesterday on the first run, moves the watermark, and sends nothing again on a re-run', async () => {
    const { deps, sink, store, add } = setup();
    add.rating(rating('C-10', { ratedAt: '2026-11-03T09:00:00+08:00' }));
    add.rating(rating('C-11', { ratedAt: '2026-11-02T09:00:00+08:00' })); // the day before: not in this export
    add.case(kase('C-10', { updatedAt: '2026-11-03T09:05:00+08:00' }));

    const first = await runDailyExport(deps);
    expect(first.receivers[0]).toMatchObject({ receiverId: 'province', watermark: '2026-11-03' });
    expect(sink.sent.map((s) => s.payload.batchId)).toEqual(['province:20261103:ratings:1', 'province:20261103:cases:1']);
    expect(rowsSent(sink, 'ratings').map((r) => r.办件编号)).toEqual(['C-10']);
    expect(await store.watermark('province')).toBe('2026-11-03');

    await runDailyExport(deps);
    expect(sink.sent).toHaveLength(2);
  });

  it('catches up day by day from the watermark, and each day has its own batches', async () => {
    const { deps, sink, store, clock, add } = setup();
    await store.setWatermark('province', '2026-11-01', undefined);
    add.rating(rating('C-20', { ratedAt: '2026-11-02T09:00:00+08:00' }));
    add.rating(rating('C-21', { ratedAt: '2026-11-03T09:00:00+08:00' }));
    clock.set('2026-11-04T02:30:00+08:00');
    const out = await runDailyExport(deps);
    expect(out.receivers[0]!.days.map((d) => d.windowId)).toEqual(['20261102', '20261103']);
    expect(sink.sent.map((s) => s.payload.batchId)).toEqual(['province:20261102:ratings:1', 'province:20261103:ratings:1']);
    expect(await store.watermark('province')).toBe('2026-11-03');
  });

  it('finds a rating by when it was received (an offline pad sends it a day later), and a case updated long after acceptance', async () => {
    const { deps, sink, add } = setup();
    add.rating(rating('C-30', { ratedAt: '2026-11-02T18:00:00+08:00', receivedAt: '2026-11-03T08:00:00+08:00' }));
    // Given 5 days before it arrived: beyond the 3-day look-back of ratings — the rule's limit, not exported.
    add.rating(rating('C-31', { ratedAt: '2026-10-29T18:00:00+08:00', receivedAt: '2026-11-03T08:00:00+08:00' }));
    add.case(kase('C-32', { acceptedAt: '2026-10-20T09:00:00+08:00', updatedAt: '2026-11-03T15:00:00+08:00' }));
    add.case(kase('C-33', { acceptedAt: '2026-11-03T09:00:00+08:00', updatedAt: '2026-11-04T08:00:00+08:00' })); // changed today: tomorrow's
    await runDailyExport(deps);
    expect(rowsSent(sink, 'ratings').map((r) => r.办件编号)).toEqual(['C-30']);
    expect(rowsSent(sink, 'ratings')[0]).toMatchObject({ 评价时间: '20261102T180000' });
    expect(rowsSent(sink, 'cases').map((r) => r.办件编号)).toEqual(['C-32']);
  });

  it('sends complaints changed that day to the §6.7 table of their kind', async () => {
    const { deps, sink, add } = setup();
    const answered = complaint('ZX-40', { receivedAt: '2026-10-30T10:00:00+08:00' });
    answered.timeline.push({ at: '2026-11-03T11:00:00+08:00', actor: 'staff-1', role: 'staff', action: '答复' });
    add.complaint(answered);
    add.complaint(complaint('ZX-41', { kind: 'consultation', receivedAt: '2026-11-03T09:00:00+08:00' }));
    add.complaint(complaint('ZX-42', { receivedAt: '2026-10-30T10:00:00+08:00' })); // not changed on 11-03
    await runDailyExport(deps);
    expect(rowsSent(sink, 'complaints').map((r) => r.投诉编码)).toEqual(['ZX-40']);
    expect(rowsSent(sink, 'consultations').map((r) => r.咨询编码)).toEqual(['ZX-41']);
  });

  it("splits a kind into batches of the receiver's size and masks for a receiver without personalData", async () => {
    const { deps, sink, add } = setup([NATIONAL]);
    for (const n of [1, 2, 3]) add.rating(rating(`C-5${n}`, { named: true, text: '很满意', ratedAt: `2026-11-03T0${n}:00:00+08:00` }));
    await runDailyExport(deps);
    expect(sink.sent.map((s) => [s.payload.batchId, s.payload.count])).toEqual([
      ['national:20261103:ratings:1', 2],
      ['national:20261103:ratings:2', 1],
    ]);
    for (const row of rowsSent(sink)) {
      expect(row.评价人).toBe('张**');
      expect(row).not.toHaveProperty('文字评价');
    }
  });

  it('leaves out (and counts) a rating the profile cannot express', async () => {
    const { deps, sink, store, add } = setup();
    add.rating(rating('C-60', { channel: 'phone', ratedAt: '2026-11-03T09:00:00+08:00' }));
    add.rating(rating('C-61', { channel: 'sms', ratedAt: '2026-11-03T09:00:00+08:00' }));
    await runDailyExport(deps);
    expect(rowsSent(sink).map((r) => [r.办件编号, r.评价渠道])).toEqual([['C-61', '6']]);
    expect(await store.get('province:20261103:ratings:1')).toMatchObject({ count: 1, skipped: 1, keys: ['C-61-1'], state: 'delivered' });
  });
});

describe('retries, dead letters and replay', () => {
  it('retries 5xx and network errors with growing waits, then records the delivery with every attempt', async () => {
    const { deps, sink, store, sleeps, add } = setup();
    add.rating(rating('C-70', { ratedAt: '2026-11-03T09:00:00+08:00' }));
    sink.fail(503, new Error('network error (ECONNRESET)'));
    await runDailyExport(deps);
    const b = await store.get('province:20261103:ratings:1');
    expect(b).toMatchObject({ state: 'delivered', count: 1, from: '2026-11-02T16:00:00.000Z', to: '2026-11-03T16:00:00.000Z' });
    expect(b!.attempts.map((a) => [a.ok, a.httpStatus, a.error])).toEqual([
      [false, 503, 'HTTP 503'],
      [false, undefined, 'network error (ECONNRESET)'],
      [true, 200, undefined],
    ]);
    expect(sleeps).toHaveLength(2);
    expect(sleeps[1]!).toBeGreaterThan(sleeps[0]!);
    // The receiver saw the same batch id on every try (its idempotency key).
    expect(new Set(sink.sent.map((s) => s.payload.batchId))).toEqual(new Set(['province:20261103:ratings:1']));
    expect(await store.watermark('province')).toBe('2026-11-03');
  });

  it('dead-letters a batch after its retries (or at once on a 4xx), keeps the watermark, and a replay delivers it', async () => {
    const { deps, sink, store, clock, add } = setup();
    add.rating(rating('C-80', { ratedAt: '2026-11-03T09:00:00+08:00' }));
    add.case(kase('C-80', { updatedAt: '2026-11-03T09:00:00+08:00' }));
    sink.fail(503, 503, 503, 400);
    await runDailyExport(deps);
    const ratings = await store.get('province:20261103:ratings:1');
    const cases = await store.get('province:20261103:cases:1');
    expect([ratings!.state, ratings!.attempts.length]).toEqual(['dead', 3]);
    expect([cases!.state, cases!.attempts.length]).toEqual(['dead', 1]);
    expect(await store.watermark('province')).toBe('2026-11-02');
    expect((await listDeadBatches(deps, principals.admin)).items.map((b) => b.batchId)).toEqual(['province:20261103:cases:1', 'province:20261103:ratings:1']);

    // The next run does not send a dead batch again (that is the admin's), nor move past its day.
    clock.set('2026-11-05T02:30:00+08:00');
    const sentBefore = sink.sent.length;
    await runDailyExport(deps);
    expect(sink.sent).toHaveLength(sentBefore);
    expect(await store.watermark('province')).toBe('2026-11-02');

    for (const id of ['province:20261103:ratings:1', 'province:20261103:cases:1']) {
      const replayed = await replayBatch(deps, principals.admin, id);
      expect(replayed).toMatchObject({ state: 'delivered', replays: 1 });
    }
    expect(
      rowsSent(sink)
        .slice(-2)
        .map((r) => r.办件编号),
    ).toEqual(['C-80', 'C-80']);
    expect((await listDeadBatches(deps, principals.admin)).items).toEqual([]);

    // Now the day is delivered: the watermark moves over it (and the next day) without sending them again.
    const sent = sink.sent.length;
    await runDailyExport(deps);
    expect(sink.sent).toHaveLength(sent);
    expect(await store.watermark('province')).toBe('2026-11-04');
  });

  it('a replay of a delivered batch sends nothing; an unknown id is a 404', async () => {
    const { deps, sink, add } = setup();
    add.rating(rating('C-90', { ratedAt: '2026-11-03T09:00:00+08:00' }));
    await runDailyExport(deps);
    await replayBatch(deps, principals.admin, 'province:20261103:ratings:1');
    expect(sink.sent).toHaveLength(1);
    expect((await domainError(() => replayBatch(deps, principals.admin, 'province:20261103:ratings:9'))).code).toBe('NOT_FOUND');
    expect((await domainError(() => replayBatch(deps, principals.admin, 'nonsense'))).code).toBe('NOT_FOUND');
  });
});

describe('export on demand', () => {
  it('re-running an ended day sends nothing already delivered', async () => {
    const { deps, sink, add } = setup();
    add.rating(rating('C-100', { ratedAt: '2026-11-03T09:00:00+08:00' }));
    const first = await exportDayNow(deps, principals.admin, { day: '2026-11-03' });
    expect(first.results[0]!.batches).toEqual([{ batchId: 'province:20261103:ratings:1', state: 'delivered', count: 1, skipped: 0 }]);
    await exportDayNow(deps, principals.admin, { day: '2026-11-03' });
    await runDailyExport(deps);
    expect(sink.sent).toHaveLength(1);
  });

  it('exports today up to now as its own batches, without moving the watermark', async () => {
    const { deps, sink, store, add } = setup();
    add.rating(rating('C-110', { ratedAt: '2026-11-04T09:00:00+08:00' }));
    const out = await exportDayNow(deps, principals.admin, { day: '2026-11-04', receiverId: 'province' });
    expect(out.window).toMatchObject({ id: '20261104T100000', whole: false });
    expect(sink.sent.map((s) => s.payload.batchId)).toEqual(['province:20261104T100000:ratings:1']);
    expect(await store.watermark('province')).toBeUndefined();
  });

  it('refuses a day in the future (field and rule named), an unknown receiver, and anyone but an admin', async () => {
    const { deps } = setup();
    const e = await domainError(() => exportDayNow(deps, principals.admin, { day: '2026-11-05' }));
    expect(e.issues).toEqual([expect.objectContaining({ field: 'day', rule: 'not_in_future' })]);
    expect((await domainError(() => exportDayNow(deps, principals.admin, { day: '2026-11-03', receiverId: 'nope' }))).code).toBe('NOT_FOUND');
    for (const p of [principals.supervisor, principals.staff])
      expect((await domainError(() => exportDayNow(deps, p, { day: '2026-11-03' }))).code).toBe('FORBIDDEN');
    expect((await domainError(() => listBatches(deps, principals.supervisor, 'province'))).code).toBe('FORBIDDEN');
  });

  it("lists a receiver's batches newest window first", async () => {
    const { deps, add } = setup();
    add.rating(rating('C-120', { ratedAt: '2026-11-02T09:00:00+08:00' }));
    add.rating(rating('C-121', { ratedAt: '2026-11-03T09:00:00+08:00' }));
    await exportDayNow(deps, principals.admin, { day: '2026-11-02' });
    await exportDayNow(deps, principals.admin, { day: '2026-11-03' });
    expect((await listBatches(deps, principals.admin, 'province')).items.map((b) => b.batchId)).toEqual([
      'province:20261103:ratings:1',
      'province:20261102:ratings:1',
    ]);
  });
});

describe('HTTP sink', () => {
  const payload = {
    batchId: 'province:20261103:ratings:1',
    receiverId: 'province',
    profile: 'zhejiang',
    kind: 'ratings' as const,
    from: 'a',
    to: 'b',
    count: 0,
    rows: [],
  };
  const target = { id: 'province', url: 'https://p.example/batches' };

  it('POSTs the batch as JSON with the bearer token and the batch id as idempotency key', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const sink = new HttpExchangeSink({
      tokens: { province: 'secret-token-1' },
      fetch: async (url, init) => {
        calls.push({ url: String(url), init: init! });
        return new Response('{}', { status: 202 });
      },
    });
    expect(await sink.send(target, payload)).toEqual({ httpStatus: 202 });
    const headers = calls[0]!.init.headers as Record<string, string>;
    expect(calls[0]!.url).toBe(target.url);
    expect(headers).toMatchObject({
      authorization: 'Bearer secret-token-1',
      'idempotency-key': payload.batchId,
      'content-type': 'application/json; charset=utf-8',
    });
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual(payload);
  });

  it('throws a non-2xx with its status, a network failure by kind, never the token or URL', async () => {
    const failing = new HttpExchangeSink({ tokens: { province: 'secret-token-1' }, fetch: async () => new Response('no', { status: 503 }) });
    const e = (await failing.send(target, payload).then(
      () => new Error('sent'),
      (x: unknown) => x,
    )) as Error & { httpStatus?: number };
    expect([e.message, e.httpStatus]).toEqual(['HTTP 503', 503]);
    const down = new HttpExchangeSink({
      tokens: { province: 'secret-token-1' },
      fetch: async () => {
        throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
      },
    });
    const n = (await down.send(target, payload).then(
      () => new Error('sent'),
      (x: unknown) => x,
    )) as Error;
    expect(n.message).toBe('network error (ECONNREFUSED)');
    expect(`${e.message}${n.message}`).not.toMatch(/secret-token|p\.example/);
  });
});
