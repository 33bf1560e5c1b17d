/**
 * Who sees what: region hierarchy, ownership per role, principals from JWT claims,
 * and how much personal data each reader gets in case and rating views.
 */
import { describe, expect, it } from 'vitest';
import { assertCanSee, canSee, type Owned, type Principal, principalFromClaims, regionContains, regionPrefix } from '../../functions/core/access.js';
import { DomainError } from '../../functions/core/errors.js';
import { hashPersonalKey } from '../../functions/core/identity.js';
import type { CaseRecord } from '../../functions/core/cases.js';
import { buildRating, RatingInput } from '../../functions/core/ratings.js';
import { caseView, disclosureFor, ratingView } from '../../functions/usecases/views.js';
import { APPLICANT, caseInput, principals, SALT } from '../fakes.js';

describe('region hierarchy (行政区划)', () => {
  it.each([
    ['410000', '41'],
    ['410400', '4104'],
    ['410421', '410421'],
    ['410421101', '410421101'],
    ['410421101201', '410421101201'],
  ])('gives %s the prefix %s', (code, prefix) => {
    // Act / Assess
    expect(regionPrefix(code)).toBe(prefix);
  });

  it.each([
    ['410400', '410421', true],
    ['410400', '410400', true],
    ['410000', '410421101', true],
    ['410421', '410421101201', true],
    ['410421', '410400', false],
    ['410400', '410500', false],
    ['410421', '410422', false],
    ['410421101', '410421', false],
  ])('region %s contains %s: %s', (ancestor, code, expected) => {
    // Act / Assess
    expect(regionContains(ancestor, code)).toBe(expected);
  });
});

describe('canSee per role', () => {
  const cityRecord: Owned = { unitId: 'U-CITY', regionCode: '410400', venueId: 'V-HALL', personKey: 'pk-1' };
  const countyRecord: Owned = { unitId: 'U-COUNTY', regionCode: '410421', venueId: 'V-COUNTY', personKey: 'pk-2' };

  it('lets an admin see everything', () => {
    expect([canSee(principals.admin, cityRecord), canSee(principals.admin, countyRecord)]).toEqual([true, true]);
  });

  it('lets a city supervisor see its counties but a county supervisor not the city', () => {
    // Act
    const city = [canSee(principals.supervisor, cityRecord), canSee(principals.supervisor, countyRecord)];
    const county = [canSee(principals.countySupervisor, cityRecord), canSee(principals.countySupervisor, countyRecord)];
    // Assess
    expect(city).toEqual([true, true]);
    expect(county).toEqual([false, true]);
  });

  it('lets staff and leaders see only their own unit’s records', () => {
    expect([canSee(principals.staff, cityRecord), canSee(principals.staff, countyRecord)]).toEqual([true, false]);
    expect([canSee(principals.leader, cityRecord), canSee(principals.leader, countyRecord)]).toEqual([true, false]);
    expect(canSee(principals.countyStaff, countyRecord)).toBe(true);
  });

  it('scopes a unit client to its unit and a venue client (rating pad) to its venue', () => {
    // Prepare: a case of the county unit handled at the city hall
    const countyCaseAtHall: Owned = { ...countyRecord, venueId: 'V-HALL' };
    // Act / Assess
    expect([canSee(principals.client, cityRecord), canSee(principals.client, countyCaseAtHall)]).toEqual([true, false]);
    expect([canSee(principals.pad, countyCaseAtHall), canSee(principals.pad, countyRecord)]).toEqual([true, false]);
  });

  it('lets a citizen see only records linked to their person key', () => {
    // Prepare
    const me: Principal = { sub: 'c', role: 'citizen', personKey: 'pk-1' };
    // Act / Assess
    expect(canSee(me, cityRecord)).toBe(true);
    expect(canSee(me, countyRecord)).toBe(false);
    expect(canSee(me, { ...cityRecord, personKey: undefined })).toBe(false);
  });

  it('answers 404 rather than 403 for another unit’s record, and for a missing one', () => {
    // Act
    const errors = [cityRecord, undefined].map((r) => {
      try {
        assertCanSee(principals.countyStaff, r, '办件');
        return undefined;
      } catch (e) {
        return e as DomainError;
      }
    });
    // Assess
    expect(errors.map((e) => e?.status)).toEqual([404, 404]);
    expect(errors[0]).toBeInstanceOf(DomainError);
    expect(errors[0]?.message).toBe(errors[1]?.message);
  });
});

describe('principalFromClaims', () => {
  it('maps complete claims to a principal', () => {
    // Act
    const p = principalFromClaims({ sub: 's', role: 'supervisor', region_code: '410400', name: '赵六', extra: 'ignored' });
    // Assess
    expect(p).toEqual({ sub: 's', role: 'supervisor', regionCode: '410400', name: '赵六', unitId: undefined, venueId: undefined, personKey: undefined });
  });

  it.each([
    ['no claims at all', undefined],
    ['an empty subject', { sub: '', role: 'admin' }],
    ['an unknown role', { sub: 's', role: 'root' }],
    ['staff without a unit', { sub: 's', role: 'staff' }],
    ['a leader without a unit', { sub: 's', role: 'leader' }],
    ['a supervisor without a region', { sub: 's', role: 'supervisor', unit_id: 'U-1' }],
    ['a client without unit or venue', { sub: 's', role: 'client' }],
    ['a citizen without a person key', { sub: 's', role: 'citizen' }],
    ['a claim of the wrong type', { sub: 's', role: 'staff', unit_id: 42 }],
  ])('refuses %s', (_what, claims) => {
    // Act / Assess
    expect(principalFromClaims(claims as Record<string, unknown> | undefined)).toBeNull();
  });

  it('accepts a client scoped to a venue only', () => {
    expect(principalFromClaims({ sub: 'pad', role: 'client', venue_id: 'V-HALL' })).toMatchObject({ role: 'client', venueId: 'V-HALL' });
  });
});

describe('masking of personal data in views', () => {
  const kase: CaseRecord = {
    ...caseInput({ applicant: { ...APPLICANT } }),
    regionCode: '410400',
    itemName: '企业设立登记',
    personKey: hashPersonalKey(APPLICANT.idNumber, SALT),
    ratingCount: 0,
    createdAt: '2026-10-26T01:00:00.000Z',
    updatedAt: '2026-10-26T01:00:00.000Z',
    version: 1,
  };
  const masked = {
    name: '张**',
    idType: 'resident_id',
    idNumber: `${APPLICANT.idNumber.slice(0, 6)}********${APPLICANT.idNumber.slice(-4)}`,
    phone: '139****5678',
  };

  it('shows the applicant everything about their own case', () => {
    // Act
    const view = caseView(principals.citizen, kase);
    // Assess
    expect(view.applicant).toEqual(APPLICANT);
  });

  it('shows the handling unit’s staff the name and phone to call back, with the ID masked', () => {
    // Act
    const views = [caseView(principals.staff, kase), caseView(principals.leader, kase)];
    // Assess
    for (const v of views) expect(v.applicant).toEqual({ ...APPLICANT, idNumber: masked.idNumber });
  });

  it.each([
    ['a supervisor', principals.supervisor],
    ['an admin', principals.admin],
    ['an integration client', principals.client],
    ['a rating pad', principals.pad],
    ['another unit’s staff', principals.countyStaff],
    ['another citizen', principals.otherCitizen],
    ['nobody signed in', undefined],
  ])('masks name, ID and phone for %s', (_who, p) => {
    // Act
    const view = caseView(p as Principal | undefined, kase);
    // Assess
    expect(view.applicant).toEqual(masked);
  });

  it('never returns the person key or the version', () => {
    // Act
    const view = caseView(principals.admin, kase) as Record<string, unknown>;
    // Assess
    expect(view).not.toHaveProperty('personKey');
    expect(view).not.toHaveProperty('version');
    expect(view.caseNumber).toBe(kase.caseNumber);
  });

  it('masks the rater of a rating the same way and drops its person key and content hash', () => {
    // Prepare
    const input = RatingInput.parse({ caseNumber: kase.caseNumber, level: 1, channel: 'pad', rater: APPLICANT });
    const rating = buildRating(input, kase, { now: '2026-10-27T01:00:00.000Z', submittedBy: 'pad', personKey: kase.personKey });
    // Act
    const [own, unit, supervisor] = [principals.citizen, principals.staff, principals.supervisor].map((p) => ratingView(p, rating));
    // Assess
    expect(own!.rater).toEqual(APPLICANT);
    expect(unit!.rater).toEqual({ ...APPLICANT, idNumber: masked.idNumber });
    expect(supervisor!.rater).toEqual(masked);
    expect(supervisor).not.toHaveProperty('personKey');
    expect(supervisor).not.toHaveProperty('contentHash');
  });

  it('classifies disclosure levels per reader', () => {
    // Prepare
    const owned = { unitId: 'U-CITY', regionCode: '410400', personKey: principals.citizen.personKey };
    // Act / Assess
    expect([principals.citizen, principals.staff, principals.supervisor, undefined].map((p) => disclosureFor(p, owned))).toEqual([
      'full',
      'contact',
      'masked',
      'masked',
    ]);
  });
});
