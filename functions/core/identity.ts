/**
 * Personal-data rules: ID / credit-code / phone validation, display masking, and
 * salted hashes for repeat detection.
 */
import { createHash } from 'node:crypto';
import { shanghaiDate } from './calendar.js';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = '10X98765432';

/** The GB 11643-1999 check character for the first 17 digits of a resident ID. */
export function chineseIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK_CHARS.charAt(sum % 11);
}

/**
 * An 18-character resident ID (GB 11643-1999): 17 digits plus a check character
 * (digit or X/x), with a real birth date between 1900-01-01 and `today` (Shanghai).
 */
export function isValidChineseId(id: string, today: string = shanghaiDate(new Date())): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false;
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  const parsed = new Date(`${birth}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== birth) return false;
  if (birth < '1900-01-01' || birth > today) return false;
  return chineseIdCheckChar(id) === id.charAt(17).toUpperCase();
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The GB 32100-2015 check character for the first 17 characters of a credit code. */
export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(first17.charAt(i)) * (USCC_WEIGHTS[i] ?? 0);
  return USCC_CHARS.charAt((31 - (sum % 31)) % 31);
}

/** An 18-character unified social credit code (统一社会信用代码, GB 32100-2015); case-insensitive. */
export function isValidUnifiedSocialCreditCode(code: string): boolean {
  const upper = code.toUpperCase();
  if (!/^[0-9ABCDEFGHJKLMNPQRTUWXY]{18}$/.test(upper)) return false;
  return usccCheckChar(upper) === upper[17];
}

const MOBILE_RE = /^1[3-9]\d{9}$/;
/** Area code (010, 02x: 3 digits; 0[3-9]xx: 4 digits), optional hyphen, local number. */
const LANDLINE_RE = /^(0(?:10|2\d)|0[3-9]\d{2})(-?)(\d{7,8})$/;

/**
 * Splits a mainland landline into area code and local number, or undefined when it is not
 * one: 3-digit area codes (010, 02x) have 8-digit numbers, 4-digit ones 7 or 8, so a
 * landline has 11 or 12 digits and no mainland number has 10. Validation and masking
 * both use this one split.
 */
export function splitLandline(phone: string): { area: string; sep: string; number: string } | undefined {
  const m = LANDLINE_RE.exec(phone);
  if (!m) return undefined;
  const [, area = '', sep = '', number = ''] = m;
  if (area.length === 3 && number.length !== 8) return undefined;
  return { area, sep, number };
}

/** A mainland mobile number: 11 digits starting 13–19. */
export function isValidMobile(phone: string): boolean {
  return MOBILE_RE.test(phone);
}

/** A mainland mobile, or a landline such as `0375-1234567` / `03751234567` / `010-12345678`. */
export function isValidPhone(phone: string): boolean {
  return MOBILE_RE.test(phone) || splitLandline(phone) !== undefined;
}

/** Keeps `start` leading and `end` trailing characters; masks everything if too short to keep both. */
function maskMiddle(value: string, start: number, end: number): string {
  const chars = Array.from(value);
  if (chars.length <= start + end) return '*'.repeat(chars.length);
  return chars.slice(0, start).join('') + '*'.repeat(chars.length - start - end) + chars.slice(-end).join('');
}

/** Masks an ID number keeping the first 6 and last 4 characters (`410402********1234`). */
export function maskId(id: string): string {
  return maskMiddle(id, 6, 4);
}

/**
 * Masks a phone number: mobiles keep the first 3 and last 4 (`138****1234`); landlines keep
 * the area code and the last 2 (`0375-*****67`); anything else is masked like a mobile.
 */
export function maskPhone(phone: string): string {
  if (MOBILE_RE.test(phone)) return maskMiddle(phone, 3, 4);
  const landline = splitLandline(phone);
  if (landline) return landline.area + landline.sep + maskMiddle(landline.number, 0, 2);
  return maskMiddle(phone, 3, 4);
}

/** Common two-character surnames (复姓), kept whole when masking a name. */
const COMPOUND_SURNAMES = new Set([
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '轩辕',
  '令狐',
  '钟离',
  '端木',
  '独孤',
  '南宫',
  '西门',
  '百里',
  '呼延',
  '澹台',
  '太史',
  '申屠',
  '闻人',
]);

/** Masks a name keeping only the surname: `张*`, `李**`, `欧阳**` (common 复姓 kept whole). */
export function maskName(name: string): string {
  const chars = Array.from(name);
  const keep = chars.length > 2 && COMPOUND_SURNAMES.has(chars.slice(0, 2).join('')) ? 2 : 1;
  return chars.slice(0, keep).join('') + '*'.repeat(Math.max(0, chars.length - keep));
}

/**
 * sha256 hex of `salt` + the normalized value (trimmed, uppercased, inner spaces and
 * hyphens removed), so `0375-1234567` and `03751234567` match. For repeat detection.
 */
export function hashPersonalKey(value: string, salt: string): string {
  const normalized = value.trim().toUpperCase().replace(/[\s-]/g, '');
  return createHash('sha256')
    .update(salt + normalized, 'utf8')
    .digest('hex');
}
