import type { Region, ServiceItem, Unit, Venue, Window } from '../core/catalog.js';
import type { CaseInput } from '../core/cases.js';
import type { RatingInput } from '../core/ratings.js';
import { BASE_TAGS } from '../core/ratings.js';
import { submitCase } from '../usecases/cases.js';
import type { Deps } from '../usecases/deps.js';
import { submitRating } from '../usecases/ratings.js';
import { DEMO_CITIZEN_ID, residentId } from './demo-users.js';

/**
 * Demo data for the local stack: a 平顶山-like city (410400) with its city hall, 11
 * county halls, townships and villages with QR points, 30 units, ~200 service items,
 * a few hundred cases and their ratings. Deterministic, so every newcomer sees the same.
 */
const COUNTIES: [string, string][] = [
  ['410402', '新华区'],
  ['410403', '卫东区'],
  ['410404', '石龙区'],
  ['410411', '湛河区'],
  ['410421', '宝丰县'],
  ['410422', '叶县'],
  ['410423', '鲁山县'],
  ['410425', '郏县'],
  ['410471', '高新区'],
  ['410481', '舞钢市'],
  ['410482', '汝州市'],
];
const TOWNSHIPS: [string, string][] = [
  ['410421101', '宝丰县周庄镇'],
  ['410421102', '宝丰县闹店镇'],
  ['410422001', '叶县昆阳街道'],
  ['410422101', '叶县任店镇'],
  ['410423001', '鲁山县琴台街道'],
  ['410423102', '鲁山县赵村镇'],
];

/** City units and the service items (事项) each handles. */
const CITY_UNITS: [string, string, string[]][] = [
  ['U-SCJG', '市市场监督管理局', ['企业设立登记', '企业变更登记', '企业注销登记', '食品经营许可', '个体工商户登记', '药品零售许可', '特种设备使用登记']],
  ['U-GA', '市公安局', ['居民身份证办理', '户口迁移', '出入境证件办理', '机动车登记', '驾驶证换领', '无犯罪记录证明', '暂住登记']],
  ['U-RS', '市人力资源和社会保障局', ['社会保障卡申领', '养老保险关系转移', '失业保险金申领', '就业登记', '职业资格证书核发', '工伤认定', '退休审批']],
  ['U-YB', '市医疗保障局', ['医保参保登记', '异地就医备案', '医疗费用报销', '门诊慢特病认定', '生育保险待遇', '医保关系转移', '定点机构协议']],
  ['U-GJJ', '市住房公积金管理中心', ['公积金缴存登记', '公积金提取', '公积金贷款', '缴存基数调整', '贷款结清', '异地转移接续', '缴存证明']],
  ['U-BDC', '市不动产登记中心', ['不动产首次登记', '不动产转移登记', '抵押权登记', '不动产查封登记', '更正登记', '预告登记', '不动产权证补发']],
  ['U-SW', '市税务局', ['发票领用', '纳税申报', '税务登记', '完税证明开具', '增值税专用发票代开', '出口退税', '税收优惠备案']],
  ['U-MZ', '市民政局', ['婚姻登记', '社会团体登记', '最低生活保障', '殡葬服务', '收养登记', '残疾人两项补贴', '养老机构备案']],
  ['U-WJ', '市卫生健康委员会', ['医师执业注册', '护士执业注册', '医疗机构执业登记', '出生医学证明', '公共场所卫生许可', '放射诊疗许可', '母婴保健技术服务']],
  ['U-JT', '市交通运输局', ['道路运输经营许可', '出租汽车驾驶员证', '道路货物运输许可', '超限运输许可', '网约车许可', '公路占用许可', '驾校备案']],
  ['U-ZRZY', '市自然资源和规划局', ['建设用地规划许可', '建设工程规划许可', '乡村建设规划许可', '用地预审', '测绘资质', '采矿许可', '土地复垦方案']],
  ['U-ZJ', '市住房和城乡建设局', ['施工许可', '商品房预售许可', '建筑业企业资质', '房屋交易备案', '竣工验收备案', '物业服务备案', '燃气经营许可']],
  ['U-SHJ', '市生态环境局', ['环评审批', '排污许可', '危险废物经营许可', '辐射安全许可', '环保竣工验收', '排污登记', '环境信息公开']],
  ['U-JY', '市教育局', ['教师资格认定', '民办学校设立', '学籍转接', '学历证明', '校外培训机构审批', '义务教育入学', '教师职称评审']],
  ['U-WL', '市文化广电和旅游局', ['娱乐场所许可', '营业性演出许可', '旅行社设立', '网吧许可', '文物保护审批', '广播电视设施许可', 'A级景区评定']],
  ['U-NY', '市农业农村局', ['农药经营许可', '兽药经营许可', '种子生产经营许可', '动物防疫条件合格证', '渔业捕捞许可', '农机登记', '宅基地审批']],
  ['U-SW2', '市商务局', ['对外贸易经营者备案', '单用途预付卡备案', '成品油零售许可', '拍卖企业许可', '再生资源回收备案', '外商投资信息报告', '酒类流通备案']],
  ['U-SF', '市司法局', ['法律援助申请', '公证员执业', '律师执业许可', '基层法律服务', '司法鉴定许可', '人民调解', '法律职业资格']],
  ['U-TY', '市退役军人事务局', ['退役军人优待证', '伤残抚恤', '优抚对象认定', '退役安置', '光荣牌悬挂', '自主就业补助', '烈士褒扬']],
  ['U-CG', '市城市管理局', ['占道施工许可', '户外广告设置许可', '城市绿地占用', '建筑垃圾处置核准', '排水许可', '市政设施占用', '夜间施工许可']],
];
/** The day the demo's QR codes were posted. */
const QR_POSTED = '2025-06-01';
const COUNTY_ITEMS = ['营业执照办理', '社保卡补办', '医保报销', '户籍证明', '不动产登记', '公积金提取'];
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明', '超', '霞', '平', '刚'];

/** Small deterministic PRNG (mulberry32). */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SeedPlan {
  regions: Region[];
  units: Unit[];
  venues: Venue[];
  windows: Window[];
  items: ServiceItem[];
  cases: CaseInput[];
  ratings: RatingInput[];
}

/** Builds the demo data set relative to `now` (cases in the last ~40 days). */
export function seedPlan(now: Date, caseCount = 400): SeedPlan {
  const rand = rng(20260101);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const regions: Region[] = [
    { code: '410000', name: '河南省', level: 'province' },
    { code: '410400', name: '平顶山市', level: 'city', parentCode: '410000', population: 4_987_000 },
    ...COUNTIES.map(([code, name]): Region => ({ code, name, level: 'county', parentCode: '410400', population: 300_000 + Math.floor(rand() * 600_000) })),
    ...TOWNSHIPS.map(([code, name]): Region => ({ code, name, level: 'township', parentCode: code.slice(0, 6) })),
    ...TOWNSHIPS.flatMap(([code, name]) =>
      [1, 2].map((n): Region => ({ code: `${code}20${n}`, name: `${name}第${n === 1 ? '一' : '二'}社区`, level: 'village', parentCode: code })),
    ),
  ];
  const units: Unit[] = [
    ...CITY_UNITS.map(([unitId, name]): Unit => ({ unitId, name, regionCode: '410400' })),
    ...COUNTIES.slice(0, 10).map(([code, name]): Unit => ({ unitId: `U-${code}`, name: `${name}政务服务中心综合窗口`, regionCode: code })),
  ];
  const items: ServiceItem[] = [
    ...CITY_UNITS.flatMap(([unitId, , names], u) =>
      names.map((name, i): ServiceItem => {
        const legalDays = [0, 5, 10, 15, 20][(u + i) % 5] ?? 0;
        return {
          itemCode: `4104-${String(u + 1).padStart(2, '0')}-${String(i + 1).padStart(3, '0')}`,
          name,
          unitId,
          type: legalDays === 0 ? 1 : 2,
          legalDays,
          promisedDays: Math.floor(legalDays / 2),
        };
      }),
    ),
    ...COUNTIES.slice(0, 10).flatMap(([code], _c) =>
      COUNTY_ITEMS.map(
        (name, i): ServiceItem => ({
          itemCode: `${code}-${String(i + 1).padStart(3, '0')}`,
          name,
          unitId: `U-${code}`,
          type: i % 2 ? 2 : 1,
          legalDays: i % 2 ? 10 : 0,
          promisedDays: i % 2 ? 3 : 0,
        }),
      ),
    ),
  ];
  const venues: Venue[] = [
    { venueId: 'V-CITY', name: '平顶山市政务服务中心', kind: 'hall', regionCode: '410400', address: '平顶山市新华区' },
    ...COUNTIES.map(([code, name]): Venue => ({ venueId: `V-${code}`, name: `${name}政务服务中心`, kind: 'hall', regionCode: code })),
    // QR codes posted at four of the six township centres and at every first village station: the rest are coverage gaps.
    ...TOWNSHIPS.map(
      ([code, name], t): Venue => ({
        venueId: `V-${code}`,
        name: `${name}便民服务中心`,
        kind: 'township',
        regionCode: code,
        ...(t < 4 ? { qrPostedAt: QR_POSTED } : {}),
      }),
    ),
    ...TOWNSHIPS.flatMap(([code, name]) =>
      [1, 2].map(
        (n): Venue => ({
          venueId: `V-${code}20${n}`,
          name: `${name}第${n === 1 ? '一' : '二'}社区便民服务站`,
          kind: 'village',
          regionCode: `${code}20${n}`,
          ...(n === 1 ? { qrPostedAt: QR_POSTED } : {}),
        }),
      ),
    ),
  ];
  const windows: Window[] = [
    ...CITY_UNITS.map(
      ([unitId, name], i): Window => ({
        venueId: 'V-CITY',
        windowId: `W${String(i + 1).padStart(2, '0')}`,
        name: `${i + 1}号窗口（${name.replace(/^市/, '')}）`,
        unitId,
        ...(i < 18 ? { device: { deviceId: `PAD-CITY-${i + 1}`, kind: 'pad' as const } } : {}),
      }),
    ),
    ...COUNTIES.flatMap(([code, name], c) =>
      [1, 2, 3, 4].map(
        (n): Window => ({
          venueId: `V-${code}`,
          windowId: `W0${n}`,
          name: `${name}${n}号综合窗口`,
          ...(c < 10 ? { unitId: `U-${code}` } : {}),
          ...(n <= 3 ? { device: { deviceId: `PAD-${code}-${n}`, kind: n === 3 ? ('terminal' as const) : ('pad' as const) } } : {}),
        }),
      ),
    ),
  ];

  const cases: CaseInput[] = [];
  const ratings: RatingInput[] = [];
  const dayMs = 86_400_000;
  for (let n = 0; n < caseCount; n++) {
    const item = pick(items);
    const cityUnit = item.unitId.startsWith('U-') && !/^U-\d/.test(item.unitId);
    const venueId = cityUnit ? 'V-CITY' : `V-${item.unitId.slice(2)}`;
    const windowId = cityUnit ? windows.find((w) => w.venueId === 'V-CITY' && w.unitId === item.unitId)!.windowId : `W0${1 + Math.floor(rand() * 4)}`;
    const mine = n % 50 === 0; // a few cases belong to the demo citizen
    const birth = `19${60 + Math.floor(rand() * 40)}${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
    const idNumber = mine ? DEMO_CITIZEN_ID : residentId(`410402${birth}${String(Math.floor(rand() * 1000)).padStart(3, '0')}`);
    const acceptedAt = new Date(now.getTime() - (2 + rand() * 40) * dayMs);
    const completed = rand() < 0.85;
    const completedAt = new Date(Math.min(acceptedAt.getTime() + (item.promisedDays + rand() * 2) * dayMs, now.getTime() - 3_600_000));
    const caseNumber = `PDS${acceptedAt.toISOString().slice(0, 10).replaceAll('-', '')}${String(n).padStart(5, '0')}`;
    cases.push({
      caseNumber,
      itemCode: item.itemCode,
      unitId: item.unitId,
      venueId,
      windowId,
      applicantKind: 'person',
      applicant: {
        name: mine ? '张三' : pick(SURNAMES.split('')) + pick(GIVEN),
        idType: 'resident_id',
        idNumber,
        phone: `139${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`,
      },
      acceptedAt: acceptedAt.toISOString(),
      status: completed ? 'completed' : 'accepted',
      ...(completed ? { completedAt: completedAt.toISOString() } : {}),
    });
    if (!completed || rand() < 0.3) continue; // left for the default-rating job or still open
    const roll = rand();
    const level = roll < 0.55 ? 1 : roll < 0.82 ? 2 : roll < 0.93 ? 3 : roll < 0.97 ? 4 : 5;
    const anonymous = rand() < 0.3;
    const c = cases[cases.length - 1]!;
    ratings.push({
      caseNumber,
      assessNumber: 1,
      level,
      channel: pick(['pad', 'pad', 'qr', 'mobile', 'pc', 'terminal', 'sms', 'phone'] as const),
      tags: level >= 4 ? [pick(BASE_TAGS)] : [],
      anonymous,
      ...(anonymous ? {} : { rater: c.applicant }),
      ...(level >= 4 ? { text: pick(['排队时间太长', '材料要求反复变化，跑了三趟', '窗口人员态度冷淡', '承诺时限未兑现']) } : {}),
      ratedAt: new Date(Math.min(completedAt.getTime() + 600_000, now.getTime())).toISOString(),
    });
  }
  return { regions, units, venues, windows, items, cases, ratings };
}

/** Runs `fn` over `items`, `n` at a time. */
async function inParallel<T>(items: T[], n: number, fn: (item: T) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) await fn(items[next++] as T);
    }),
  );
}

/** The plan's catalog (regions, units, venues, windows, items), written into a catalog store. */
export async function seedCatalog(catalog: Deps['catalog'], plan: SeedPlan): Promise<void> {
  for (const [kind, records] of [
    ['regions', plan.regions],
    ['units', plan.units],
    ['venues', plan.venues],
    ['windows', plan.windows],
    ['items', plan.items],
  ] as const)
    await inParallel([...records], 8, (r) => catalog.put(kind, r as never));
}

/** Writes the plan through the same use cases the API uses (validation included). */
export async function seed(deps: Deps, plan: SeedPlan): Promise<void> {
  await seedCatalog(deps.catalog, plan);
  const system = { sub: 'seed', role: 'admin' as const };
  await inParallel(plan.cases, 8, (c) => submitCase(deps, system, c));
  // Ratings come from the hall's integration client, as a pad would send them.
  const unitOf = new Map(plan.cases.map((c) => [c.caseNumber, c.unitId]));
  await inParallel(plan.ratings, 8, (r) =>
    submitRating(deps, { sub: 'seed-pad', role: 'client', unitId: unitOf.get(r.caseNumber)! }, r, `seed-${r.caseNumber}`),
  );
}
