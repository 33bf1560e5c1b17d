/**
 * Case pushes (办件) and catalog maintenance over in-memory fakes: idempotency by case
 * number, who may push what, references, the default-rating due date, CSV import.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { type CaseInput, CaseInput as CaseSchema } from '../../functions/core/cases.js';
import { csvRowToRecord, parseCsv } from '../../functions/core/catalog.js';
import { DomainError } from '../../functions/core/errors.js';
import { hashPersonalKey } from '../../functions/core/identity.js';
import { parseOrThrow } from '../../functions/core/validation.js';
import { invalidateCalendar } from '../../functions/usecases/calendar.js';
import { renderQr } from '../../functions/http/qr.js';
import { batchReply, caseReply, fileReply } from '../../functions/http/replies.js';
import { getCase, listCases, submitCase } from '../../functions/usecases/cases.js';
import { importCatalog, putCatalog, qrCode } from '../../functions/usecases/catalog.js';
import {
  APPLICANT,
  body,
  CITY,
  COUNTY,
  COUNTY_ITEM,
  COUNTY_UNIT,
  caseInput,
  domainError,
  type FakeDeps,
  HALL,
  makeDeps,
  OTHER_PERSON,
  principals,
  SALT,
  status,
} from '../fakes.js';

let deps: FakeDeps;
beforeEach(() => {
  invalidateCalendar();
  deps = makeDeps();
});

describe('submitCase', () => {
  it('creates a case, then answers the same push as unchanged and a changed push as updated', async () => {
    // Prepare
    const input = caseInput();
    // Act
    const created = caseReply(await submitCase(deps, principals.client, input));
    const repeated = caseReply(await submitCase(deps, principals.client, structuredClone(input)));
    deps.clock.set('2026-11-03T02:00:00.000Z');
    const updated = caseReply(await submitCase(deps, principals.client, { ...input, status: 'completed', completedAt: '2026-11-02T15:00:00+08:00' }));
    // Assess
    expect([status(created), body(created).outcome]).toEqual([201, 'created']);
    expect([status(repeated), body(repeated).outcome]).toEqual([200, 'unchanged']);
    expect([status(updated), body(updated).outcome]).toEqual([200, 'updated']);
    expect(deps.cases.saves).toHaveLength(2);
    const stored = (await deps.cases.get(input.caseNumber))!;
    expect(stored).toMatchObject({ version: 2, status: 'completed', createdAt: '2026-11-02T02:00:00.000Z', updatedAt: '2026-11-03T02:00:00.000Z' });
  });

  it('answers a repeated push as unchanged even when the store returns the applicant’s fields in another order', async () => {
    // Prepare: DynamoDB does not keep the key order of a map attribute
    const input = caseInput();
    await submitCase(deps, principals.client, input);
    const realGet = deps.cases.get.bind(deps.cases);
    deps.cases.get = async (n) => {
      const c = await realGet(n);
      if (!c) return c;
      const { phone, idNumber, idType, name } = c.applicant;
      return { ...c, applicant: { phone, idNumber, idType, name } };
    };
    // Act
    const repeated = await submitCase(deps, principals.client, input);
    // Assess
    expect(body(repeated).outcome).toBe('unchanged');
    expect(deps.cases.saves).toHaveLength(1);
  });

  it('derives region, item name and the applicant’s person key', async () => {
    // Prepare
    const input = caseInput();
    // Act
    await submitCase(deps, principals.admin, input);
    // Assess
    expect(await deps.cases.get(input.caseNumber)).toMatchObject({
      regionCode: '410400',
      itemName: '企业设立登记',
      personKey: hashPersonalKey(APPLICANT.idNumber, SALT),
      ratingCount: 0,
      version: 1,
    });
  });

  it('refuses a unit client pushing another unit’s case, and a venue client pushing another venue’s case', async () => {
    // Prepare
    const countyCase = caseInput({ unitId: 'U-COUNTY', itemCode: '410421-001', venueId: undefined, windowId: undefined });
    // Act
    const byClient = await domainError(() => submitCase(deps, principals.client, countyCase));
    const byPad = await domainError(() => submitCase(deps, principals.pad, countyCase));
    // Assess
    expect([byClient.status, byPad.status]).toEqual([403, 403]);
    expect(deps.cases.saves).toEqual([]);
  });

  it('answers 404 when the case number belongs to another unit, and leaves that case alone', async () => {
    // Prepare
    const countyCase = caseInput({ unitId: 'U-COUNTY', itemCode: '410421-001', venueId: undefined, windowId: undefined });
    await submitCase(deps, principals.admin, countyCase);
    // Act
    const e = await domainError(() => submitCase(deps, principals.client, { ...countyCase, unitId: 'U-CITY', itemCode: '4104-01-001' }));
    // Assess
    expect(e.code).toBe('NOT_FOUND');
    expect((await deps.cases.get(countyCase.caseNumber))?.unitId).toBe('U-COUNTY');
    expect(deps.cases.saves).toHaveLength(1);
  });

  it.each([
    ['itemCode', { itemCode: 'NO-SUCH-ITEM' }],
    ['unitId', { unitId: 'U-NONE' }],
    ['venueId', { venueId: 'V-NONE', windowId: undefined }],
    ['windowId', { windowId: 'W99' }],
  ] as [string, Partial<CaseInput>][])('answers 400 naming %s when it is not in the catalog', async (field, change) => {
    // Prepare
    const input = caseInput(change);
    // Act
    const e = await domainError(() => submitCase(deps, principals.admin, input));
    // Assess
    expect(e.status).toBe(400);
    expect(e.issues).toEqual([expect.objectContaining({ field, rule: 'exists' })]);
    expect(deps.cases.saves).toEqual([]);
  });

  it('sets no default-rating due date while accepted and sets it on completion', async () => {
    // Prepare
    const input = caseInput({ acceptedAt: '2026-09-28T09:00:00+08:00' });
    await submitCase(deps, principals.admin, input);
    const accepted = await deps.cases.get(input.caseNumber);
    // Act
    await submitCase(deps, principals.admin, { ...input, status: 'completed', completedAt: '2026-09-29T10:00:00+08:00' });
    // Assess
    expect(accepted?.defaultRatingDueAt).toBeUndefined();
    expect((await deps.cases.get(input.caseNumber))?.defaultRatingDueAt).toBe('2026-10-14T15:59:59.999Z');
    expect(deps.cases.due.has(input.caseNumber)).toBe(true);
  });

  it('keeps a stored rating count (kept by earlier versions) when a rated case is pushed again', async () => {
    // Prepare
    const input = caseInput({ status: 'completed', completedAt: '2026-10-27T10:00:00+08:00' });
    await submitCase(deps, principals.admin, input);
    deps.cases.records.get(input.caseNumber)!.ratingCount = 1;
    // Act
    await submitCase(deps, principals.admin, { ...input, applicant: { ...APPLICANT, phone: '0375-1234567' } });
    // Assess
    const stored = await deps.cases.get(input.caseNumber);
    expect(stored).toMatchObject({ ratingCount: 1, version: 2 });
    expect(deps.cases.due.has(input.caseNumber)).toBe(false);
  });

  it('retries when the case changed meanwhile, and gives up with 409 after three conflicts', async () => {
    // Prepare
    const first = caseInput();
    const second = caseInput();
    const realSave = deps.cases.save.bind(deps.cases);
    let conflictsLeft = 1;
    deps.cases.save = async (r, v) => {
      if (conflictsLeft-- > 0) throw new DomainError('CONFLICT', 'changed meanwhile');
      return realSave(r, v);
    };
    // Act
    const retried = await submitCase(deps, principals.admin, first);
    conflictsLeft = 3;
    const e = await domainError(() => submitCase(deps, principals.admin, second));
    // Assess
    expect(body(retried).outcome).toBe('created');
    expect(e.status).toBe(409);
    expect(await deps.cases.get(second.caseNumber)).toBeUndefined();
  });

  it('answers per item in a batch, one failure not stopping the rest', async () => {
    // Prepare
    const existing = caseInput();
    await submitCase(deps, principals.client, existing);
    const items: unknown[] = [
      caseInput(),
      { ...caseInput(), applicant: { ...APPLICANT, idNumber: '410402198506123450' } },
      caseInput({ unitId: 'U-COUNTY', itemCode: '410421-001', venueId: undefined, windowId: undefined }),
      existing,
    ];
    // Act
    // (what POST /cases/batch does: parse and push each item on its own)
    const reply = await batchReply(items, async (c) => caseReply(await submitCase(deps, principals.client, parseOrThrow(CaseSchema, c))));
    // Assess
    const b = body(reply);
    expect(b).toMatchObject({ total: 4, succeeded: 2, failed: 2 });
    expect(b.results.map((r: { status: number }) => r.status)).toEqual([201, 400, 403, 200]);
    expect(b.results[1].body.error.issues).toEqual([expect.objectContaining({ field: 'applicant.idNumber', rule: 'gb11643' })]);
    expect(b.results[3].body.outcome).toBe('unchanged');
  });

  it('lists only the caller’s unit and reads a case with its ratings', async () => {
    // Prepare
    const mine = caseInput();
    await submitCase(deps, principals.admin, mine);
    await submitCase(deps, principals.admin, caseInput({ unitId: 'U-COUNTY', itemCode: '410421-001', venueId: undefined, windowId: undefined }));
    // Act
    const list = await listCases(deps, principals.staff, {});
    const other = await domainError(() => listCases(deps, principals.staff, { unitId: 'U-COUNTY' }));
    const read = await getCase(deps, principals.staff, mine.caseNumber);
    // Assess
    expect(body(list).items.map((c: { caseNumber: string }) => c.caseNumber)).toEqual([mine.caseNumber]);
    expect(other.status).toBe(404);
    expect(body(read)).toMatchObject({ caseNumber: mine.caseNumber, ratings: [] });
  });
});

describe('case schema', () => {
  it.each([
    ['completedAt', 'required_when_completed', { status: 'completed' }],
    ['completedAt', 'after_accepted', { completedAt: '2026-10-25T09:00:00+08:00' }],
    ['venueId', 'required_with_window', { venueId: undefined }],
    ['applicant.idType', 'entity_id', { applicantKind: 'entity' }],
  ] as [string, string, Partial<CaseInput>][])('names %s with rule %s', (field, rule, change) => {
    // Act
    let error: DomainError | undefined;
    try {
      parseOrThrow(CaseSchema, caseInput(change));
    } catch (e) {
      error = e as DomainError;
    }
    // Assess
    expect(error?.issues).toEqual([expect.objectContaining({ field, rule })]);
  });
});

describe('catalog CSV', () => {
  it('parses quoted fields with commas, doubled quotes and line breaks, CRLF and a BOM', () => {
    // Prepare
    const csv = '\uFEFFunitId,name,regionCode\r\nU-1,"市场监督管理局, 一分局",410400\r\n\r\nU-2,"名称中有""引号""","410421"\r\nU-3,"两行\n名称",410421';
    // Act
    const rows = parseCsv(csv);
    // Assess
    expect(rows).toEqual([
      { unitId: 'U-1', name: '市场监督管理局, 一分局', regionCode: '410400' },
      { unitId: 'U-2', name: '名称中有"引号"', regionCode: '410421' },
      { unitId: 'U-3', name: '两行\n名称', regionCode: '410421' },
    ]);
  });

  it('leaves out empty cells and trims values, so optional fields stay optional', () => {
    // Act
    const rows = parseCsv('code,name,parentCode,level\n 410422 , 叶县 ,,county\n');
    // Assess
    expect(rows).toEqual([{ code: '410422', name: '叶县', level: 'county' }]);
  });

  it('turns flat window cells into a nested device and item cells into numbers', () => {
    // Act / Assess
    expect(csvRowToRecord('windows', { venueId: 'V', windowId: 'W', name: 'n', deviceId: 'D', deviceKind: 'pad' })).toEqual({
      venueId: 'V',
      windowId: 'W',
      name: 'n',
      device: { deviceId: 'D', kind: 'pad' },
    });
    expect(csvRowToRecord('items', { itemCode: 'I', type: '2', promisedDays: '3', legalDays: '5' })).toMatchObject({ type: 2, promisedDays: 3, legalDays: 5 });
  });
});

describe('importCatalog', () => {
  it('imports every row when all are valid, letting rows refer to rows of the same file', async () => {
    // Prepare
    const csv = 'code,name,parentCode,level\n410421101,周庄镇,410421,township\n410421101201,周庄镇第一社区,410421101,village\n';
    // Act
    const reply = await importCatalog(deps, 'regions', csv);
    // Assess
    expect(body(reply)).toEqual({ kind: 'regions', imported: 2 });
    expect(await deps.catalog.get('regions', '410421101201')).toMatchObject({ parentCode: '410421101', level: 'village' });
  });

  it('writes nothing when one row is bad and names the row (file line) and field', async () => {
    // Prepare: line 3 has promisedDays > legalDays, line 4 an unknown unit
    const csv = [
      'itemCode,name,unitId,type,promisedDays,legalDays',
      'T-001,好事项,U-CITY,2,3,5',
      'T-002,坏时限,U-CITY,2,9,5',
      'T-003,坏单位,U-NONE,1,0,0',
    ].join('\n');
    // Act
    const e = await domainError(() => importCatalog(deps, 'items', csv));
    // Assess
    expect(e.status).toBe(400);
    expect(e.issues).toEqual([
      expect.objectContaining({ field: 'rows[3].promisedDays' }),
      expect.objectContaining({ field: 'rows[4].unitId', rule: 'exists' }),
    ]);
    expect(deps.catalog.writes).toEqual([]);
  });

  it('refuses a file with only a header', async () => {
    // Act
    const e = await domainError(() => importCatalog(deps, 'units', 'unitId,name,regionCode\n'));
    // Assess
    expect(e.issues).toEqual([expect.objectContaining({ field: 'body', rule: 'not_empty' })]);
  });

  it('refuses a put whose body key differs from the path or whose references do not exist', async () => {
    // Act
    const mismatch = await domainError(() => putCatalog(deps, 'units', 'U-X', { unitId: 'U-Y', name: '单位', regionCode: '410400' }));
    const missing = await domainError(() =>
      putCatalog(deps, 'windows', 'V-HALL:W09', { venueId: 'V-HALL', windowId: 'W09', name: '9号窗口', unitId: 'U-NONE' }),
    );
    // Assess
    expect(mismatch.issues).toEqual([expect.objectContaining({ field: 'path.key', rule: 'matches_body' })]);
    expect(missing.issues).toEqual([expect.objectContaining({ field: 'unitId', rule: 'exists' })]);
    expect(deps.catalog.writes).toEqual([]);
  });

  it('draws a PNG QR code for a window and refuses an unknown window with 404', async () => {
    // Act
    const png = fileReply(await renderQr(await qrCode(deps, 'V-HALL', 'W01', 'png'))) as { raw: string; contentType: string };
    const e = await domainError(() => qrCode(deps, 'V-HALL', 'W99', 'svg'));
    // Assess
    expect(png.contentType).toBe('image/png');
    expect([...Buffer.from(png.raw, 'base64').subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(e.status).toBe(404);
  });
});

describe('submitCase keeps every case in its owner’s scope', () => {
  /** A county case at the county hall, pushed by the county unit's business system (via admin here). */
  async function countyCase() {
    deps.catalog
      .seed('venues', { venueId: 'V-COUNTY', name: '宝丰县政务服务中心', kind: 'hall', regionCode: COUNTY })
      .seed('windows', { venueId: 'V-COUNTY', windowId: 'W01', name: '1号窗口', unitId: COUNTY_UNIT.unitId });
    const input = caseInput({
      unitId: COUNTY_UNIT.unitId,
      itemCode: COUNTY_ITEM.itemCode,
      venueId: 'V-COUNTY',
      windowId: 'W01',
      applicant: { ...OTHER_PERSON },
    });
    await submitCase(deps, principals.admin, input);
    return input;
  }

  it('answers a hall pad that pushes the number of a county case 404, as an unknown case, and changes nothing', async () => {
    // Prepare: the city hall also hosts a county window, so the pad may push county cases of its own venue
    const county = await countyCase();
    deps.catalog.seed('windows', { venueId: HALL.venueId, windowId: 'W09', name: '9号窗口', unitId: COUNTY_UNIT.unitId });
    const before = structuredClone(await deps.cases.get(county.caseNumber));
    // Act: the pad claims the case was handled at its hall, by another applicant
    const e = await domainError(() => submitCase(deps, principals.pad, { ...county, venueId: HALL.venueId, windowId: 'W09', applicant: { ...APPLICANT } }));
    // Assess
    expect([e.status, e.code, e.message]).toEqual([404, 'NOT_FOUND', '办件不存在或无权访问']);
    expect(await deps.cases.get(county.caseNumber)).toEqual(before);
  });

  it('lets a pad push only cases of units that have a window in its venue', async () => {
    // Act
    const own = caseReply(await submitCase(deps, principals.pad, caseInput()));
    const e = await domainError(() =>
      submitCase(deps, principals.pad, caseInput({ unitId: COUNTY_UNIT.unitId, itemCode: COUNTY_ITEM.itemCode, windowId: undefined })),
    );
    // Assess
    expect(status(own)).toBe(201);
    expect([e.status, e.issues[0]]).toEqual([400, expect.objectContaining({ field: 'unitId', rule: 'unit_in_venue' })]);
  });

  it('refuses an update that changes the applicant, the unit or the venue, and writes nothing', async () => {
    // Prepare
    deps.catalog.seed('venues', { venueId: 'V-OTHER', name: '另一大厅', kind: 'hall', regionCode: CITY });
    const input = caseInput();
    await submitCase(deps, principals.admin, input);
    // Act
    const applicant = await domainError(() => submitCase(deps, principals.admin, { ...input, applicant: { ...OTHER_PERSON } }));
    const venue = await domainError(() => submitCase(deps, principals.admin, { ...input, venueId: 'V-OTHER', windowId: undefined }));
    const unit = await domainError(() =>
      submitCase(deps, principals.admin, { ...input, unitId: COUNTY_UNIT.unitId, itemCode: COUNTY_ITEM.itemCode, windowId: undefined }),
    );
    // Assess
    expect([applicant.status, applicant.issues[0]]).toEqual([409, expect.objectContaining({ field: 'applicant.idNumber', rule: 'immutable' })]);
    expect([venue.status, venue.issues[0]]).toEqual([409, expect.objectContaining({ field: 'venueId', rule: 'immutable' })]);
    expect(unit.issues.map((i) => i.field)).toContain('unitId');
    expect(deps.cases.saves).toHaveLength(1);
  });

  it('still lets the owner correct the applicant’s phone and the window within the venue', async () => {
    // Prepare
    deps.catalog.seed('windows', { venueId: HALL.venueId, windowId: 'W02', name: '2号窗口' });
    const input = caseInput();
    await submitCase(deps, principals.client, input);
    // Act
    const updated = await submitCase(deps, principals.client, { ...input, windowId: 'W02', applicant: { ...APPLICANT, phone: '13700001111' } });
    // Assess
    expect(body(updated).outcome).toBe('updated');
  });

  it('refuses a service item or a window of another unit', async () => {
    // Prepare
    deps.catalog.seed('windows', { venueId: HALL.venueId, windowId: 'W09', name: '9号窗口', unitId: COUNTY_UNIT.unitId });
    // Act
    const e = await domainError(() => submitCase(deps, principals.admin, caseInput({ itemCode: COUNTY_ITEM.itemCode, windowId: 'W09' })));
    // Assess
    expect(e.status).toBe(400);
    expect(e.issues).toEqual([
      expect.objectContaining({ field: 'itemCode', rule: 'item_of_unit' }),
      expect.objectContaining({ field: 'windowId', rule: 'window_of_unit' }),
    ]);
    expect(deps.cases.saves).toHaveLength(0);
  });
});

describe('case input refuses implausible dates and unsafe text', () => {
  it.each([
    ['acceptedAt', { acceptedAt: '0001-01-01T00:00:00+08:00' }, 'plausible_date'],
    ['acceptedAt', { acceptedAt: '9999-12-31T00:00:00+08:00' }, 'not_in_future'],
    ['acceptedAt', { acceptedAt: '2027-06-01T09:00:00+08:00' }, 'not_in_future'],
    ['completedAt', { status: 'completed', completedAt: '2026-10-01T09:00:00+08:00' }, 'after_accepted'],
    ['completedAt', { status: 'completed', completedAt: '9999-01-01T00:00:00Z' }, 'not_in_future'],
  ] as const)('answers 400 naming %s (%s)', (field, patch, rule) => {
    // Act
    const e = (() => {
      try {
        parseOrThrow(CaseSchema, { ...caseInput(), ...patch });
      } catch (err) {
        return err as DomainError;
      }
      throw new Error('parsed');
    })();
    // Assess
    expect(e.issues).toContainEqual(expect.objectContaining({ field, rule }));
  });

  it.each([
    ['applicant.name', { applicant: { ...APPLICANT, name: '张\u202E三' } }, 'bidi_override'],
    ['applicant.name', { applicant: { ...APPLICANT, name: '张\n三' } }, 'control_chars'],
    ['applicant.name', { applicant: { ...APPLICANT, name: '张\uD800' } }, 'lone_surrogate'],
    ['applicant.phone', { applicant: { ...APPLICANT, phone: '0375123456' } }, 'phone'],
  ] as const)('answers 400 naming %s for %s', (field, patch, rule) => {
    // Act
    const r = CaseSchema.safeParse({ ...caseInput(), ...patch });
    // Assess
    expect(r.success).toBe(false);
    expect(r.error!.issues).toContainEqual(expect.objectContaining({ path: field.split('.'), params: { rule } }));
  });

  it('stores names NFC-normalized', () => {
    // Act: 'é' typed as e + combining acute
    const parsed = parseOrThrow(CaseSchema, { ...caseInput(), applicant: { ...APPLICANT, name: 'Rene\u0301' } });
    // Assess
    expect(parsed.applicant.name).toBe('Ren\u00e9');
  });
});
