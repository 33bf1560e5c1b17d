/**
 * 重复投诉 (repeat complaints): the same person — matched by keyed hashes of the ID number
 * and/or phone, never the raw values — complaining about the same unit or the same service
 * item within 60 days (configurable) of an earlier complaint. Pure functions, no I/O.
 */
import { addCalendarDays, shanghaiDate } from '../calendar.js';
import { hashPersonalKey, isValidPhone } from '../identity.js';

/** Default look-back window of repeat detection, in calendar days (Asia/Shanghai dates). */
export const REPEAT_WINDOW_DAYS = 60;

/** What repeat detection needs of a complaint. */
export type RepeatCandidate = {
  id: string;
  /** ISO instant of receipt (受理). */
  receivedAt: string;
  /** Keyed hashes of the complainant's ID number and/or phone (`complainantKeys`); empty for anonymous ones. */
  complainantKeys: readonly string[];
  unitId?: string;
  itemCode?: string;
};

export type RepeatOptions = {
  /** Calendar days before the new complaint's date (Shanghai) that still count; default 60. */
  windowDays?: number;
};

export type RepeatMatch = {
  id: string;
  receivedAt: string;
  /** Why it is a repeat: same unit, same item, or both. */
  sameUnit: boolean;
  sameItem: boolean;
  /** Calendar days (Shanghai dates) between the earlier complaint and the new one. */
  daysBefore: number;
};

const DAY_MS = 86_400_000;

function daysBetween(earlierDate: string, laterDate: string): number {
  return Math.round((Date.parse(`${laterDate}T00:00:00Z`) - Date.parse(`${earlierDate}T00:00:00Z`)) / DAY_MS);
}

/** Whether `a` came before `b`: by instant, ties broken by id so that exactly one of two simultaneous complaints is "earlier". */
function isBefore(a: RepeatCandidate, b: RepeatCandidate): boolean {
  const ta = Date.parse(a.receivedAt);
  const tb = Date.parse(b.receivedAt);
  return ta < tb || (ta === tb && a.id < b.id);
}

/**
 * The earlier complaints that `complaint` repeats: at least one complainant key in common,
 * the same unit or the same item, received before it and on or after the date `windowDays`
 * calendar days before its date (Asia/Shanghai). Most recent first (ties by id).
 * A complaint without keys (anonymous) repeats nothing.
 */
export function findRepeats(complaint: RepeatCandidate, earlier: readonly RepeatCandidate[], options: RepeatOptions = {}): RepeatMatch[] {
  const windowDays = options.windowDays ?? REPEAT_WINDOW_DAYS;
  if (!Number.isInteger(windowDays) || windowDays < 0) throw new RangeError(`windowDays must be a non-negative integer: ${windowDays}`);
  const keys = new Set(complaint.complainantKeys.filter((k) => k !== ''));
  if (keys.size === 0) return [];
  const date = shanghaiDate(complaint.receivedAt);
  const from = addCalendarDays(date, -windowDays);
  const matches: RepeatMatch[] = [];
  for (const e of earlier) {
    if (e.id === complaint.id || !isBefore(e, complaint)) continue;
    const eDate = shanghaiDate(e.receivedAt);
    if (eDate < from) continue;
    if (!e.complainantKeys.some((k) => keys.has(k))) continue;
    const sameUnit = complaint.unitId !== undefined && complaint.unitId === e.unitId;
    const sameItem = complaint.itemCode !== undefined && complaint.itemCode === e.itemCode;
    if (!sameUnit && !sameItem) continue;
    matches.push({ id: e.id, receivedAt: e.receivedAt, sameUnit, sameItem, daysBefore: daysBetween(eDate, date) });
  }
  return matches.sort((a, b) => Date.parse(b.receivedAt) - Date.parse(a.receivedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * A phone number in one canonical form, or undefined when it is not a mainland mobile or
 * landline: spaces, hyphens, dots and brackets dropped; a `+86` / `0086` / `86` country
 * prefix dropped (a landline written internationally gets its trunk 0 back); a trunk 0
 * before a mobile dropped. `0375-1234567`, `(0375) 123 4567`, `+86 375 1234567` → `03751234567`;
 * `+86 138-1234-5678`, `8613812345678` → `13812345678`.
 */
export function normalizePhone(phone: string): string | undefined {
  let s = phone
    .normalize('NFKC')
    .trim()
    .replace(/[\s\-.()（）]/g, '');
  const prefix = /^(\+86|0086|86(?=1[3-9]\d{9}$))/.exec(s)?.[0];
  const international = prefix !== undefined;
  if (prefix) s = s.slice(prefix.length);
  if (!/^\d+$/.test(s)) return undefined;
  if (international && s.startsWith('0')) s = s.slice(1);
  if (international && !/^1[3-9]\d{9}$/.test(s)) s = `0${s}`;
  if (/^01[3-9]\d{9}$/.test(s)) s = s.slice(1);
  return isValidPhone(s) ? s : undefined;
}

/**
 * The complainant keys of a person for repeat detection: the keyed hash of the ID number
 * (the same value as the `personKey` of cases and ratings) and of the normalized phone
 * (prefixed `tel:` so the two never collide). Missing or unusable values give no key;
 * a phone that is not a mainland number is hashed as written (spaces and hyphens dropped).
 */
export function complainantKeys(person: { idNumber?: string | undefined; phone?: string | undefined }, salt: string): string[] {
  const keys: string[] = [];
  const id = person.idNumber?.trim();
  if (id) keys.push(hashPersonalKey(id, salt));
  const rawPhone = person.phone?.trim();
  if (rawPhone) keys.push(hashPersonalKey(`tel:${normalizePhone(rawPhone) ?? rawPhone}`, salt));
  return keys;
}
