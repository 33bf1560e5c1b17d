import { describe, expect, it } from 'vitest';
import { BASE_TAGS, ONLINE_TAGS } from '../../functions/core/ratings.js';
import { TAG_EXPLAINED } from '../../web/src/ui/levels.js';

/** The phone app's 长辈模式 explains reason tags in plain words: every tag the API accepts, none it does not. */
describe('长辈模式 reason tags (web/src/ui/levels.ts)', () => {
  it('explains every reason tag the API accepts, each in one short line', () => {
    const tags = [...BASE_TAGS, ...ONLINE_TAGS];
    for (const tag of tags) expect(TAG_EXPLAINED[tag]?.length ?? 0, tag).toBeGreaterThan(4);
    for (const line of Object.values(TAG_EXPLAINED)) expect(line.length).toBeLessThanOrEqual(24);
    expect(Object.keys(TAG_EXPLAINED).sort()).toEqual([...tags].sort());
  });
});
