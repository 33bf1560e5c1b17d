import * as z from 'zod/mini';
import { parseConfigJson } from '../validation.js';
import { PROFILE_IDS } from './profiles.js';

/** The record kinds a receiver may take: ratings (§6.6), cases, consultations and complaints (§6.7). */
export const EXCHANGE_KINDS = ['ratings', 'cases', 'consultations', 'complaints'] as const;
export type ExchangeKind = (typeof EXCHANGE_KINDS)[number];

const ReceiverId = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,39}$/, '应为1-40位小写字母、数字或连字符'));

/** One platform we export to (`EXCHANGE_RECEIVERS`, a JSON array of these). */
export const Receiver = z.strictObject({
  id: ReceiverId,
  name: z.string().check(z.minLength(1), z.maxLength(100)),
  /** Where batches are POSTed: https, or http to a loopback address (the local receiver). */
  url: z.url().check(
    z.refine((u: string) => u.startsWith('https://') || /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(u), {
      message: '应为 https 地址（本机测试可用 http://127.0.0.1）',
    }),
  ),
  profile: z.enum(PROFILE_IDS),
  /** Entitled to personal data (names, ID numbers, phones) and free text; otherwise they are masked or left out. */
  personalData: z.boolean(),
  kinds: z.array(z.enum(EXCHANGE_KINDS)).check(z.minLength(1)),
  /** Rows per batch. @default 200 */
  batchSize: z._default(z.int().check(z.gte(1), z.lte(1000)), 200),
});
export type Receiver = z.output<typeof Receiver>;

const Receivers = z.array(Receiver).check(
  z.refine((rs: { id: string }[]) => new Set(rs.map((r) => r.id)).size === rs.length, { message: '接收方 id 不能重复' }),
  z.maxLength(20),
);

/** The receivers from `EXCHANGE_RECEIVERS`, checked once at cold start; none when unset. */
export function parseReceivers(json: string | undefined): Receiver[] {
  return parseConfigJson('EXCHANGE_RECEIVERS', json, Receivers) ?? [];
}

/** Bearer tokens by receiver id from `EXCHANGE_TOKENS` (a JSON object; kept apart from the receivers so that config can be shown). */
export function parseTokens(json: string | undefined, receivers: readonly Receiver[]): Record<string, string> {
  const tokens = parseConfigJson('EXCHANGE_TOKENS', json, z.record(z.string(), z.string().check(z.minLength(8), z.maxLength(4096)))) ?? {};
  for (const id of Object.keys(tokens))
    if (!receivers.some((r) => r.id === id)) throw new Error(`EXCHANGE_TOKENS is invalid: ${id}: 不是已配置的接收方（EXCHANGE_RECEIVERS）`);
  return tokens;
}

/** How the export finds what changed (working with the per-unit index queries), from `EXCHANGE_CONFIG`. */
export interface ExchangeSettings {
  /**
   * Days before the exported day that the index query reaches back, per kind: a rating's
   * index time is when it was given (an offline pad sends it later), a case's when it was
   * accepted, a complaint's when it was received; it is exported on the day it was
   * received (rating) or last changed (case, complaint) if that index time is within this.
   */
  lookbackDays: Record<ExchangeKind, number>;
  /** Days the daily job catches up at most in one run (a receiver that was down). */
  catchUpDays: number;
}
export const DEFAULT_EXCHANGE_SETTINGS: ExchangeSettings = {
  lookbackDays: { ratings: 3, cases: 60, consultations: 60, complaints: 60 },
  catchUpDays: 7,
};
const LookDays = z.int().check(z.gte(0), z.lte(366));
const Overrides = z.partial(
  z.strictObject({
    lookbackDays: z.partial(z.strictObject({ ratings: LookDays, cases: LookDays, consultations: LookDays, complaints: LookDays })),
    catchUpDays: z.int().check(z.gte(1), z.lte(31)),
  }),
);

export function parseExchangeSettings(json: string | undefined): ExchangeSettings {
  const { lookbackDays, ...rest } = parseConfigJson('EXCHANGE_CONFIG', json, Overrides) ?? {};
  return { ...DEFAULT_EXCHANGE_SETTINGS, ...rest, lookbackDays: { ...DEFAULT_EXCHANGE_SETTINGS.lookbackDays, ...lookbackDays } };
}
