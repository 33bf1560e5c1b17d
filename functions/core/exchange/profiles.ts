import type { Channel, Level } from '../ratings.js';
import { CHANNELS, LEVEL_NAMES } from '../ratings.js';

/**
 * Mapping tables (profiles) for the platforms we export to: how a receiver writes the
 * rating channel (评价渠道) and the satisfaction code (满意度代码). The national profile is
 * GB/T 39046-2020 itself (channel as the standard's text, codes per table A.8: 1 非常满意 …
 * 5 非常不满意); provincial interfaces differ (REFERENCE.md, "Provincial interface variants").
 */
export interface ExchangeProfile {
  id: ProfileId;
  name: string;
  /** 评价渠道 as this receiver writes it; a channel absent here cannot be expressed. */
  channels: Partial<Record<Channel, string>>;
  /** 满意度代码 by our level (which is the A.8 code). */
  satisfactionCodes: Record<Level, number>;
}

export const PROFILE_IDS = ['national', 'zhejiang', 'vendor-b'] as const;
export type ProfileId = (typeof PROFILE_IDS)[number];

export const PROFILES: Record<ProfileId, ExchangeProfile> = {
  /** GB/T 39046-2020: channel texts (§6.6), 满意度代码 table A.8. */
  national: {
    id: 'national',
    name: 'GB/T 39046-2020（国家标准）',
    channels: { ...CHANNELS },
    satisfactionCodes: { 1: 1, 2: 2, 3: 3, 4: 4, 5: 5 },
  },
  /** Zhejiang/Ningbo 办件评价: numbered channels without 电话, satisfaction codes inverted (1 非常不满意 … 5 非常满意). */
  zhejiang: {
    id: 'zhejiang',
    name: '浙江省接口（满意度代码倒序）',
    channels: { pc: '1', mobile: '2', qr: '3', pad: '4', terminal: '5', sms: '6', default: '7' },
    satisfactionCodes: { 1: 5, 2: 4, 3: 3, 4: 2, 5: 1 },
  },
  /** Another vendor's entity: channels 1 PC … 6 电话, 7 短信, no system default; A.8 codes. */
  'vendor-b': {
    id: 'vendor-b',
    name: '厂商B接口（渠道编号）',
    channels: { pc: '1', mobile: '2', qr: '3', pad: '4', terminal: '5', phone: '6', sms: '7' },
    satisfactionCodes: { 1: 1, 2: 2, 3: 3, 4: 4, 5: 5 },
  },
};

/** A record this receiver's interface has no code for: it is left out of the export and counted. */
export class UnmappableError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'UnmappableError';
  }
}

/** 评价渠道 in the profile's terms; throws {@link UnmappableError} for a channel it cannot express. */
export function channelCode(profile: ExchangeProfile, channel: Channel): string {
  const code = profile.channels[channel];
  if (code === undefined) throw new UnmappableError('评价渠道', `${profile.name}没有“${CHANNELS[channel]}”渠道的代码`);
  return code;
}

/** 满意度代码 in the profile's terms, and 满意度 (always the A.8 text of the level). */
export function satisfaction(profile: ExchangeProfile, level: Level): { 满意度: string; 满意度代码: number } {
  return { 满意度: LEVEL_NAMES[level], 满意度代码: profile.satisfactionCodes[level] };
}
