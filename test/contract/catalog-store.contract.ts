import { describe, expect, it } from 'vitest';
import type { Region, ServiceItem, Unit, Venue, Window } from '../../functions/core/catalog.js';
import type { CatalogStore } from '../../functions/ports/stores.js';
import { domainCode, edited, stored, walk } from './records.js';

const region = (code: string, over: Partial<Region> = {}): Region => ({ code, name: `区划${code}`, level: 'county', parentCode: '410400', ...over });
const unit = (unitId: string, regionCode: string): Unit => ({ unitId, name: `单位${unitId}`, regionCode });
const venue = (venueId: string, regionCode: string, over: Partial<Venue> = {}): Venue => ({
  venueId,
  name: `场所${venueId}`,
  kind: 'hall',
  regionCode,
  ...over,
});
const window = (venueId: string, windowId: string, over: Partial<Window> = {}): Window => ({ venueId, windowId, name: `${windowId}号窗口`, ...over });
const item = (itemCode: string, unitId: string): ServiceItem => ({ itemCode, name: `事项${itemCode}`, unitId, type: 2, promisedDays: 3, legalDays: 5 });

/** The CatalogStore port (functions/ports/stores.ts), as every implementation must keep it. `makeStore` gives an empty store. */
export function describeCatalogStoreContract(name: string, makeStore: () => Promise<CatalogStore>) {
  describe(`CatalogStore contract: ${name}`, () => {
    it('gives each kind of record back by its key (a window by `{venueId}:{windowId}`), and nothing across kinds or for unknown keys', async () => {
      // Prepare
      const store = await makeStore();
      const records = {
        region: region('410421', { population: 500_000, parentCode: undefined }),
        unit: unit('U-1', '410421'),
        venue: venue('V-1', '410421', { address: undefined }),
        window: window('V-1', 'W01', { unitId: 'U-1', device: { deviceId: 'PAD-1', kind: 'pad' } }),
        item: item('4104-01-001', 'U-1'),
      };
      // Act
      await store.put('regions', records.region);
      await store.put('units', records.unit);
      await store.put('venues', records.venue);
      await store.put('windows', records.window);
      await store.put('items', records.item);
      // Assess
      expect(await store.get('regions', '410421')).toStrictEqual(stored(records.region));
      expect(await store.get('units', 'U-1')).toStrictEqual(stored(records.unit));
      expect(await store.get('venues', 'V-1')).toStrictEqual(stored(records.venue));
      expect(await store.get('windows', 'V-1:W01')).toStrictEqual(stored(records.window));
      expect(await store.get('items', '4104-01-001')).toStrictEqual(stored(records.item));
      expect(await store.get('venues', 'V-1:W01')).toBeUndefined();
      expect(await store.get('windows', 'V-1')).toBeUndefined();
      expect(await store.get('units', '410421')).toBeUndefined();
      expect(await store.get('units', 'U-2')).toBeUndefined();
    });

    it('replaces a record with the same key: a unit moved to another region is listed there only', async () => {
      // Prepare
      const store = await makeStore();
      await store.put('units', unit('U-1', '410421'));
      // Act
      await store.put('units', { ...unit('U-1', '410422'), name: '新名称' });
      // Assess
      expect(await store.get('units', 'U-1')).toStrictEqual({ unitId: 'U-1', name: '新名称', regionCode: '410422' });
      expect((await store.list('units', { prefix: '410421' })).items).toEqual([]);
      expect((await store.list('units', { prefix: '410422' })).items.map((u) => u.unitId)).toEqual(['U-1']);
      expect((await store.list('units')).items).toHaveLength(1);
    });

    it('lists a kind in its list-key order — units by region then id, items by unit, windows by venue — a prefix reading one group', async () => {
      // Prepare
      const store = await makeStore();
      for (const u of [unit('U-b', '410421'), unit('U-a', '410422'), unit('U_a', '410421'), unit('Ua', '410421')]) await store.put('units', u);
      for (const i of [item('I-2', 'U-b'), item('I-1', 'U-b'), item('I-3', 'U-a')]) await store.put('items', i);
      for (const w of [window('V-2', 'W01'), window('V-1', 'W02'), window('V-1', 'W01')]) await store.put('windows', w);
      await store.put('regions', region('410421'));
      // Act
      const units = await store.list('units');
      const county = await store.list('units', { prefix: '410421' });
      const items = await store.list('items', { prefix: 'U-b#' });
      const windows = await store.list('windows');
      // Assess
      expect(units.items.map((u) => u.unitId)).toEqual(['U-b', 'U_a', 'Ua', 'U-a']);
      expect(county.items.map((u) => u.unitId)).toEqual(['U-b', 'U_a', 'Ua']);
      expect(items.items.map((i) => i.itemCode)).toEqual(['I-1', 'I-2']);
      expect(windows.items.map((w) => `${w.venueId}:${w.windowId}`)).toEqual(['V-1:W01', 'V-1:W02', 'V-2:W01']);
      expect((await store.list('regions')).items).toStrictEqual([stored(region('410421'))]);
      expect((await store.list('venues')).items).toEqual([]);
    });

    it('pages a list: each record once, in order; a full page carries next; an edited cursor or one of another list is refused', async () => {
      // Prepare
      const store = await makeStore();
      for (const code of ['410421', '410422', '410423', '410400', '410000']) await store.put('regions', region(code));
      await store.put('units', unit('U-1', '410421'));
      await store.put('units', unit('U-2', '410421'));
      // Act
      const paged = await walk((q) => store.list('regions', q), 2);
      const { next } = await store.list('units', { limit: 1 });
      // Assess
      expect(paged.items.map((r) => r.code)).toEqual(['410000', '410400', '410421', '410422', '410423']);
      expect(paged.sizes).toEqual([2, 2, 1]);
      expect(next).toBeTruthy();
      expect(await domainCode(store.list('regions', { cursor: next! }))).toBe('VALIDATION_FAILED');
      expect(await domainCode(store.list('units', { prefix: '410421', cursor: next! }))).toBe('VALIDATION_FAILED');
      expect(await domainCode(store.list('units', { cursor: edited(next!) }))).toBe('VALIDATION_FAILED');
    });

    it('gives a region’s directory in one read: the regions below it and the units in it or below, in list order; nothing for an unknown region', async () => {
      // Prepare: a province, a city, two counties, a township and a village; units at every level, put in parallel
      const store = await makeStore();
      const regions = [
        region('410000', { level: 'province', parentCode: undefined }),
        region('410400', { level: 'city', parentCode: '410000' }),
        region('410421'),
        region('410422', { population: 300_000 }),
        region('410421101', { level: 'township', parentCode: '410421' }),
        region('410421101201', { level: 'village', parentCode: '410421101' }),
        region('410500', { level: 'city', parentCode: '410000' }),
      ];
      const units = [unit('U-city', '410400'), unit('U-b', '410421'), unit('U-a', '410421'), unit('U-town', '410421101'), unit('U-other', '410500')];
      await Promise.all([...regions.map((r) => store.put('regions', r)), ...units.map((u) => store.put('units', u))]);
      // Act
      const city = await store.directory('410400');
      const county = await store.directory('410421');
      const village = await store.directory('410421101201');
      // Assess
      expect(city?.region).toStrictEqual(stored(regions[1]!));
      expect(city?.regions).toStrictEqual(['410421', '410421101', '410421101201', '410422'].map((c) => stored(regions.find((r) => r.code === c)!)));
      expect(city?.units).toStrictEqual(['U-city', 'U-a', 'U-b', 'U-town'].map((id) => stored(units.find((u) => u.unitId === id)!)));
      expect(county?.regions.map((r) => r.code)).toEqual(['410421101', '410421101201']);
      expect(county?.units.map((u) => u.unitId)).toEqual(['U-a', 'U-b', 'U-town']);
      expect(village).toStrictEqual({ region: stored(regions[5]!), regions: [], units: [] });
      expect((await store.directory('410000'))?.units.map((u) => u.unitId)).toEqual(['U-city', 'U-a', 'U-b', 'U-town', 'U-other']);
      expect(await store.directory('410423')).toBeUndefined();
    });

    it('keeps the directories with the records: a renamed region or unit shows its new name, a moved unit leaves the regions it is no longer in', async () => {
      // Prepare
      const store = await makeStore();
      for (const code of ['410400', '410421', '410422']) await store.put('regions', region(code));
      await store.put('units', unit('U-1', '410421'));
      // Act
      await store.put('units', { ...unit('U-1', '410422'), name: '新名称' });
      await store.put('regions', region('410421', { name: '新区划名' }));
      // Assess
      expect((await store.directory('410421'))?.units).toEqual([]);
      expect((await store.directory('410422'))?.units).toStrictEqual([{ unitId: 'U-1', name: '新名称', regionCode: '410422' }]);
      expect((await store.directory('410400'))?.units.map((u) => `${u.unitId}@${u.regionCode}`)).toEqual(['U-1@410422']);
      expect((await store.directory('410400'))?.regions.map((r) => r.name)).toEqual(['新区划名', '区划410422']);
    });

    it('lists the windows of one venue by window id in byte order: not the venue itself, not another venue’s', async () => {
      // Prepare: 'V1' and 'V10' share a prefix; the ids sort differently by locale ('w1' before 'W2', '_' before '-') and by byte
      const store = await makeStore();
      await store.put('venues', venue('V1', '410421'));
      for (const id of ['w1', 'W2', 'W_1', 'W-1']) await store.put('windows', window('V1', id, { unitId: 'U-1' }));
      await store.put('windows', window('V10', 'W-0'));
      // Act
      const windows = await store.windows('V1');
      // Assess
      expect(windows.map((w) => w.windowId)).toEqual(['W-1', 'W2', 'W_1', 'w1']);
      expect(windows[0]).toStrictEqual(stored(window('V1', 'W-1', { unitId: 'U-1' })));
      expect(await store.windows('V2')).toEqual([]);
    });
  });
}
