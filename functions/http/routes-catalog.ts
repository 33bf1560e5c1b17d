import * as z from 'zod/mini';
import { CatalogKind } from '../core/catalog.js';
import { Paging, type RouteDef } from './route-def.js';
import { PlaceInfoResponse } from './responses.js';
import { CatalogListResponse } from './responses-admin.js';

export const CatalogKey = z.strictObject({ kind: CatalogKind, key: z.string().check(z.minLength(1), z.maxLength(100)) });

/** The catalog (目录): regions, units, venues, windows, service items. */
export const CATALOG_ROUTES = {
  listCatalog: {
    method: 'GET',
    path: '/catalog/{kind}',
    summary: '查询目录（区划、单位、场所、窗口、事项）',
    auth: 'any',
    handler: 'catalog-list',
    tag: 'catalog',
    response: CatalogListResponse,
    params: z.strictObject({ kind: CatalogKind }),
    query: z.strictObject({ prefix: z.optional(z.string().check(z.maxLength(60))), ...Paging }),
  },
  getCatalog: {
    method: 'GET',
    path: '/catalog/{kind}/{key}',
    summary: '查询单条目录记录（窗口的键为 场所:窗口）',
    auth: 'any',
    handler: 'catalog-get',
    tag: 'catalog',
    params: CatalogKey,
  },
  putCatalog: {
    method: 'PUT',
    path: '/catalog/{kind}/{key}',
    summary: '新增或修改目录记录',
    auth: ['admin'],
    handler: 'catalog-put',
    tag: 'catalog',
    params: CatalogKey,
    body: z.looseObject({}),
  },
  importCatalog: {
    method: 'POST',
    path: '/catalog/{kind}/import',
    summary: 'CSV 批量导入目录（全部校验通过才写入）',
    auth: ['admin'],
    handler: 'catalog-import',
    tag: 'catalog',
    params: z.strictObject({ kind: CatalogKind }),
    bodyType: 'csv',
    maxBodyBytes: 4 * 1024 * 1024,
  },
  placeInfo: {
    method: 'GET',
    path: '/places/{venueId}',
    summary: '评价页面使用的场所/窗口信息（公开）',
    auth: 'public',
    handler: 'place-info',
    tag: 'catalog',
    response: PlaceInfoResponse,
    params: z.strictObject({ venueId: z.string().check(z.maxLength(40)) }),
    query: z.strictObject({ window: z.optional(z.string().check(z.maxLength(40))) }),
  },
  qrCode: {
    method: 'GET',
    path: '/places/{venueId}/qr',
    summary: '场所或窗口的评价二维码（PNG/SVG，可打印）',
    auth: 'public',
    handler: 'qr-code',
    tag: 'catalog',
    params: z.strictObject({ venueId: z.string().check(z.maxLength(40)) }),
    query: z.strictObject({ window: z.optional(z.string().check(z.maxLength(40))), format: z._default(z.enum(['png', 'svg']), 'svg') }),
  },
} as const satisfies Record<string, RouteDef>;
