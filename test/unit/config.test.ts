/** Configuration is checked once at cold start, with one clear line naming what is wrong. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_BAD_REVIEW_CONFIG, parseBadReviewConfig } from '../../functions/core/bad-review.js';
import { DEFAULT_COMPLAINT_CONFIG, parseComplaintConfig } from '../../functions/core/complaints/complaint.js';

describe('BAD_REVIEW_CONFIG', () => {
  it('overrides the defaults key by key', () => {
    // Act / Assess
    expect(parseBadReviewConfig(undefined)).toEqual(DEFAULT_BAD_REVIEW_CONFIG);
    expect(parseBadReviewConfig('{"rectifyDays":15}')).toEqual({ ...DEFAULT_BAD_REVIEW_CONFIG, rectifyDays: 15 });
  });

  it.each([
    ['{', /not valid JSON/],
    ['{"rectfyDays":3}', /rectfyDays/],
    ['{"rectifyDays":"5"}', /rectifyDays/],
    ['{"verifyDays":0}', /verifyDays/],
    ['{"reminderFractions":[0.5,1.2]}', /reminderFractions\.1/],
  ])('refuses %s naming the key', (json, named) => {
    // Act / Assess
    expect(() => parseBadReviewConfig(json)).toThrow(named);
  });
});

describe('COMPLAINT_CONFIG', () => {
  it('overrides the defaults key by key, the due days per kind one by one', () => {
    expect(parseComplaintConfig(undefined)).toEqual(DEFAULT_COMPLAINT_CONFIG);
    expect(parseComplaintConfig('{"dueDays":{"complaint":15},"consultationSkipsReview":false}')).toEqual({
      ...DEFAULT_COMPLAINT_CONFIG,
      dueDays: { ...DEFAULT_COMPLAINT_CONFIG.dueDays, complaint: 15 },
      consultationSkipsReview: false,
    });
  });

  it.each([
    ['[', /COMPLAINT_CONFIG is not valid JSON/],
    ['{"dueDays":{"complain":15}}', /dueDays\.complain/],
    ['{"acceptDays":0}', /acceptDays/],
  ])('refuses %s naming the key', (json, named) => {
    expect(() => parseComplaintConfig(json)).toThrow(named);
  });
});
