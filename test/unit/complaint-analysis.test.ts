import { describe, expect, it } from 'vitest';
import {
  type ClusterComplaint,
  clusterComplaints,
  countPeople,
  HOT_SPOT_DEFAULTS,
  textFeatures,
  weeklyTrend,
} from '../../functions/core/complaints/clusters.js';
import { complainantKeys, findRepeats, normalizePhone, type RepeatCandidate } from '../../functions/core/complaints/repeats.js';
import { hashPersonalKey } from '../../functions/core/identity.js';
import { COMPLAINT_CORPUS, type CorpusComplaint, EXPECTED_CLUSTERS, type TrueCluster } from '../fixtures/complaint-corpus.js';

const SALT = 'test-salt';
const ID = '11010519491231002X';
const PHONE = '0375-1234567';

describe('重复投诉 (repeat complaints)', () => {
  const me = complainantKeys({ idNumber: ID, phone: PHONE }, SALT);
  const base: RepeatCandidate = { id: 'NEW', receivedAt: '2026-11-20T10:00:00+08:00', complainantKeys: me, unitId: 'U-BDC', itemCode: '4104-BDC-001' };
  const earlier = (id: string, receivedAt: string, extra: Partial<RepeatCandidate> = {}): RepeatCandidate => ({
    id,
    receivedAt,
    complainantKeys: me,
    unitId: 'U-BDC',
    itemCode: '4104-BDC-001',
    ...extra,
  });

  it('links the same person about the same unit within 60 days, most recent first', () => {
    const found = findRepeats(base, [
      earlier('A', '2026-10-01T09:00:00+08:00'),
      earlier('B', '2026-11-10T09:00:00+08:00'),
      earlier('C', '2026-09-21T08:00:00+08:00'), // exactly 60 days before (Shanghai dates)
    ]);
    expect(found.map((m) => m.id)).toEqual(['B', 'A', 'C']);
    expect(found[0]).toMatchObject({ sameUnit: true, sameItem: true, daysBefore: 10 });
    expect(found[2]!.daysBefore).toBe(60);
  });

  it('ignores complaints more than 60 days before, later ones and itself; the window is configurable', () => {
    const list = [earlier('OLD', '2026-09-20T23:59:00+08:00'), earlier('LATER', '2026-11-21T09:00:00+08:00'), earlier('NEW', base.receivedAt)];
    expect(findRepeats(base, list)).toEqual([]);
    expect(findRepeats(base, list, { windowDays: 61 }).map((m) => m.id)).toEqual(['OLD']);
    expect(findRepeats(base, [earlier('A', '2026-11-01T09:00:00+08:00')], { windowDays: 7 })).toEqual([]);
  });

  it('uses Shanghai dates: 16:30Z on the 20th is already the 21st in Shanghai', () => {
    const late = { ...base, receivedAt: '2026-11-20T16:30:00Z' }; // 2026-11-21 00:30 +08:00
    expect(findRepeats(late, [earlier('A', '2026-09-22T01:00:00+08:00')]).map((m) => m.daysBefore)).toEqual([60]);
    expect(findRepeats(late, [earlier('A', '2026-09-21T23:00:00+08:00')])).toEqual([]);
  });

  it('links a complaint about another unit for the same item, and the same unit for another item', () => {
    const found = findRepeats(base, [
      earlier('OTHER-UNIT', '2026-11-01T09:00:00+08:00', { unitId: 'U-XX' }),
      earlier('OTHER-ITEM', '2026-11-02T09:00:00+08:00', { itemCode: '4104-BDC-009' }),
      earlier('NEITHER', '2026-11-03T09:00:00+08:00', { unitId: 'U-XX', itemCode: '4104-XX-001' }),
      earlier('NO-UNIT', '2026-11-04T09:00:00+08:00', { unitId: undefined, itemCode: undefined }),
    ]);
    expect(found.map((m) => [m.id, m.sameUnit, m.sameItem])).toEqual([
      ['OTHER-ITEM', true, false],
      ['OTHER-UNIT', false, true],
    ]);
  });

  it('matches by phone alone or by ID alone, whatever way the phone was written', () => {
    const byPhone = complainantKeys({ phone: '+86 375 123 4567' }, SALT);
    const byLandline = complainantKeys({ phone: '03751234567' }, SALT);
    const byId = complainantKeys({ idNumber: ` ${ID.toLowerCase()} ` }, SALT);
    expect(byPhone).toEqual(byLandline);
    expect(byId).toEqual([hashPersonalKey(ID, SALT)]); // the same value as a case's personKey
    const found = findRepeats(base, [
      earlier('PHONE', '2026-11-05T09:00:00+08:00', { complainantKeys: byPhone }),
      earlier('ID', '2026-11-06T09:00:00+08:00', { complainantKeys: byId }),
    ]);
    expect(found.map((m) => m.id)).toEqual(['ID', 'PHONE']);
    // a new complaint giving only the phone still finds the one that gave both
    expect(findRepeats({ ...base, complainantKeys: byPhone }, [earlier('BOTH', '2026-11-05T09:00:00+08:00')]).map((m) => m.id)).toEqual(['BOTH']);
  });

  it('does not link a different person, nor anything to an anonymous complaint; keys never hold the raw values', () => {
    const other = complainantKeys({ idNumber: '410402199001011234', phone: '13912345678' }, SALT);
    expect(findRepeats(base, [earlier('X', '2026-11-05T09:00:00+08:00', { complainantKeys: other })])).toEqual([]);
    expect(findRepeats({ ...base, complainantKeys: [] }, [earlier('A', '2026-11-05T09:00:00+08:00', { complainantKeys: [] })])).toEqual([]);
    expect(complainantKeys({ idNumber: ID, phone: PHONE }, 'another-salt')).not.toEqual(me);
    for (const k of me) expect(k).toMatch(/^[0-9a-f]{64}$/);
    expect(complainantKeys({}, SALT)).toEqual([]);
  });

  it('normalizes phones', () => {
    expect(normalizePhone('0375-1234567')).toBe('03751234567');
    expect(normalizePhone('(0375) 123 4567')).toBe('03751234567');
    expect(normalizePhone('+86 375 1234567')).toBe('03751234567');
    expect(normalizePhone('+86-10-12345678')).toBe('01012345678');
    expect(normalizePhone('+86 138-1234-5678')).toBe('13812345678');
    expect(normalizePhone('008613812345678')).toBe('13812345678');
    expect(normalizePhone('8613812345678')).toBe('13812345678');
    expect(normalizePhone('013812345678')).toBe('13812345678');
    expect(normalizePhone('１３８１２３４５６７８')).toBe('13812345678');
    expect(normalizePhone('12345')).toBeUndefined();
    expect(normalizePhone('not a phone')).toBeUndefined();
  });
});

/** Pairwise precision and recall of predicted hot spots against the corpus labels (noise is in no true cluster). */
function pairwise(corpus: readonly CorpusComplaint[], predicted: Map<string, string>): { precision: number; recall: number; f1: number } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < corpus.length; i++) {
    for (let j = i + 1; j < corpus.length; j++) {
      const a = corpus[i]!;
      const b = corpus[j]!;
      const same = a.truth !== null && a.truth === b.truth;
      const together = predicted.has(a.id) && predicted.get(a.id) === predicted.get(b.id);
      if (same && together) tp++;
      else if (together) fp++;
      else if (same) fn++;
    }
  }
  const precision = tp / (tp + fp);
  const recall = tp / (tp + fn);
  return { precision, recall, f1: (2 * precision * recall) / (precision + recall) };
}

describe('投诉集中 (hot spots) on the test corpus', () => {
  const hotSpots = clusterComplaints(COMPLAINT_CORPUS);
  const predicted = new Map(hotSpots.flatMap((h) => h.complaintIds.map((id) => [id, h.id] as const)));
  const byId = new Map(COMPLAINT_CORPUS.map((c) => [c.id, c]));

  it('the corpus: ≥ 300 complaints, the six stated clusters and noise', () => {
    expect(COMPLAINT_CORPUS.length).toBeGreaterThanOrEqual(300);
    expect(Object.fromEntries(Object.entries(EXPECTED_CLUSTERS).map(([k, v]) => [k, [v.unitId, v.size]]))).toEqual({
      'bdc-queue': ['U-BDC', 40], // 不动产登记大厅排队时间长
      'gjj-slow': ['U-GJJ', 34], // 公积金提取审核慢
      'sbk-materials': ['U-RSJ', 28], // 社保卡补办要求重复提交材料
      'yyzz-error': ['U-SCJG', 34], // 营业执照网上办理系统频繁报错 (weeks 5–8, rising)
      'window-attitude': ['U-GAJ', 22], // 户籍窗口工作人员态度差
      'yb-remote': ['U-YBJ', 12], // 异地就医备案被退回
    });
    const noise = COMPLAINT_CORPUS.filter((c) => c.truth === null).length;
    expect(noise).toBeGreaterThanOrEqual(120);
    expect(new Set(COMPLAINT_CORPUS.map((c) => c.text)).size).toBeGreaterThan(280); // varied wording, few exact repeats
  });

  it('finds every true cluster with pairwise precision ≥ 0.90 and recall ≥ 0.85', () => {
    const { precision, recall, f1 } = pairwise(COMPLAINT_CORPUS, predicted);
    const perCluster = (Object.keys(EXPECTED_CLUSTERS) as TrueCluster[]).map((name) => {
      const members = COMPLAINT_CORPUS.filter((c) => c.truth === name);
      // the hot spot holding most of the cluster
      const counts = new Map<string, number>();
      for (const m of members) if (predicted.has(m.id)) counts.set(predicted.get(m.id)!, (counts.get(predicted.get(m.id)!) ?? 0) + 1);
      const [best, found] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
      const spot = hotSpots.find((h) => h.id === best);
      const purity = spot ? spot.complaintIds.filter((id) => byId.get(id)!.truth === name).length / spot.size : 0;
      return { name, expected: members.length, found, recall: found / members.length, purity, unitId: spot?.unitId, topTerms: spot?.topTerms };
    });
    console.log(
      `hot spots on the test corpus (${COMPLAINT_CORPUS.length} complaints, threshold ${HOT_SPOT_DEFAULTS.threshold}): ` +
        `pairwise precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}, F1 ${f1.toFixed(3)}; ${hotSpots.length} hot spots\n` +
        perCluster.map((c) => `  ${c.name}: ${c.found}/${c.expected} found, purity ${c.purity.toFixed(2)}, terms ${c.topTerms?.join('、')}`).join('\n'),
    );
    expect(precision).toBeGreaterThanOrEqual(0.9);
    expect(recall).toBeGreaterThanOrEqual(0.85);
    for (const c of perCluster) {
      expect(c.recall, c.name).toBeGreaterThanOrEqual(0.8);
      expect(c.purity, c.name).toBeGreaterThanOrEqual(0.85);
      expect(c.unitId, c.name).toBe(EXPECTED_CLUSTERS[c.name].unitId);
    }
    // six true clusters, each in its own hot spot
    expect(new Set(perCluster.map((c) => c.topTerms?.join()))).toHaveProperty('size', 6);
  });

  it('every hot spot has ≥ 3 complaints from ≥ 2 people, examples among its members and counts that add up', () => {
    for (const h of hotSpots) {
      expect(h.size).toBeGreaterThanOrEqual(3);
      expect(h.size).toBe(h.complaintIds.length);
      expect(h.people).toBeGreaterThanOrEqual(2);
      expect(h.people).toBeLessThanOrEqual(h.size);
      expect(h.examples.length).toBe(3);
      for (const e of h.examples) expect(h.complaintIds).toContain(e);
      expect(h.trend.weeks).toHaveLength(8);
      expect(h.trend.weeks.reduce((s, w) => s + w.count, 0)).toBe(h.size);
      expect(h.id).toBe(`HS-${h.complaintIds[0]}`);
    }
    const sizes = hotSpots.map((h) => h.size);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
  });

  it('shows the 营业执照 errors rising in the last week, and names the topic in the top terms', () => {
    const yyzz = hotSpots.find((h) => h.unitId === 'U-SCJG')!;
    expect(yyzz.trend.weeks.slice(0, 4).reduce((s, w) => s + w.count, 0)).toBeLessThanOrEqual(2);
    expect(yyzz.trend.lastWeekRose).toBe(true);
    expect(yyzz.topTerms).toEqual(expect.arrayContaining(['执照', '系统']));
    expect(hotSpots.find((h) => h.unitId === 'U-GAJ')!.topTerms).toEqual(expect.arrayContaining(['态度', '窗口']));
  });

  it('is deterministic whatever the input order', () => {
    const shuffled = [...COMPLAINT_CORPUS].reverse();
    const rotated = [...COMPLAINT_CORPUS.slice(150), ...COMPLAINT_CORPUS.slice(0, 150)];
    expect(clusterComplaints(shuffled)).toEqual(hotSpots);
    expect(clusterComplaints(rotated)).toEqual(hotSpots);
  });
});

describe('投诉集中: rules on small hand-made sets', () => {
  const c = (id: string, date: string, person: string, text: string, extra: Partial<ClusterComplaint> = {}): ClusterComplaint => ({
    id,
    receivedAt: `${date}T10:00:00+08:00`,
    complainantKeys: [person],
    unitId: 'U-GJJ',
    itemCode: '4104-GJJ-001',
    text,
    ...extra,
  });
  const TEXT = '公积金提取审核太慢，等了半个月还没到账。';

  it('counts per 7-day week ending on the last day, and says whether the last week rose', () => {
    const set = [
      c('1', '2026-10-05', 'p1', TEXT),
      c('2', '2026-10-13', 'p2', '公积金提取的审核太慢了，半个月没到账。'),
      c('3', '2026-10-20', 'p3', '提取公积金审核慢，一直没到账。'),
      c('4', '2026-10-21', 'p4', '公积金提取审核很慢，还没到账。'),
      c('5', '2026-10-25', 'p1', '公积金提取审核太慢，到账遥遥无期。'),
    ];
    const [spot] = clusterComplaints(set);
    expect(spot).toMatchObject({ id: 'HS-1', size: 5, people: 4, unitId: 'U-GJJ', itemCode: '4104-GJJ-001' });
    expect(spot!.trend.weeks).toEqual([
      { from: '2026-10-05', to: '2026-10-11', count: 1 },
      { from: '2026-10-12', to: '2026-10-18', count: 1 },
      { from: '2026-10-19', to: '2026-10-25', count: 3 },
    ]);
    expect(spot!.trend.lastWeekRose).toBe(true);
    const later = clusterComplaints(set, { asOf: '2026-11-01', weeks: 3 })[0]!.trend;
    expect(later.weeks.map((w) => w.count)).toEqual([1, 3, 0]);
    expect(later.lastWeekRose).toBe(false);
    expect(weeklyTrend(['2026-10-25'], '2026-10-25', 1)).toEqual({ weeks: [{ from: '2026-10-19', to: '2026-10-25', count: 1 }], lastWeekRose: false });
  });

  it('needs ≥ 3 complaints and ≥ 2 people; one person complaining three times is a repeat, not a hot spot', () => {
    expect(clusterComplaints([c('1', '2026-10-05', 'p1', TEXT), c('2', '2026-10-06', 'p2', TEXT)])).toEqual([]);
    expect(clusterComplaints([c('1', '2026-10-05', 'p1', TEXT), c('2', '2026-10-06', 'p1', TEXT), c('3', '2026-10-07', 'p1', TEXT)])).toEqual([]);
    // the same person under ID and phone keys is still one person
    const samePerson = [
      c('1', '2026-10-05', 'id#1', TEXT, { complainantKeys: ['id#1', 'tel#1'] }),
      c('2', '2026-10-06', 'tel#1', TEXT),
      c('3', '2026-10-07', 'id#1', TEXT),
    ];
    expect(countPeople(samePerson)).toBe(1);
    expect(clusterComplaints(samePerson)).toEqual([]);
    expect(countPeople([...samePerson, c('4', '2026-10-07', 'x', TEXT, { complainantKeys: [] })])).toBe(1);
  });

  it('only groups complaints that share the item or the unit', () => {
    const other = { unitId: 'U-X', itemCode: 'X-1' };
    expect(
      clusterComplaints([
        c('1', '2026-10-05', 'p1', TEXT),
        c('2', '2026-10-06', 'p2', TEXT, other),
        c('3', '2026-10-07', 'p3', TEXT, { unitId: 'U-Y', itemCode: 'Y-1' }),
      ]),
    ).toEqual([]);
    // the same item at another unit (a county centre) still counts
    expect(
      clusterComplaints([c('1', '2026-10-05', 'p1', TEXT), c('2', '2026-10-06', 'p2', TEXT), c('3', '2026-10-07', 'p3', TEXT, { unitId: 'U-COUNTY' })]),
    ).toHaveLength(1);
  });

  it('does not group dissimilar complaints at the same unit', () => {
    const set = [
      c('1', '2026-10-05', 'p1', TEXT),
      c('2', '2026-10-06', 'p2', '公积金中心门口的停车位太少，没地方停车。'),
      c('3', '2026-10-07', 'p3', '缴存基数调整后系统没有更新。'),
    ];
    expect(clusterComplaints(set)).toEqual([]);
  });

  it('segments Chinese into words and bigrams, without stop words or digits', () => {
    const f = textFeatures('我要投诉：不动产登记大厅排队3个小时了！');
    expect(f.has('w:登记')).toBe(true);
    expect(f.has('b:动产')).toBe(true); // robust to the segmenter's 不动|产
    expect(f.has('w:投诉')).toBe(false);
    expect([...f.keys()].some((k) => /\d|的|了/.test(k))).toBe(false);
  });
});
