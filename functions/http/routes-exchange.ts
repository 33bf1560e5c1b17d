import * as z from 'zod/mini';
import { IsoDate, Paging, type RouteDef } from './route-def.js';

const ReceiverId = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,39}$/, '应为1-40位小写字母、数字或连字符'));

/** Data exchange with the provincial and national platforms (GB/T 39046 exports): admins only. */
export const EXCHANGE_ROUTES = {
  listExchangeReceivers: {
    method: 'GET',
    path: '/exchange/receivers',
    summary: '数据交换接收方（省级、国家平台）：数据规范方案、是否可接收个人信息、导出的数据种类及已送达至哪一天',
    auth: ['admin'],
    handler: 'exchange-receivers',
    tag: 'exchange',
  },
  listExchangeBatches: {
    method: 'GET',
    path: '/exchange/receivers/{receiverId}/batches',
    summary: '向某接收方发送的数据批次记录（新的在前）：种类、条数、时间窗口、尝试次数、状态与最后的错误',
    auth: ['admin'],
    handler: 'exchange-batches',
    tag: 'exchange',
    params: z.strictObject({ receiverId: ReceiverId }),
    query: z.strictObject(Paging),
  },
  listExchangeDeadLetters: {
    method: 'GET',
    path: '/exchange/dead-letters',
    summary: '数据交换死信（多次重试仍未被接收方接收的批次，旧的在前）',
    auth: ['admin'],
    handler: 'exchange-dead-letters',
    tag: 'exchange',
    query: z.strictObject(Paging),
  },
  replayExchangeBatch: {
    method: 'POST',
    path: '/exchange/batches/{batchId}/replay',
    summary: '重新发送一个失败的数据批次（同一批次编号，接收方据此去重）',
    auth: ['admin'],
    handler: 'exchange-replay',
    tag: 'exchange',
    params: z.strictObject({ batchId: z.string().check(z.maxLength(120)) }),
  },
  runExchangeExport: {
    method: 'POST',
    path: '/exchange/exports',
    summary: '立即导出某一天变更的数据（已结束的日期按整天导出，已送达的批次不重复发送；当天导出截至当前时间的部分）',
    auth: ['admin'],
    handler: 'exchange-run',
    tag: 'exchange',
    body: z.strictObject({ day: IsoDate, receiverId: z.optional(ReceiverId) }),
  },
} as const satisfies Record<string, RouteDef>;
