/**
 * What an outside review tried as an attacker and a careless client, over HTTP on the
 * real local stack: scope of integration clients, bad input that must never be a 5xx,
 * the one error envelope, cursors, CORS and security headers.
 */
import { describe, expect, it } from 'vitest';
import { api, baseUrl, tokenFor } from './http.js';
import { issuesOf, pushCase, randomPerson, readCase } from './fixtures.js';

describe('integration clients stay in their scope', () => {
  it('refuses the city hall pad that pushes a county case number, and changes nothing', async () => {
    // Prepare
    const county = await pushCase({ place: 'county' });
    const before = (await readCase(county.caseNumber)).json;
    // Act: the pad claims the county case for its own hall, with another applicant
    const takeover = await api('POST', '/cases', { as: 'pad', body: { ...county.input, venueId: 'V-CITY', windowId: undefined, applicant: randomPerson() } });
    const padReads = await api('GET', `/cases/${county.caseNumber}`, { as: 'pad' });
    // Assess: the county unit has no window in the city hall, whatever the case number
    expect([takeover.status, issuesOf(takeover.json)]).toEqual([400, [{ field: 'unitId', rule: 'unit_in_venue' }]]);
    expect(padReads.status).toBe(404);
    expect((await readCase(county.caseNumber)).json).toEqual(before);
  });

  it('answers a pad that pushes the number of a case handled elsewhere 404, like an unknown case, and changes nothing', async () => {
    // Prepare: a city-bureau case the business system pushed without a venue (handled online)
    const online = await pushCase({ extra: { venueId: undefined, windowId: undefined } });
    const before = (await readCase(online.caseNumber)).json;
    // Act
    const takeover = await api('POST', '/cases', { as: 'pad', body: { ...online.input, venueId: 'V-CITY', windowId: 'W01', applicant: randomPerson() } });
    const unknown = await api('GET', '/cases/NO-SUCH-CASE-XYZ', { as: 'pad' });
    // Assess
    expect([takeover.status, takeover.json.error]).toEqual([404, unknown.json.error]);
    expect((await readCase(online.caseNumber)).json).toEqual(before);
  });

  it('lets the pad push only cases of units with a window in its hall, and never re-owns a case', async () => {
    // Act
    const own = await api('POST', '/cases', { as: 'pad', body: { ...(await caseBody('scjg')) } });
    const countyUnit = await api('POST', '/cases', { as: 'pad', body: { ...(await caseBody('county')), venueId: 'V-CITY', windowId: undefined } });
    // Assess
    expect(own.status).toBe(201);
    expect([countyUnit.status, issuesOf(countyUnit.json)]).toEqual([400, [{ field: 'unitId', rule: 'unit_in_venue' }]]);
  });

  it('refuses another unit’s service item and window on a case', async () => {
    // Act
    const res = await api('POST', '/cases', { as: 'admin', body: { ...(await caseBody('scjg')), itemCode: '4104-02-001', windowId: 'W02' } });
    // Assess
    expect([res.status, issuesOf(res.json)]).toEqual([
      400,
      [
        { field: 'itemCode', rule: 'item_of_unit' },
        { field: 'windowId', rule: 'window_of_unit' },
      ],
    ]);
  });
});

async function caseBody(place: 'scjg' | 'county') {
  const places = {
    scjg: { unitId: 'U-SCJG', itemCode: '4104-01-001', venueId: 'V-CITY', windowId: 'W01' },
    county: { unitId: 'U-410421', itemCode: '410421-001', venueId: 'V-410421', windowId: 'W01' },
  };
  return {
    caseNumber: `HD-${Math.random().toString(36).slice(2, 10).toUpperCase()}`,
    ...places[place],
    applicantKind: 'person',
    applicant: randomPerson(),
    acceptedAt: new Date(Date.now() - 3_600_000).toISOString(),
    status: 'accepted',
  };
}

describe('bad input is a 4xx naming the field, never a 5xx', () => {
  it.each([
    ['year 0001', { acceptedAt: '0001-01-01T00:00:00Z' }, 'acceptedAt'],
    ['year 9999', { acceptedAt: '9999-12-31T00:00:00Z' }, 'acceptedAt'],
    ['acceptance next year', { acceptedAt: '2099-01-01T00:00:00+08:00' }, 'acceptedAt'],
    ['completion before acceptance', { status: 'completed', completedAt: '2020-01-01T00:00:00+08:00' }, 'completedAt'],
    ['a 10-digit phone', { applicant: { ...randomPerson(), phone: '0375123456' } }, 'applicant.phone'],
    ['a name with U+202E', { applicant: { ...randomPerson(), name: '张\u202E三' } }, 'applicant.name'],
    ['a name with a control character', { applicant: { ...randomPerson(), name: '张\u0000三' } }, 'applicant.name'],
  ])('POST /cases with %s → 400 naming %s', async (_, patch, field) => {
    // Act
    const res = await api('POST', '/cases', { as: 'client', body: { ...(await caseBody('scjg')), ...patch } });
    // Assess
    expect(res.status, res.text).toBe(400);
    expect(issuesOf(res.json).map((i) => i.field)).toContain(field);
  });

  it('answers a lone surrogate in free text 400 naming the field', async () => {
    // Prepare: JSON.stringify keeps a lone surrogate as the escape \ud800
    const { caseNumber } = await pushCase();
    // Act
    const res = await api('POST', '/ratings', {
      as: 'client',
      raw: `{"caseNumber":"${caseNumber}","level":1,"channel":"pad","anonymous":true,"text":"好\\ud800"}`,
      headers: { 'content-type': 'application/json' },
    });
    // Assess
    expect([res.status, issuesOf(res.json)]).toEqual([400, [{ field: 'text', rule: 'lone_surrogate' }]]);
  });

  it.each(['/cases?unitId=U-SCJG', '/ratings?unitId=U-SCJG', '/bad-reviews'])('answers a crafted cursor on GET %s with 400', async (path) => {
    // Prepare: a key of another unit's partition, and plain garbage
    const forged = Buffer.from(JSON.stringify({ pk: 'CASE#X', sk: 'A', gsi1pk: 'UNIT#U-GA#CASES', gsi1sk: 'z' })).toString('base64url');
    // Act
    const results = await Promise.all(
      [forged, 'e30', '%%%', 'AAAA'.repeat(30)].map((cursor) =>
        api('GET', `${path}${path.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}`, { as: 'admin' }),
      ),
    );
    // Assess
    for (const res of results) expect([res.status, issuesOf(res.json)[0]?.rule], res.text).toEqual([400, 'cursor']);
  });

  it('answers a bad percent-encoding in the path with 400', async () => {
    // Act
    const res = await api('GET', '/cases/%ZZ', { as: 'admin' });
    // Assess
    expect([res.status, res.json.error.code, issuesOf(res.json)]).toEqual([400, 'VALIDATION_FAILED', [{ field: 'path', rule: 'percent_encoding' }]]);
  });

  it('says days is required on /calendar/deadline without days', async () => {
    // Act
    const res = await api('GET', '/calendar/deadline?from=2026-12-01', { as: 'admin' });
    // Assess
    expect(res.status).toBe(400);
    expect(issuesOf(res.json)).toEqual([{ field: 'query.days', rule: expect.stringMatching(/required|invalid_type/) }]);
    expect(res.text).not.toContain('NaN');
  });
});

describe('every error uses the one envelope', () => {
  const envelope = { error: { code: expect.any(String), message: expect.any(String), issues: expect.any(Array) } };

  it('for 401, an unknown route, and the server’s own 413', async () => {
    // Act
    const noToken = await api('GET', '/cases?unitId=U-SCJG');
    const badToken = await api('GET', '/me', { headers: { authorization: 'Bearer not.a.token' } });
    const unknown = await api('GET', '/no/such/route', { as: 'admin' });
    const tooLarge = await api('POST', '/cases', { as: 'client', raw: 'x'.repeat(11 * 1024 * 1024), headers: { 'content-type': 'application/json' } });
    // Assess
    expect([noToken.status, noToken.json]).toEqual([401, envelope]);
    expect([badToken.status, badToken.json.error.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect([unknown.status, unknown.json]).toEqual([404, envelope]);
    expect([tooLarge.status, tooLarge.json]).toEqual([413, envelope]);
  });
});

describe('CORS and security headers', () => {
  it('answers a preflight from the web app’s origin only', async () => {
    // Act
    const preflight = (origin: string) => fetch(`${baseUrl()}/ratings`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
    const own = await preflight(baseUrl());
    const foreign = await preflight('https://evil.example.com');
    // Assess
    expect(own.status).toBe(204);
    expect(own.headers.get('access-control-allow-origin')).toBe(baseUrl());
    expect(own.headers.get('access-control-allow-headers')).toContain('idempotency-key');
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    const api2 = await fetch(`${baseUrl()}/health`, { headers: { origin: 'https://evil.example.com' } });
    expect(api2.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('puts CSP, nosniff, frame-ancestors and referrer policy on pages and API answers', async () => {
    // Act
    const page = await fetch(`${baseUrl()}/rate.html`);
    const answer = await fetch(`${baseUrl()}/cases/C-1`, { headers: { authorization: `Bearer ${await tokenFor('admin')}` } });
    // Assess
    for (const res of [page, answer]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
  });
});
