import * as z from 'zod/mini';
import { CHANNELS, type Channel } from '../core/ratings.js';
import { IsoDate, type RouteDef } from './route-def.js';
import { DisclosureResponse } from './responses-admin.js';
import { CommendationListResponse, CoverageResponse, IndicatorsResponse } from './responses-supervision.js';

const Period = {
  month: z.optional(z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM'))),
  from: z.optional(IsoDate),
  to: z.optional(IsoDate),
};
const RegionCode = z.string().check(z.regex(/^(\d{6}|\d{9}|\d{12})$/, '应为6、9或12位数字的行政区划代码'));
const Code = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,50}$/, '应为1-50位字母、数字、下划线或连字符'));
const ChannelName = z.enum(Object.keys(CHANNELS) as [Channel, ...Channel[]]);

/** Indicators (指标) kept from the table's stream. */
export const INDICATOR_ROUTES = {
  getIndicators: {
    method: 'GET',
    path: '/indicators',
    summary:
      '指标：区划（含下级区划与单位排名）、单位或事项在某月或任意期间（≤1年）的主动评价率、好评率、差评率、实名差评回访率、整改率、按期整改率、咨询投诉按期办结率、平均办理时长、渠道构成（各渠道好评率、差评率；channel 指定一个渠道）、任务交办单（含逾期）与升级、列入通报名单的单位、人均办件量，及近6个月趋势',
    auth: ['supervisor', 'admin', 'staff', 'leader'],
    handler: 'indicators-get',
    tag: 'indicators',
    response: IndicatorsResponse,
    query: z.strictObject({
      regionCode: z.optional(RegionCode),
      unitId: z.optional(Code),
      itemCode: z.optional(Code),
      channel: z.optional(ChannelName),
      ...Period,
    }),
  },
  getCoverage: {
    method: 'GET',
    path: '/indicators/coverage',
    summary:
      '覆盖情况：区划（含下级）或单位在某月或任意期间的主动评价覆盖事项率、办件涉及事项发生率、评价器覆盖率（市县政务服务大厅窗口）、二维码覆盖率（乡镇、村便民服务点），及按区划、单位列出的缺口：有办结办件但无主动评价的事项、无评价器的窗口、未张贴二维码的服务点',
    auth: ['supervisor', 'admin', 'staff', 'leader'],
    handler: 'indicators-coverage',
    tag: 'indicators',
    response: CoverageResponse,
    query: z.strictObject({ regionCode: z.optional(RegionCode), unitId: z.optional(Code), ...Period }),
  },
  listCommendedUnits: {
    method: 'GET',
    path: '/commendation-list',
    summary: '通报表彰名单：本区域在统计期内表现好的单位（评价≥10条、好评率≥95%、差评按期整改与咨询投诉按期办结均为100%、无升级督办）',
    auth: ['supervisor', 'admin'],
    handler: 'commendation-list',
    tag: 'indicators',
    response: CommendationListResponse,
    query: z.strictObject({ regionCode: z.optional(RegionCode), ...Period }),
  },
  publicDisclosure: {
    method: 'GET',
    path: '/public/disclosure',
    summary: '评价结果及整改情况公开（无需登录，可缓存）：某区划各单位或某单位各事项的评价数、好评率、差评率、整改率、按期整改率，不含任何个人信息',
    auth: 'public',
    handler: 'public-disclosure',
    tag: 'indicators',
    response: DisclosureResponse,
    query: z.strictObject({ regionCode: z.optional(RegionCode), unitId: z.optional(Code), ...Period }),
  },
} as const satisfies Record<string, RouteDef>;
