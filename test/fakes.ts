/**
 * In-memory fakes of the storage ports (fakes over mocks), a fixed clock, a small
 * catalog and `makeDeps()` to wire them into the `Deps` every use case takes.
 *
 * The fakes keep the ports' contracts the DynamoDB adapters keep (test/contract/ runs the
 * same cases against each fake and its adapter on DynamoDB Local):
 * - records come back as the table gives them (no `undefined` properties), lists sort
 *   keys in DynamoDB's byte order and page like its queries (`pageOf`);
 * - CaseStore.save honours `expectedVersion` (0 = must not exist) and throws a
 *   CONFLICT DomainError otherwise; a completed, unrated case is "due" for its
 *   default rating (the sparse gsi2 DEFAULT_DUE index).
 * - RatingStore.add is all-or-nothing: false (and no write) when the rating exists;
 *   otherwise it stores the rating and records the bad review; it throws (and writes
 *   nothing) when the bad review exists already. It never touches the case. Ratings are
 *   listed through their cases (a page of the unit's / person's cases, their ratings).
 * - CaseStore.leaveDefaultList takes a case off the due index and changes nothing else.
 */
import type { CalendarOverride } from '../functions/core/calendar.js';
import type { CaseInput, CaseRecord } from '../functions/core/cases.js';
import type { CatalogKind, Region, ServiceItem, Unit, Venue, Window } from '../functions/core/catalog.js';
import { DomainError } from '../functions/core/errors.js';
import { chineseIdCheckChar, hashPersonalKey } from '../functions/core/identity.js';
import type { BadReview as BadReviewRecord } from '../functions/core/bad-review.js';
import type { RatingRecord } from '../functions/core/ratings.js';
import { type Principal, regionContains } from '../functions/core/access.js';
import type { CalendarStore, CaseStore, CatalogRecords, CatalogStore, Clock, Page, RatingStore, RegionDirectory } from '../functions/ports/stores.js';
import type { Deps } from '../functions/usecases/deps.js';
import { byteOrder, clone, pageOf } from './fakes-supervision.js';

/** DynamoDB's largest page (the adapters' `queryPage`). */
const MAX_PAGE = 500;

/** The key a catalog record is read by (a window's is `{venueId}:{windowId}`) and the one it is listed by. */
function catalogKeys(kind: CatalogKind, r: any): { key: string; listKey: string } {
  switch (kind) {
    case 'regions':
      return { key: r.code, listKey: r.code };
    case 'units':
      return { key: r.unitId, listKey: `${r.regionCode}#${r.unitId}` };
    case 'venues':
      return { key: r.venueId, listKey: `${r.regionCode}#${r.venueId}` };
    case 'windows':
      return { key: `${r.venueId}:${r.windowId}`, listKey: `${r.venueId}#${r.windowId}` };
    case 'items':
      return { key: r.itemCode, listKey: `${r.unitId}#${r.itemCode}` };
  }
}

export class FakeCatalogStore implements CatalogStore {
  readonly data: { [K in CatalogKind]: Map<string, CatalogRecords[K]> } = {
    regions: new Map(),
    units: new Map(),
    venues: new Map(),
    windows: new Map(),
    items: new Map(),
  };
  /** Every write, in order: lets a test prove that nothing was written. */
  readonly writes: { kind: CatalogKind; key: string }[] = [];

  /** Synchronous fill for test setup (not counted as a write). */
  seed<K extends CatalogKind>(kind: K, ...records: CatalogRecords[K][]): this {
    for (const r of records) (this.data[kind] as Map<string, CatalogRecords[K]>).set(catalogKeys(kind, r).key, clone(r));
    return this;
  }

  async put<K extends CatalogKind>(kind: K, record: CatalogRecords[K]): Promise<void> {
    const { key } = catalogKeys(kind, record);
    (this.data[kind] as Map<string, CatalogRecords[K]>).set(key, clone(record));
    this.writes.push({ kind, key });
  }

  async get<K extends CatalogKind>(kind: K, key: string): Promise<CatalogRecords[K] | undefined> {
    const r = (this.data[kind] as Map<string, CatalogRecords[K]>).get(key);
    return r && clone(r);
  }

  async list<K extends CatalogKind>(kind: K, opts: { prefix?: string; cursor?: string; limit?: number } = {}): Promise<Page<CatalogRecords[K]>> {
    return pageOf(this.inListOrder(kind, opts.prefix), opts, `catalog#${kind}#${opts.prefix ?? ''}`);
  }

  /** A kind's records in list-key order (byte order), those whose list key starts with `prefix`. */
  private inListOrder<K extends CatalogKind>(kind: K, prefix = ''): CatalogRecords[K][] {
    return [...(this.data[kind] as Map<string, CatalogRecords[K]>).values()]
      .map((r) => ({ r, k: catalogKeys(kind, r).listKey }))
      .filter(({ k }) => k.startsWith(prefix))
      .sort((a, b) => byteOrder(a.k, b.k))
      .map(({ r }) => r);
  }

  async windows(venueId: string): Promise<Window[]> {
    return [...this.data.windows.values()]
      .filter((w) => w.venueId === venueId)
      .sort((a, b) => byteOrder(a.windowId, b.windowId))
      .map(clone);
  }

  async directory(regionCode: string): Promise<RegionDirectory | undefined> {
    const region = this.data.regions.get(regionCode);
    if (!region) return undefined;
    const below = (code: string) => regionContains(regionCode, code);
    return {
      region: clone(region),
      regions: this.inListOrder('regions')
        .filter((r) => r.code !== regionCode && below(r.code))
        .map(clone),
      units: this.inListOrder('units')
        .filter((u) => below(u.regionCode))
        .map(clone),
    };
  }
}

export class FakeCaseStore implements CaseStore {
  readonly records = new Map<string, CaseRecord>();
  /** Case numbers in the sparse "due for a default rating" index (gsi2 DEFAULT_DUE). */
  readonly due = new Set<string>();
  /** Every successful save, in order. */
  readonly saves: CaseRecord[] = [];

  async get(caseNumber: string): Promise<CaseRecord | undefined> {
    const r = this.records.get(caseNumber);
    return r && clone(r);
  }

  async save(record: CaseRecord, expectedVersion: number): Promise<void> {
    const current = this.records.get(record.caseNumber);
    const ok = expectedVersion === 0 ? !current : current?.version === expectedVersion;
    if (!ok) throw new DomainError('CONFLICT', `办件 ${record.caseNumber} 已被同时修改，请重试`);
    this.records.set(record.caseNumber, clone(record));
    this.saves.push(clone(record));
    if (record.ratingCount === 0 && record.defaultRatingDueAt) this.due.add(record.caseNumber);
    else this.due.delete(record.caseNumber);
  }

  async listByUnit(unitId: string, opts: { cursor?: string; limit?: number } = {}): Promise<Page<CaseRecord>> {
    const all = [...this.records.values()]
      .filter((c) => c.unitId === unitId)
      .sort((a, b) => byteOrder(`${b.acceptedAt}#${b.caseNumber}`, `${a.acceptedAt}#${a.caseNumber}`));
    return pageOf(all, opts, `cases#unit#${unitId}`);
  }

  async dueForDefaultRating(now: string, limit: number, after?: CaseRecord): Promise<CaseRecord[]> {
    const from = after ? `${after.defaultRatingDueAt}#${after.caseNumber}` : '';
    return [...this.due]
      .map((n) => this.records.get(n)!)
      .filter((c) => c.defaultRatingDueAt! <= now && byteOrder(`${c.defaultRatingDueAt}#${c.caseNumber}`, from) > 0)
      .sort((a, b) => byteOrder(`${a.defaultRatingDueAt}#${a.caseNumber}`, `${b.defaultRatingDueAt}#${b.caseNumber}`))
      .slice(0, Math.min(limit, MAX_PAGE))
      .map(clone);
  }

  async listDefaultRatingDueFrom(from: string, opts: { cursor?: string; limit?: number } = {}): Promise<Page<CaseRecord>> {
    const all = [...this.due]
      .map((n) => this.records.get(n)!)
      .filter((c) => c.defaultRatingDueAt! >= from)
      .sort((a, b) => byteOrder(`${a.defaultRatingDueAt}#${a.caseNumber}`, `${b.defaultRatingDueAt}#${b.caseNumber}`));
    return pageOf(all, opts, `cases#due-from#${from}`);
  }

  /** Every leaveDefaultList that took a case off the due index, in order. */
  readonly left: string[] = [];

  async leaveDefaultList(caseNumber: string): Promise<void> {
    if (this.due.delete(caseNumber)) this.left.push(caseNumber);
  }

  /** The person's cases (gsi3), newest accepted first: what DynamoRatingStore.listByPerson reads. */
  async listByPerson(personKey: string, opts: { cursor?: string; limit?: number } = {}): Promise<Page<CaseRecord>> {
    const all = [...this.records.values()]
      .filter((c) => c.personKey === personKey)
      .sort((a, b) => byteOrder(`${b.acceptedAt}#${b.caseNumber}`, `${a.acceptedAt}#${a.caseNumber}`));
    return pageOf(all, opts, `cases#person#${personKey}`);
  }
}

export class FakeRatingStore implements RatingStore {
  readonly ratings = new Map<string, RatingRecord>();
  readonly badReviews = new Map<string, BadReviewRecord>();
  /** Every call to add, with its outcome. */
  readonly adds: { ratingId: string; stored: boolean }[] = [];

  /** The case store whose indexes the lists read (as the table's gsi1 / gsi3); add never touches a case. */
  constructor(private readonly cases: FakeCaseStore = new FakeCaseStore()) {}

  async get(ratingId: string): Promise<RatingRecord | undefined> {
    const r = this.ratings.get(ratingId);
    return r && clone(r);
  }

  async add(rating: RatingRecord, badReview?: BadReviewRecord): Promise<boolean> {
    if (this.ratings.has(rating.ratingId)) {
      this.adds.push({ ratingId: rating.ratingId, stored: false });
      return false;
    }
    // The transaction's other condition: the bad review does not exist yet. Failing writes nothing.
    if (badReview && this.badReviews.has(badReview.reviewId)) throw new Error(`TransactionCanceledException: bad review ${badReview.reviewId} exists`);
    this.ratings.set(rating.ratingId, clone(rating));
    if (badReview) this.badReviews.set(badReview.reviewId, clone(badReview));
    this.adds.push({ ratingId: rating.ratingId, stored: true });
    return true;
  }

  async listByCase(caseNumber: string): Promise<RatingRecord[]> {
    return [...this.ratings.values()]
      .filter((r) => r.caseNumber === caseNumber)
      .sort((a, b) => a.assessNumber - b.assessNumber)
      .map(clone);
  }

  async listByUnit(unitId: string, opts: { cursor?: string; limit?: number } = {}): Promise<Page<RatingRecord>> {
    const page = await this.cases.listByUnit(unitId, { ...opts, limit: Math.min(opts.limit ?? 50, 50) });
    return { items: await this.ofCases(page.items.map((c) => c.caseNumber)), next: page.next };
  }

  async listByPerson(personKey: string, opts: { cursor?: string; limit?: number } = {}): Promise<Page<RatingRecord>> {
    const page = await this.cases.listByPerson(personKey, { ...opts, limit: Math.min(opts.limit ?? 50, 50) });
    return { items: (await this.ofCases(page.items.map((c) => c.caseNumber))).filter((r) => r.personKey === personKey), next: page.next };
  }

  async ofCases(caseNumbers: readonly string[]): Promise<RatingRecord[]> {
    return [...new Set(caseNumbers)].flatMap((n) => [this.ratings.get(`${n}-1`), this.ratings.get(`${n}-2`)].filter((r): r is RatingRecord => !!r).map(clone));
  }

  async getBadReview(reviewId: string): Promise<BadReviewRecord | undefined> {
    const r = this.badReviews.get(reviewId);
    return r && clone(r);
  }
}

export class FakeCalendarStore implements CalendarStore {
  readonly entries = new Map<string, CalendarOverride>();

  constructor(overrides: CalendarOverride[] = []) {
    for (const o of overrides) this.entries.set(o.date, clone(o));
  }

  async overrides(): Promise<CalendarOverride[]> {
    return [...this.entries.values()].sort((a, b) => byteOrder(a.date, b.date)).map(clone);
  }

  async putOverride(o: CalendarOverride): Promise<void> {
    this.entries.set(o.date, clone(o));
  }

  async deleteOverride(date: string): Promise<void> {
    this.entries.delete(date);
  }

  /** Every replaceYear call that wrote (a test can prove that nothing was written). */
  readonly yearLoads: { year: number; days: number }[] = [];

  async replaceYear(year: number, days: readonly CalendarOverride[]): Promise<{ removed: number }> {
    const keep = new Set(days.map((d) => d.date));
    let removed = 0;
    for (const date of [...this.entries.keys()])
      if (date.startsWith(`${year}-`) && !keep.has(date)) {
        this.entries.delete(date);
        removed++;
      }
    for (const d of days) this.entries.set(d.date, clone(d));
    this.yearLoads.push({ year, days: days.length });
    return { removed };
  }
}

/** A clock that stands still until the test moves it. */
export class FixedClock implements Clock {
  private at: Date;
  constructor(iso: string) {
    this.at = new Date(iso);
  }
  now(): Date {
    return new Date(this.at);
  }
  set(iso: string): void {
    this.at = new Date(iso);
  }
}

// ── The small catalog ─────────────────────────────────────────────────────────

export const CITY = '410400';
export const COUNTY = '410421';
export const REGIONS: Region[] = [
  { code: CITY, name: '平顶山市', level: 'city' },
  { code: COUNTY, name: '宝丰县', level: 'county', parentCode: CITY },
];
/** Two units in different regions: a city bureau and a county centre. */
export const CITY_UNIT: Unit = { unitId: 'U-CITY', name: '市市场监督管理局', regionCode: CITY };
export const COUNTY_UNIT: Unit = { unitId: 'U-COUNTY', name: '宝丰县政务服务中心', regionCode: COUNTY };
export const CITY_ITEM: ServiceItem = { itemCode: '4104-01-001', name: '企业设立登记', unitId: CITY_UNIT.unitId, type: 2, promisedDays: 3, legalDays: 5 };
export const COUNTY_ITEM: ServiceItem = { itemCode: '410421-001', name: '营业执照办理', unitId: COUNTY_UNIT.unitId, type: 1, promisedDays: 0, legalDays: 0 };
export const HALL: Venue = { venueId: 'V-HALL', name: '平顶山市政务服务中心', kind: 'hall', regionCode: CITY };
export const HALL_WINDOW: Window = {
  venueId: HALL.venueId,
  windowId: 'W01',
  name: '1号窗口',
  unitId: CITY_UNIT.unitId,
  device: { deviceId: 'PAD-1', kind: 'pad' },
};

// ── People and principals ─────────────────────────────────────────────────────

export const SALT = 'unit-test-salt';
/** A valid 18-character resident ID (GB 11643 check character) from its first 17 digits. */
export const residentId = (first17: string) => first17 + chineseIdCheckChar(first17);
export const APPLICANT_ID = residentId('41040219850612345');
export const OTHER_ID = residentId('41042119920304567');
export const APPLICANT = { name: '张三丰', idType: 'resident_id' as const, idNumber: APPLICANT_ID, phone: '13912345678' };
export const OTHER_PERSON = { name: '李四', idType: 'resident_id' as const, idNumber: OTHER_ID, phone: '13887654321' };

export const principals = {
  /** The applicant of `caseInput()` cases. */
  citizen: { sub: 'citizen-1', role: 'citizen', personKey: hashPersonalKey(APPLICANT_ID, SALT), name: '张三丰' },
  otherCitizen: { sub: 'citizen-2', role: 'citizen', personKey: hashPersonalKey(OTHER_ID, SALT) },
  staff: { sub: 'staff-1', role: 'staff', unitId: CITY_UNIT.unitId },
  countyStaff: { sub: 'staff-2', role: 'staff', unitId: COUNTY_UNIT.unitId },
  leader: { sub: 'leader-1', role: 'leader', unitId: CITY_UNIT.unitId },
  supervisor: { sub: 'sup-city', role: 'supervisor', regionCode: CITY },
  countySupervisor: { sub: 'sup-county', role: 'supervisor', regionCode: COUNTY },
  admin: { sub: 'admin-1', role: 'admin' },
  /** The city unit's business system. */
  client: { sub: 'client-city', role: 'client', unitId: CITY_UNIT.unitId },
  /** The hall's rating pads. */
  pad: { sub: 'pad-hall', role: 'client', venueId: HALL.venueId },
} as const satisfies Record<string, Principal>;

let caseSeq = 0;
/** A valid case of the city unit, handled at the hall window, accepted a week before 2026-11-02. */
export function caseInput(overrides: Partial<CaseInput> = {}): CaseInput {
  caseSeq += 1;
  return {
    caseNumber: `T-${String(caseSeq).padStart(5, '0')}`,
    itemCode: CITY_ITEM.itemCode,
    unitId: CITY_UNIT.unitId,
    venueId: HALL.venueId,
    windowId: HALL_WINDOW.windowId,
    applicantKind: 'person',
    applicant: { ...APPLICANT },
    acceptedAt: '2026-10-26T09:00:00+08:00',
    status: 'accepted',
    ...overrides,
  };
}

export interface FakeDeps extends Deps {
  catalog: FakeCatalogStore;
  cases: FakeCaseStore;
  ratings: FakeRatingStore;
  calendarStore: FakeCalendarStore;
  clock: FixedClock;
  /** Bad reviews handed to `onBadReview`, in order. */
  startedReviews: BadReviewRecord[];
}

/** Fakes wired into `Deps`, with the small catalog loaded; the clock reads 2026-11-02 10:00 Shanghai. */
export function makeDeps(overrides: Partial<FakeDeps> = {}): FakeDeps {
  const catalog = new FakeCatalogStore()
    .seed('regions', ...REGIONS)
    .seed('units', CITY_UNIT, COUNTY_UNIT)
    .seed('items', CITY_ITEM, COUNTY_ITEM)
    .seed('venues', HALL)
    .seed('windows', HALL_WINDOW);
  const cases = overrides.cases ?? new FakeCaseStore();
  const startedReviews: BadReviewRecord[] = [];
  return {
    catalog,
    cases,
    ratings: new FakeRatingStore(cases),
    calendarStore: new FakeCalendarStore(),
    clock: new FixedClock('2026-11-02T02:00:00.000Z'),
    config: { personKeySalt: SALT, publicBaseUrl: 'https://hcp.example.gov.cn' },
    startedReviews,
    onBadReview: async (review) => {
      startedReviews.push(review);
    },
    ...overrides,
  };
}

/** Runs `fn` and returns the DomainError it throws (fails the test when it does not throw one). */
export async function domainError(fn: () => Promise<unknown>): Promise<DomainError> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError, got success');
}

/** The JSON body and status of a use case's reply. */
export const body = (reply: unknown) => (isReply(reply) ? reply.body : (reply as any));
/** A use case's domain result, or (bad-review use cases, until they return domain results) an HTTP reply. */
const isReply = (r: unknown): r is { status: number; body: any } => !!r && typeof r === 'object' && 'body' in r && 'status' in r;
export const status = (reply: unknown) => (reply as { status: number }).status;
