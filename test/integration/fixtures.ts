/**
 * Data builders for integration tests. Every test makes its own cases with a random
 * suffix, so tests never share records and can run in any order, in parallel.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { expect } from 'vitest';
import { chineseIdCheckChar } from '../../functions/core/identity.js';
import { DEMO_CITIZEN_ID } from '../../functions/local/demo-users.js';
import { api, baseUrl } from './http.js';

/** A short random suffix for case numbers and catalog keys. */
export const uid = () => randomBytes(5).toString('hex').toUpperCase();

/** A random, valid 18-character resident ID (GB 11643 check character). */
export function randomResidentId(): string {
  const birth = `19${randomInt(50, 99)}${String(randomInt(1, 13)).padStart(2, '0')}${String(randomInt(1, 29)).padStart(2, '0')}`;
  const first17 = `410402${birth}${String(randomInt(0, 1000)).padStart(3, '0')}`;
  return first17 + chineseIdCheckChar(first17);
}

/** The same ID with a wrong check character. */
export const withWrongCheckDigit = (id: string) => id.slice(0, 17) + (id[17] === '0' ? '1' : '0');

export const randomPerson = () => ({ name: '测试人', idType: 'resident_id' as const, idNumber: randomResidentId() });
export const DEMO_CITIZEN = { name: '张三', idType: 'resident_id' as const, idNumber: DEMO_CITIZEN_ID, phone: '13900001111' };

/** Seeded catalog places (functions/local/seed.ts). */
export const PLACES = {
  /** 市市场监督管理局 at the city hall, window W01: the unit of the `client` demo token. */
  scjg: { unitId: 'U-SCJG', itemCode: '4104-01-001', venueId: 'V-CITY', windowId: 'W01' },
  /** 市公安局 at the city hall, window W02: another unit, same venue as the `pad` token. */
  ga: { unitId: 'U-GA', itemCode: '4104-02-001', venueId: 'V-CITY', windowId: 'W02' },
  /** 宝丰县 (410421) county hall. */
  county: { unitId: 'U-410421', itemCode: '410421-001', venueId: 'V-410421', windowId: 'W01' },
} as const;

export interface PushedCase {
  caseNumber: string;
  input: Record<string, unknown>;
}

/** Pushes a new case through POST /cases and checks it was created. */
export async function pushCase(
  opts: { place?: keyof typeof PLACES; applicant?: object; as?: string; extra?: Record<string, unknown> } = {},
): Promise<PushedCase> {
  const place = PLACES[opts.place ?? 'scjg'];
  const caseNumber = `IT-${uid()}`;
  const accepted = new Date(Date.now() - 2 * 3_600_000).toISOString();
  const input = {
    caseNumber,
    ...place,
    applicantKind: 'person',
    applicant: opts.applicant ?? randomPerson(),
    acceptedAt: accepted,
    completedAt: new Date(Date.now() - 3_600_000).toISOString(),
    status: 'completed',
    ...opts.extra,
  };
  const res = await api('POST', '/cases', { as: opts.as ?? (opts.place && opts.place !== 'scjg' ? 'admin' : 'client'), body: input });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return { caseNumber, input };
}

/** The case as an admin reads it (ratings included); status 404 when it does not exist. */
export async function readCase(caseNumber: string) {
  return api('GET', `/cases/${caseNumber}`, { as: 'admin' });
}

/** The ratings stored for a case. */
export async function ratingsOf(caseNumber: string): Promise<any[]> {
  const res = await readCase(caseNumber);
  expect(res.status).toBe(200);
  return res.json.ratings;
}

/** Raw bytes of a response (QR images). */
export async function fetchBytes(path: string) {
  const res = await fetch(`${baseUrl()}${path}`);
  return { status: res.status, contentType: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
}

/** The `{field, rule}` pairs of an error response. */
export const issuesOf = (json: any): { field: string; rule: string }[] =>
  (json?.error?.issues ?? []).map((i: { field: string; rule: string }) => ({ field: i.field, rule: i.rule }));
