import { describe, expect, it } from 'vitest';
import type { Principal } from '../../functions/core/access.js';
import { RatingInput } from '../../functions/core/ratings.js';
import { parseOrThrow } from '../../functions/core/validation.js';
import { submitCase } from '../../functions/usecases/cases.js';
import { submitRating } from '../../functions/usecases/ratings.js';
import { caseInput, domainError, HALL, HALL_WINDOW, makeDeps, principals } from '../fakes.js';

/** A window's pad (token with `window_id`) rates at its own window only; a venue-wide device anywhere in its venue. */
const padW01: Principal = { sub: 'pad-w01', role: 'client', venueId: HALL.venueId, windowId: 'W01' };
const padW02: Principal = { sub: 'pad-w02', role: 'client', venueId: HALL.venueId, windowId: 'W02' };

async function setup(windowId = 'W01') {
  const deps = makeDeps();
  deps.catalog.seed('windows', { ...HALL_WINDOW, windowId: 'W02', name: '2号窗口' });
  const input = caseInput({ windowId, status: 'completed', completedAt: '2026-11-02T09:30:00+08:00' });
  await submitCase(deps, principals.client, input);
  const rate = (p: Principal, extra: Record<string, unknown> = {}) =>
    submitRating(deps, p, parseOrThrow(RatingInput, { caseNumber: input.caseNumber, level: 2, channel: 'pad', anonymous: true, ...extra }));
  return { deps, rate };
}

describe('a window-bound pad rates only for its own window', () => {
  it('refuses a case handled at another window, whether or not the pad names a window, and names no other window itself; writes nothing', async () => {
    // Arrange: a case handled at W01
    const { deps, rate } = await setup('W01');

    // Act
    const unnamed = await domainError(() => rate(padW02));
    const named = await domainError(() => rate(padW02, { venueId: HALL.venueId, windowId: 'W02' }));
    const claimsOther = await domainError(() => rate(padW02, { venueId: HALL.venueId, windowId: 'W01' }));
    const ownCaseElsewhere = await domainError(() => rate(padW01, { venueId: HALL.venueId, windowId: 'W02' }));

    // Assert
    expect([unnamed, named, claimsOther, ownCaseElsewhere].map((e) => [e.status, e.issues[0]?.field, e.issues[0]?.rule])).toEqual([
      [400, 'windowId', 'own_window'],
      [400, 'windowId', 'own_window'],
      [400, 'windowId', 'own_window'],
      [400, 'windowId', 'own_window'],
    ]);
    expect(deps.ratings.ratings.size).toBe(0);
  });

  it('accepts its own window’s case, as the pad sends it (venue and window named) or without a place', async () => {
    const { rate } = await setup('W01');
    const first = await rate(padW01, { venueId: HALL.venueId, windowId: 'W01' });
    expect(first.rating).toMatchObject({ level: 2, channel: 'pad' });
    const { rate: rateAnother } = await setup('W01');
    expect((await rateAnother(padW01)).rating).toMatchObject({ level: 2 });
  });

  it('leaves a venue-wide device (no window_id) free to rate at any window of its venue', async () => {
    const { rate } = await setup('W02');
    expect((await rate(principals.pad as Principal, { venueId: HALL.venueId, windowId: 'W02' })).rating).toMatchObject({ level: 2 });
  });
});
