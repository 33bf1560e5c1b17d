import * as z from 'zod/mini';
import { REPORT_KINDS } from '../core/reports/layout.js';
import { IsoDate, Paging, type RouteDef } from './route-def.js';
import { ReportCreatedResponse, ReportListResponse, ReportRecordResponse } from './responses-supervision.js';

const RegionCode = z.string().check(z.regex(/^(\d{6}|\d{9}|\d{12})$/, '应为6、9或12位数字的行政区划代码'));
const ReportPath = z.strictObject({
  reportId: z.string().check(z.regex(/^[a-z]+-\d{6,12}-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}$/, '报告编号格式不正确')),
});

export const ReportBody = z.strictObject({
  kind: z.enum(REPORT_KINDS),
  regionCode: z.optional(RegionCode),
  from: z.optional(IsoDate),
  to: z.optional(IsoDate),
  month: z.optional(z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM'))),
  year: z.optional(z.string().check(z.regex(/^20\d{2}$/, '年份格式应为 YYYY'))),
});

/** Reports (双周通报, 工作进展报告, 年度报告): generated on schedule or on demand, as XLSX and a printable page. */
export const REPORT_ROUTES = {
  createReport: {
    method: 'POST',
    path: '/reports',
    summary:
      '按需生成报告（kind：biweekly 双周通报、progress 工作进展报告、year 年度报告；区划默认本人所辖，期间用 from/to、month 或 year，缺省为该类报告的最近一期），同一类别、区划、期间重复生成时替换原报告；生成后通知该区划监管人员',
    auth: ['supervisor', 'admin'],
    handler: 'report-create',
    tag: 'reports',
    response: ReportCreatedResponse,
    created: true,
    body: ReportBody,
    uses: ['files', 'notify'],
  },
  listReports: {
    method: 'GET',
    path: '/reports',
    summary: '本区划（或所辖下级区划 regionCode）的报告，按统计期间由近及远；管理员不指定区划时为全部',
    auth: ['supervisor', 'admin'],
    handler: 'report-list',
    tag: 'reports',
    response: ReportListResponse,
    query: z.strictObject({ regionCode: z.optional(RegionCode), ...Paging }),
  },
  getReport: {
    method: 'GET',
    path: '/reports/{reportId}',
    summary: '报告记录：类别、区划、期间、状态、各部分条数、生成与更新时间',
    auth: ['supervisor', 'admin'],
    handler: 'report-get',
    tag: 'reports',
    response: ReportRecordResponse,
    params: ReportPath,
  },
  downloadReportXlsx: {
    method: 'GET',
    path: '/reports/{reportId}/xlsx',
    summary: '下载报告 Excel（每部分一个工作表）',
    auth: ['supervisor', 'admin'],
    handler: 'report-xlsx',
    tag: 'reports',
    params: ReportPath,
    uses: ['files'],
  },
  downloadReportHtml: {
    method: 'GET',
    path: '/reports/{reportId}/html',
    summary: '下载报告打印版（A4 网页，无脚本）',
    auth: ['supervisor', 'admin'],
    handler: 'report-html',
    tag: 'reports',
    params: ReportPath,
    uses: ['files'],
  },
} as const satisfies Record<string, RouteDef>;
