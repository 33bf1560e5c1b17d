import { describe, expect, it } from 'vitest';
import { principalFromClaims } from '../../functions/core/access.js';
import type { CurrentCase, CurrentCaseStore } from '../../functions/ports/pad.js';
import { submitCase } from '../../functions/usecases/cases.js';
import { CURRENT_CASE_MINUTES, padBoard, pushCurrentCase } from '../../functions/usecases/pad.js';
import { submitRating } from '../../functions/usecases/ratings.js';
import { caseInput, domainError, HALL, HALL_WINDOW, makeDeps, principals } from '../fakes.js';

class FakeCurrentCaseStore implements CurrentCaseStore {
  readonly items = new Map<string, CurrentCase>();
  puts = 0;
  async get(venueId: string, windowId: string) {
    const r = this.items.get(`${venueId}:${windowId}`);
    return r && { ...r };
  }
  async put(r: CurrentCase) {
    this.puts++;
    this.items.set(`${r.venueId}:${r.windowId}`, { ...r });
  }
}

const windowPad = { sub: 'pad-w01', role: 'client', venueId: HALL.venueId, windowId: HALL_WINDOW.windowId } as const;
const otherWindowPad = { ...windowPad, sub: 'pad-w02', windowId: 'W02' } as const;

async function setup() {
  const deps = { ...makeDeps(), currentCases: new FakeCurrentCaseStore() };
  deps.catalog.seed('windows', { ...HALL_WINDOW, windowId: 'W02', name: '2号窗口' });
  const input = caseInput({ status: 'completed', completedAt: '2026-11-02T09:30:00+08:00' });
  await submitCase(deps, principals.client, input);
  return { deps, input };
}

describe('window-bound pad principal', () => {
  it('reads window_id from the claims, and refuses one without a venue', () => {
    expect(principalFromClaims({ sub: 'p', role: 'client', venue_id: 'V-1', window_id: 'W01' })).toMatchObject({ venueId: 'V-1', windowId: 'W01' });
    expect(principalFromClaims({ sub: 'p', role: 'client', unit_id: 'U-1', window_id: 'W01' })).toBeNull();
  });
});

describe('pushCurrentCase', () => {
  it('puts the case on its window’s board; the same push again changes nothing', async () => {
    const { deps, input } = await setup();
    const first = await pushCurrentCase(deps, principals.client, HALL.venueId, 'W01', input.caseNumber);
    deps.clock.set('2026-11-02T02:01:00.000Z');
    const again = await pushCurrentCase(deps, principals.client, HALL.venueId, 'W01', input.caseNumber);
    expect(first.outcome).toBe('updated');
    expect(again).toEqual({ outcome: 'unchanged', current: first.current });
    expect(deps.currentCases.puts).toBe(1);
  });

  it('refuses a case handled at another window (400 naming caseNumber), writing nothing', async () => {
    const { deps, input } = await setup();
    const e = await domainError(() => pushCurrentCase(deps, principals.client, HALL.venueId, 'W02', input.caseNumber));
    expect(e.status).toBe(400);
    expect(e.issues).toEqual([expect.objectContaining({ field: 'caseNumber', rule: 'same_window' })]);
    expect(deps.currentCases.puts).toBe(0);
  });

  it('answers 404 for another unit’s case and for an unknown window; a pad cannot push', async () => {
    const { deps, input } = await setup();
    const otherUnit = { sub: 'c2', role: 'client', unitId: 'U-COUNTY' } as const;
    expect((await domainError(() => pushCurrentCase(deps, otherUnit, HALL.venueId, 'W01', input.caseNumber))).status).toBe(404);
    expect((await domainError(() => pushCurrentCase(deps, principals.client, HALL.venueId, 'W99', input.caseNumber))).status).toBe(404);
    expect((await domainError(() => pushCurrentCase(deps, windowPad, HALL.venueId, 'W01', input.caseNumber))).status).toBe(403);
    expect(deps.currentCases.puts).toBe(0);
  });
});

describe('padBoard', () => {
  it('shows the pushed case with the applicant’s name masked, to its own window’s pad only', async () => {
    const { deps, input } = await setup();
    await pushCurrentCase(deps, principals.client, HALL.venueId, 'W01', input.caseNumber);
    const board = await padBoard(deps, windowPad, HALL.venueId, 'W01');
    expect(board.current).toMatchObject({
      caseNumber: input.caseNumber,
      itemName: '企业设立登记',
      unitName: '市市场监督管理局',
      applicantName: '张**',
      rated: false,
    });
    expect(JSON.stringify(board)).not.toContain(input.applicant.idNumber);
    expect(JSON.stringify(board)).not.toContain(input.applicant.phone);
    expect((await domainError(() => padBoard(deps, otherWindowPad, HALL.venueId, 'W01'))).status).toBe(404);
    expect((await domainError(() => padBoard(deps, principals.client, HALL.venueId, 'W01'))).status).toBe(404);
    expect((await padBoard(deps, principals.pad, HALL.venueId, 'W01')).current?.caseNumber).toBe(input.caseNumber);
  });

  it('keeps its etag while nothing changes, and changes it once the case is rated or grows stale', async () => {
    const { deps, input } = await setup();
    await pushCurrentCase(deps, principals.client, HALL.venueId, 'W01', input.caseNumber);
    const a = await padBoard(deps, windowPad, HALL.venueId, 'W01');
    const b = await padBoard(deps, windowPad, HALL.venueId, 'W01');
    await submitRating(deps, windowPad, { caseNumber: input.caseNumber, assessNumber: 1, level: 1, channel: 'pad', tags: [], anonymous: true });
    const rated = await padBoard(deps, windowPad, HALL.venueId, 'W01');
    deps.clock.set(new Date(Date.parse('2026-11-02T02:00:00.000Z') + CURRENT_CASE_MINUTES * 60_000).toISOString());
    const stale = await padBoard(deps, windowPad, HALL.venueId, 'W01');
    expect(b.etag).toBe(a.etag);
    expect(rated.current?.rated).toBe(true);
    expect(rated.etag).not.toBe(a.etag);
    expect(stale.current).toBeNull();
    expect(stale.etag).not.toBe(rated.etag);
  });
});

describe('rating tickets (评价凭证): the board’s ticket spares the rating its case read', () => {
  const rate = (caseNumber: string, ticket?: string) => ({
    caseNumber,
    assessNumber: 1 as const,
    level: 1,
    channel: 'pad' as const,
    tags: [],
    anonymous: true,
    ...(ticket ? { ticket } : {}),
  });
  /** Counts the case reads from here on. */
  const countReads = (deps: Awaited<ReturnType<typeof setup>>['deps']) => {
    const counter = { reads: 0 };
    const get = deps.cases.get.bind(deps.cases);
    deps.cases.get = (n: string) => {
      counter.reads++;
      return get(n);
    };
    return counter;
  };

  it('gives the pad (not an admin) a ticket that stays the same for the same push', async () => {
    const { deps, input } = await setup();
    await pushCurrentCase(deps, principals.client, HALL.venueId, 'W01', input.caseNumber);
    const a = await padBoard(deps, windowPad, HALL.venueId, 'W01');
    deps.clock.set('2026-11-02T02:05:00.000Z');
    const b = await padBoard(deps, windowPad, HALL.venueId, 'W01');
    expect(a.current?.ticket).toMatch(/^[\w-]+\.[\w-]+$/);
    expect(b.current?.ticket).toBe(a.current?.ticket);
    expect(b.etag).toBe(a.etag);
    // No personal data in it.
    const claims = Buffer.from(a.current!.ticket!.split('.')[0]!, 'base64url').toString();
    for (const secret of [input.applicant.name, input.applicant.idNumber, input.applicant.phone]) expect(claims).not.toContain(secret);
    expect((await padBoard(deps, { sub: 'admin', role: 'admin' }, HALL.venueId, 'W01')).current).not.toHaveProperty('ticket');
  });

  it('records the same rating as without a ticket, with no case read; a retry is still answered as the first', async () => {
    const { deps, input } = await setup();
    await pushCurrentCase(deps, principals.client, HALL.venueId, 'W01', input.caseNumber);
    const ticket = (await padBoard(deps, windowPad, HALL.venueId, 'W01')).current!.ticket!;
    const counter = countReads(deps);
    const out = await submitRating(deps, windowPad, rate(input.caseNumber, ticket));
    expect(counter.reads).toBe(0);
    const stored = deps.ratings.ratings.get(`${input.caseNumber}-1`)!;
    const kase = deps.cases.records.get(input.caseNumber)!;
    expect(stored).toMatchObject({
      unitId: kase.unitId,
      itemCode: kase.itemCode,
      caseRegionCode: kase.regionCode,
      regionCode: kase.regionCode,
      venueId: HALL.venueId,
      windowId: 'W01',
    });
    expect(stored).not.toHaveProperty('ticket');
    expect((await submitRating(deps, windowPad, rate(input.caseNumber, ticket))).replayed).toBe(true);
    expect(out.replayed).toBe(false);
  });

  it('ignores a ticket that is altered, expired, for another case or handed to another window: the case is read and the usual rules decide', async () => {
    const { deps, input } = await setup();
    await pushCurrentCase(deps, principals.client, HALL.venueId, 'W01', input.caseNumber);
    const ticket = (await padBoard(deps, windowPad, HALL.venueId, 'W01')).current!.ticket!;
    const counter = countReads(deps);
    // Another window's pad with this window's ticket: read, then refused as any rating of another window's case.
    const e = await domainError(() => submitRating(deps, otherWindowPad, rate(input.caseNumber, ticket)));
    expect(e.issues).toEqual([expect.objectContaining({ field: 'windowId', rule: 'own_window' })]);
    expect(counter.reads).toBe(1);
    // Altered claims (the signature no longer matches), or the ticket of this case offered for an unknown one: read, then 404.
    const [payload, sig] = ticket.split('.');
    const altered = `${Buffer.from(Buffer.from(payload!, 'base64url').toString().replace(input.unitId, 'U-OTHER')).toString('base64url')}.${sig}`;
    expect((await domainError(() => submitRating(deps, windowPad, rate('NO-SUCH-CASE', ticket)))).status).toBe(404);
    await submitRating(deps, windowPad, rate(input.caseNumber, altered));
    expect(counter.reads).toBe(3);
    expect(deps.ratings.ratings.get(`${input.caseNumber}-1`)).toMatchObject({ unitId: input.unitId });
    // Expired with the board's offer: read.
    const second = caseInput({ caseNumber: 'C-TICKET-2', status: 'completed', completedAt: '2026-11-02T09:30:00+08:00' });
    await submitCase(deps, principals.client, second);
    await pushCurrentCase(deps, principals.client, HALL.venueId, 'W01', second.caseNumber);
    const late = (await padBoard(deps, windowPad, HALL.venueId, 'W01')).current!.ticket!;
    deps.clock.set(new Date(deps.clock.now().getTime() + CURRENT_CASE_MINUTES * 60_000).toISOString());
    const before = counter.reads;
    await submitRating(deps, windowPad, rate(second.caseNumber, late));
    expect(counter.reads).toBe(before + 1);
  });
});
