import { describe, expect, it } from 'vitest';
import type { CalendarOverride } from '../../functions/core/calendar.js';
import type { CalendarStore } from '../../functions/ports/stores.js';

const holiday = (date: string, name = '节假日'): CalendarOverride => ({ date, kind: 'holiday', name });
const workday = (date: string): CalendarOverride => ({ date, kind: 'workday' });
/** `count` consecutive dates from `first` (UTC calendar days). */
const datesFrom = (first: string, count: number) =>
  Array.from({ length: count }, (_, i) => new Date(Date.parse(`${first}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10));

/** The CalendarStore port (functions/ports/stores.ts), as every implementation must keep it. `makeStore` gives an empty store. */
export function describeCalendarStoreContract(name: string, makeStore: () => Promise<CalendarStore>) {
  describe(`CalendarStore contract: ${name}`, () => {
    it('lists the overrides in date order, one per date (a later put replaces it), a missing name left out', async () => {
      // Prepare
      const store = await makeStore();
      expect(await store.overrides()).toEqual([]);
      // Act
      await store.putOverride(holiday('2026-10-01', '国庆节'));
      await store.putOverride({ date: '2026-09-27', kind: 'workday', name: undefined });
      await store.putOverride(holiday('2025-12-31'));
      await store.putOverride(workday('2026-10-01'));
      // Assess
      expect(await store.overrides()).toStrictEqual([holiday('2025-12-31'), workday('2026-09-27'), workday('2026-10-01')]);
    });

    it('deletes one override; deleting a date without one changes nothing', async () => {
      // Prepare
      const store = await makeStore();
      await store.putOverride(holiday('2026-10-01'));
      await store.putOverride(holiday('2026-10-02'));
      // Act
      await store.deleteOverride('2026-10-01');
      await store.deleteOverride('2026-10-03');
      // Assess
      expect(await store.overrides()).toStrictEqual([holiday('2026-10-02')]);
    });

    it('replaces a year: writes its days, removes its other overrides, leaves other years alone and counts what it removed', async () => {
      // Prepare
      const store = await makeStore();
      for (const o of [holiday('2025-12-31'), holiday('2026-01-01', '元旦'), workday('2026-02-14'), holiday('2026-05-01'), holiday('2027-01-01')])
        await store.putOverride(o);
      // Act
      const result = await store.replaceYear(2026, [holiday('2026-01-01', '元旦（新）'), holiday('2026-10-01', '国庆节')]);
      // Assess
      expect(result).toEqual({ removed: 2 });
      expect(await store.overrides()).toStrictEqual([
        holiday('2025-12-31'),
        holiday('2026-01-01', '元旦（新）'),
        holiday('2026-10-01', '国庆节'),
        holiday('2027-01-01'),
      ]);
    });

    it('clears a year with an empty list, and removes nothing when given the same days again', async () => {
      // Prepare
      const store = await makeStore();
      const days = [holiday('2026-01-01'), workday('2026-02-14')];
      await store.replaceYear(2026, days);
      await store.putOverride(holiday('2027-01-01'));
      // Act
      const again = await store.replaceYear(2026, days);
      const cleared = await store.replaceYear(2026, []);
      const clearedTwice = await store.replaceYear(2026, []);
      // Assess
      expect([again, cleared, clearedTwice]).toEqual([{ removed: 0 }, { removed: 2 }, { removed: 0 }]);
      expect(await store.overrides()).toStrictEqual([holiday('2027-01-01')]);
    });

    it('replaces a year of more than 100 changes completely', async () => {
      // Prepare: 40 old days, 30 of them dropped; 130 new ones
      const store = await makeStore();
      const old = datesFrom('2026-01-01', 40).map((d) => holiday(d, '旧'));
      await store.replaceYear(2026, old);
      const days = datesFrom('2026-01-31', 130).map((d) => workday(d));
      // Act
      const result = await store.replaceYear(2026, days);
      // Assess
      expect(result).toEqual({ removed: 30 });
      expect(await store.overrides()).toStrictEqual(days);
    });
  });
}
