import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { CaseNumber, type CaseRecord, PastInstant } from './cases.js';
import { RegionCode } from './catalog.js';
import type { RatedCase } from './rating-ticket.js';
import { Person } from './people.js';
import { Text } from './text.js';

/** GB/T 39046 table A.8 satisfaction codes (满意度代码). 4 and 5 are bad reviews (差评). */
export const LEVEL_NAMES = { 1: '非常满意', 2: '满意', 3: '基本满意', 4: '不满意', 5: '非常不满意' } as const;
export type Level = keyof typeof LEVEL_NAMES;
export const isBad = (level: number) => level >= 4;

/** Canonical channels (评价渠道) and their GB/T 39046 texts; every interface maps to these at its edge. */
export const CHANNELS = {
  pc: 'PC端',
  mobile: '移动服务端',
  qr: '二维码',
  pad: '政务大厅平板电脑',
  terminal: '政务大厅其他终端',
  phone: '电话',
  sms: '短信',
  default: '系统默认评价',
} as const;
export type Channel = keyof typeof CHANNELS;
/** Channels a person can rate through; `default` is given only by the system. */
export const SubmitChannel = z.enum(['pc', 'mobile', 'qr', 'pad', 'terminal', 'phone', 'sms']);

/** Bad-review reason tags (差评原因); online channels add three about the platform. */
export const BASE_TAGS = ['承诺履行', '服务态度', '申请材料', '办事效率', '跑趟次数', '服务机制', '勤政廉洁'] as const;
export const ONLINE_TAGS = ['办事指南精确度', '办事便捷度', '平台操作性'] as const;
const ONLINE_CHANNELS: readonly Channel[] = ['pc', 'mobile'];
export const allowedTags = (channel: Channel): readonly string[] => (ONLINE_CHANNELS.includes(channel) ? [...BASE_TAGS, ...ONLINE_TAGS] : BASE_TAGS);

export const MAX_TEXT = 500;

export const RatingInput = z
  .strictObject({
    caseNumber: CaseNumber,
    /** 评价次数: 1 the active rating, 2 the one follow-up (追评). */
    assessNumber: z._default(z.union([z.literal(1), z.literal(2)]), 1),
    level: z.int().check(z.gte(1), z.lte(5)),
    channel: SubmitChannel,
    tags: z._default(z.array(z.string()).check(z.maxLength(10)), []),
    text: z.optional(Text({ max: MAX_TEXT, min: 0, multiline: true })),
    anonymous: z._default(z.boolean(), false),
    rater: z.optional(Person),
    venueId: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,40}$/))),
    windowId: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,40}$/))),
    deviceId: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,40}$/))),
    /** 行政区划 where the rating was given; defaults to the case's region. */
    regionCode: z.optional(RegionCode),
    /** When the rater rated; offline pads send the original time. Defaults to receipt time. */
    ratedAt: z.optional(PastInstant),
    /** A pad's rating ticket from its board (core/rating-ticket.ts): spares the case read. Not stored. */
    ticket: z.optional(z.string().check(z.maxLength(600))),
  })
  .check(
    z.superRefine((r, ctx) => {
      const allowed = allowedTags(r.channel);
      r.tags.forEach((t, i) => {
        if (!allowed.includes(t))
          ctx.addIssue({ code: 'custom', path: ['tags', i], params: { rule: 'enum' }, message: `不是该渠道可用的差评原因，可选：${allowed.join('、')}` });
      });
      if (isBad(r.level) && r.tags.length === 0)
        ctx.addIssue({ code: 'custom', path: ['tags'], params: { rule: 'required_for_bad_review' }, message: '不满意或非常不满意的评价至少选择一个原因' });
      if (r.anonymous && r.rater)
        ctx.addIssue({ code: 'custom', path: ['rater'], params: { rule: 'forbidden_when_anonymous' }, message: '匿名评价不能提交评价人信息' });
    }),
  );
export type RatingInput = z.infer<typeof RatingInput>;

/** A stored rating (评价). */
export interface RatingRecord {
  ratingId: string;
  caseNumber: string;
  assessNumber: 1 | 2;
  level: Level;
  levelName: string;
  channel: Channel;
  channelName: string;
  tags: string[];
  text?: string;
  anonymous: boolean;
  rater?: Person;
  personKey?: string;
  itemCode: string;
  unitId: string;
  regionCode: string;
  caseRegionCode: string;
  /** Attribution: the venue and window where the case was handled (谁办理、谁负责). */
  venueId?: string;
  windowId?: string;
  /** Where the rating was given, when that is another place than where the case was handled. */
  givenAt?: { venueId?: string; windowId?: string };
  deviceId?: string;
  ratedAt: string;
  receivedAt: string;
  /** Active ratings count towards 主动评价率; system default ratings do not. */
  active: boolean;
  bad: boolean;
  submittedBy: string;
  idempotencyKey?: string;
  contentHash: string;
  /** An upheld appeal (申诉成立) voids the rating: it leaves every indicator. */
  voided?: boolean;
  voidedAt?: string;
}

export const ratingId = (caseNumber: string, assessNumber: number) => `${caseNumber}-${assessNumber}`;

/** Hash of what the rater said: a retry with the same content is the same rating. */
export function contentHash(r: Pick<RatingInput, 'caseNumber' | 'assessNumber' | 'level' | 'tags' | 'text' | 'anonymous'> & { channel: Channel }): string {
  const canon = JSON.stringify([r.caseNumber, r.assessNumber, r.level, r.channel, [...r.tags].sort(), r.text ?? '', r.anonymous]);
  return createHash('sha256').update(canon).digest('hex').slice(0, 32);
}

/**
 * Where a rating was given, kept apart from the case's own venue and window (which keep the
 * attribution): only when it differs, and never a window of one venue paired with another.
 */
function givenAt(input: RatingInput, kase: RatedCase): Pick<RatingRecord, 'givenAt'> {
  const venueId = input.venueId ?? kase.venueId;
  const windowId = input.windowId ?? (venueId === kase.venueId ? kase.windowId : undefined);
  if (venueId === kase.venueId && windowId === kase.windowId) return {};
  return { givenAt: { ...(venueId ? { venueId } : {}), ...(windowId ? { windowId } : {}) } };
}

/** Builds the record for a submission on a known case. */
export function buildRating(
  input: RatingInput,
  kase: RatedCase,
  ctx: { now: string; submittedBy: string; personKey?: string; idempotencyKey?: string },
): RatingRecord {
  const level = input.level as Level;
  return {
    ratingId: ratingId(input.caseNumber, input.assessNumber),
    caseNumber: input.caseNumber,
    assessNumber: input.assessNumber,
    level,
    levelName: LEVEL_NAMES[level],
    channel: input.channel,
    channelName: CHANNELS[input.channel],
    tags: input.tags,
    ...(input.text ? { text: input.text } : {}),
    anonymous: input.anonymous,
    ...(input.rater ? { rater: input.rater } : {}),
    ...(!input.anonymous && ctx.personKey ? { personKey: ctx.personKey } : {}),
    itemCode: kase.itemCode,
    unitId: kase.unitId,
    regionCode: input.regionCode ?? kase.regionCode,
    caseRegionCode: kase.regionCode,
    venueId: kase.venueId,
    windowId: kase.windowId,
    ...givenAt(input, kase),
    ...(input.deviceId ? { deviceId: input.deviceId } : {}),
    ratedAt: input.ratedAt ?? ctx.now,
    receivedAt: ctx.now,
    active: true,
    bad: isBad(level),
    submittedBy: ctx.submittedBy,
    ...(ctx.idempotencyKey ? { idempotencyKey: ctx.idempotencyKey } : {}),
    contentHash: contentHash(input),
  };
}

/** The default rating (默认好评): 满意, channel "system default", never an active rating. */
export function buildDefaultRating(kase: CaseRecord, now: string): RatingRecord {
  const input = { caseNumber: kase.caseNumber, assessNumber: 1 as const, level: 2, channel: 'default' as Channel, tags: [], anonymous: true };
  return {
    ratingId: ratingId(kase.caseNumber, 1),
    caseNumber: kase.caseNumber,
    assessNumber: 1,
    level: 2,
    levelName: LEVEL_NAMES[2],
    channel: 'default',
    channelName: CHANNELS.default,
    tags: [],
    anonymous: true,
    itemCode: kase.itemCode,
    unitId: kase.unitId,
    regionCode: kase.regionCode,
    caseRegionCode: kase.regionCode,
    venueId: kase.venueId,
    windowId: kase.windowId,
    ratedAt: now,
    receivedAt: now,
    active: false,
    bad: false,
    submittedBy: 'system',
    contentHash: contentHash(input),
  };
}

/** Working days after 办结 before a case gets its default rating. */
export const DEFAULT_RATING_WORKING_DAYS = 7;
