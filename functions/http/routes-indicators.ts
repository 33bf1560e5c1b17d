import * as z from 'zod/mini';
import { IsoDate, type RouteDef } from './route-def.js';

const Code = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,50}$/, '应为1-50位字母、数字、下划线或连字符'));

/** Indicators (指标) kept from the table's stream. */
export const INDICATOR_ROUTES = {
  getIndicators: {
    method: 'GET',
    path: '/indicators',
    summary:
      '指标：区划（含下级区划与单位排名）、单位或事项在某月或任意期间（≤1年）的主动评价率、好评率、差评率、实名差评回访率、整改率、按期整改率、咨询投诉按期办结率、平均办理时长、渠道构成、任务交办单与升级，及近6个月趋势',
    auth: ['supervisor', 'admin', 'staff', 'leader'],
    handler: 'indicators-get',
    tag: 'indicators',
    query: z.strictObject({
      regionCode: z.optional(z.string().check(z.regex(/^(\d{6}|\d{9}|\d{12})$/, '应为6、9或12位数字的行政区划代码'))),
      unitId: z.optional(Code),
      itemCode: z.optional(Code),
      month: z.optional(z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM'))),
      from: z.optional(IsoDate),
      to: z.optional(IsoDate),
    }),
  },
} as const satisfies Record<string, RouteDef>;
