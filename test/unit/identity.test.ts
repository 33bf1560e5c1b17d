import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  chineseIdCheckChar,
  hashPersonalKey,
  isValidChineseId,
  isValidMobile,
  isValidPhone,
  isValidUnifiedSocialCreditCode,
  maskId,
  maskName,
  maskPhone,
  splitLandline,
  usccCheckChar,
} from '../../functions/core/identity.js';

// Check characters below were computed independently (Python) from the GB 11643 / GB 32100 rules.
describe('isValidChineseId (GB 11643-1999)', () => {
  it('accepts IDs with a correct check character, including X and lowercase x', () => {
    // Prepare
    const valid = [
      '11010519491231002X', // the classic textbook example
      '11010519491231002x',
      '440304198512310011',
      '410402199003071237',
      '410402200002294565', // born on the leap day 2000-02-29
    ];
    // Act
    const results = valid.map((id) => isValidChineseId(id));
    // Assess
    expect(results).toEqual([true, true, true, true, true]);
  });

  it('computes the check character from the first 17 digits', () => {
    // Act / Assess
    expect(chineseIdCheckChar('11010519491231002')).toBe('X');
    expect(chineseIdCheckChar('44030419851231001')).toBe('1');
  });

  it('rejects a wrong check character', () => {
    // Act / Assess
    expect(isValidChineseId('110105194912310021')).toBe(false);
    expect(isValidChineseId('410402199003071238')).toBe(false);
  });

  it('rejects impossible, pre-1900 and future birth dates even with a correct check character', () => {
    // Act / Assess
    expect(isValidChineseId('41040219900230123X')).toBe(false); // 1990-02-30
    expect(isValidChineseId('410402189912311235')).toBe(false); // 1899-12-31
    expect(isValidChineseId('410402209912311230')).toBe(false); // 2099-12-31
  });

  it('judges "future" against the given Shanghai date', () => {
    // Prepare: born 2000-02-29
    const id = '410402200002294565';
    // Act / Assess
    expect(isValidChineseId(id, '2000-02-29')).toBe(true);
    expect(isValidChineseId(id, '2000-02-28')).toBe(false);
  });

  it('rejects wrong lengths and characters', () => {
    // Act / Assess
    expect(isValidChineseId('')).toBe(false);
    expect(isValidChineseId('11010519491231002')).toBe(false); // 17
    expect(isValidChineseId('11010519491231002X1')).toBe(false); // 19
    expect(isValidChineseId('410402900307123')).toBe(false); // old 15-digit form
    expect(isValidChineseId('1101051949123100XX')).toBe(false);
    expect(isValidChineseId(' 11010519491231002X')).toBe(false);
  });
});

describe('isValidUnifiedSocialCreditCode (GB 32100-2015)', () => {
  it('accepts codes with a correct check character', () => {
    // Prepare
    const valid = [
      '91350100M000100Y43',
      '91440300708461136T',
      '91110108551385082Q',
      '914104020571234560', // 31 - (sum mod 31) = 31 maps to 0
      '91350100m000100y43', // lowercase accepted
    ];
    // Act
    const results = valid.map((c) => isValidUnifiedSocialCreditCode(c));
    // Assess
    expect(results).toEqual([true, true, true, true, true]);
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
  });

  it('rejects a wrong check character, excluded letters and wrong lengths', () => {
    // Act / Assess
    expect(isValidUnifiedSocialCreditCode('91350100M000100Y44')).toBe(false);
    expect(isValidUnifiedSocialCreditCode('91350100I000100Y43')).toBe(false); // I is not in the charset
    expect(isValidUnifiedSocialCreditCode('91350100O000100Y43')).toBe(false); // nor O
    expect(isValidUnifiedSocialCreditCode('91350100M000100Y4')).toBe(false);
    expect(isValidUnifiedSocialCreditCode('')).toBe(false);
  });
});

describe('phone numbers', () => {
  it('accepts mainland mobiles 13x–19x only', () => {
    // Act / Assess
    expect(isValidMobile('13812341234')).toBe(true);
    expect(isValidMobile('19912341234')).toBe(true);
    expect(isValidMobile('12812341234')).toBe(false);
    expect(isValidMobile('1381234123')).toBe(false);
    expect(isValidMobile('+8613812341234')).toBe(false);
    expect(isValidMobile('0375-1234567')).toBe(false);
  });

  it('accepts mobiles and landlines with or without a hyphen', () => {
    // Act / Assess
    expect(isValidPhone('13812341234')).toBe(true);
    expect(isValidPhone('0375-1234567')).toBe(true);
    expect(isValidPhone('03751234567')).toBe(true);
    expect(isValidPhone('010-12345678')).toBe(true);
    expect(isValidPhone('375-1234567')).toBe(false);
    expect(isValidPhone('0375-123456')).toBe(false);
    expect(isValidPhone('')).toBe(false);
  });

  it('refuses 10-digit numbers: 3-digit area codes take 8-digit numbers, so no mainland number has 10 digits', () => {
    // Act / Assess
    expect(isValidPhone('0375123456')).toBe(false);
    expect(isValidPhone('010-1234567')).toBe(false);
    expect(isValidPhone('0211234567')).toBe(false);
    expect(isValidPhone('021-12345678')).toBe(true);
    expect(isValidPhone('0375-12345678')).toBe(true);
  });

  it('validates and masks a landline with the same split into area code and number', () => {
    // Act / Assess
    expect(splitLandline('03751234567')).toEqual({ area: '0375', sep: '', number: '1234567' });
    expect(splitLandline('02112345678')).toEqual({ area: '021', sep: '', number: '12345678' });
    expect(splitLandline('0375123456')).toBeUndefined();
    expect(maskPhone('02112345678')).toBe('021******78');
  });
});

describe('masking for display', () => {
  it('masks an ID keeping the first 6 and last 4', () => {
    // Act / Assess
    expect(maskId('410402199003071234')).toBe('410402********1234');
    expect(maskId('11010519491231002X')).toBe('110105********002X');
  });

  it('masks a mobile keeping the first 3 and last 4', () => {
    // Act / Assess
    expect(maskPhone('13812341234')).toBe('138****1234');
  });

  it('masks a landline keeping the area code and the last 2', () => {
    // Act / Assess
    expect(maskPhone('0375-1234567')).toBe('0375-*****67');
    expect(maskPhone('03751234567')).toBe('0375*****67');
    expect(maskPhone('01012345678')).toBe('010******78');
  });

  it('masks a name keeping the surname, including common compound surnames', () => {
    // Act / Assess
    expect(maskName('张三')).toBe('张*');
    expect(maskName('李小明')).toBe('李**');
    expect(maskName('欧阳娜娜')).toBe('欧阳**');
    expect(maskName('𠮷大')).toBe('𠮷*'); // surrogate pair counts as one character
  });

  it('is safe on empty and short input and never reveals a short value whole', () => {
    // Act / Assess
    expect(maskId('')).toBe('');
    expect(maskId('12345')).toBe('*****');
    expect(maskPhone('')).toBe('');
    expect(maskPhone('123')).toBe('***');
    expect(maskName('')).toBe('');
    expect(maskName('张')).toBe('张');
  });
});

describe('hashPersonalKey', () => {
  it('is sha256 hex of salt + the trimmed, uppercased value', () => {
    // Prepare
    const expected = createHash('sha256').update('pepper11010519491231002X').digest('hex');
    // Act
    const hash = hashPersonalKey(' 11010519491231002x ', 'pepper');
    // Assess
    expect(hash).toBe(expected);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('matches the same phone written with or without a hyphen', () => {
    // Act / Assess
    expect(hashPersonalKey('0375-1234567', 's')).toBe(hashPersonalKey('03751234567', 's'));
  });

  it('differs by salt', () => {
    // Act / Assess
    expect(hashPersonalKey('13812341234', 'a')).not.toBe(hashPersonalKey('13812341234', 'b'));
  });
});
