import type { Audience } from '../../ports/notifier.js';

/**
 * The inbox key of an audience: `unitStaff#U-1`, `unitLeader#U-1`, `supervisors#410400`,
 * `citizen#{personKey}`, `operators`; `supervisors#*` reaches every supervisor. Whoever holds the role reads that key.
 */
export function audienceKey(a: Audience): string {
  switch (a.kind) {
    case 'unitStaff':
    case 'unitLeader':
      return `${a.kind}#${a.unitId}`;
    case 'supervisors':
      return `supervisors#${a.regionCode}`;
    case 'allSupervisors':
      return 'supervisors#*';
    case 'citizen':
      return `citizen#${a.personKey}`;
    case 'operators':
      return 'operators';
  }
}

/**
 * A 行政区划 code and the codes of the regions above it, nearest first:
 * `410421101` (township) → `410421` (county) → `410400` (city) → `410000` (province);
 * 12-digit village codes start with their township's 9 digits. Every code returned
 * contains the given one in the sense of `regionContains` (functions/core/access.ts).
 * Anything that is not a 6/9/12-digit code is returned alone.
 */
export function regionAncestors(code: string): string[] {
  if (!/^\d+$/.test(code)) return [code];
  if (code.length === 12) return [code, ...regionAncestors(code.slice(0, 9))];
  if (code.length === 9) return [code, ...regionAncestors(code.slice(0, 6))];
  if (code.length !== 6 || code.endsWith('0000')) return [code];
  const province = `${code.slice(0, 2)}0000`;
  if (code.endsWith('00')) return [code, province];
  return [code, `${code.slice(0, 4)}00`, province];
}

/**
 * Every inbox a notification is written to. A notification to a region's supervisors is
 * also written under each region above it, because the city supervisor must see what the
 * county supervisors see and cannot cheaply enumerate the counties when reading.
 */
export function deliveryKeys(a: Audience): string[] {
  if (a.kind === 'supervisors') return regionAncestors(a.regionCode).map((code) => `supervisors#${code}`);
  return [audienceKey(a)];
}
