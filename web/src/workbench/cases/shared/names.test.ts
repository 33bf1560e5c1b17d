import { describe, expect, it } from 'vitest';
import { ratingMark } from './names.js';

describe('ratingMark', () => {
  it('says 已作废 for a voided rating and 默认好评 for a default one, never 已作废 for a default', () => {
    expect(ratingMark({ voided: true, channel: 'mobile', active: true })).toBe('已作废');
    expect(ratingMark({ channel: 'default', active: false })).toBe('默认好评');
    expect(ratingMark({ channel: 'default', active: false, voided: false })).toBe('默认好评');
    expect(ratingMark({ channel: 'mobile', active: true })).toBe('');
    expect(ratingMark({ channel: 'pad', active: true, voided: false })).toBe('');
    expect(ratingMark(undefined)).toBe('');
  });
});
