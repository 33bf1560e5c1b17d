import type { RouteDef } from './route-def.js';
import { PageRulesResponse } from './responses.js';

/** System routes: health, the OpenAPI document, the rules pages use, the caller. */
export const SYSTEM_ROUTES = {
  health: { method: 'GET', path: '/health', summary: '健康检查', auth: 'public', handler: 'health', tag: 'system' },
  openapi: { method: 'GET', path: '/openapi.json', summary: 'OpenAPI 3.1 文档', auth: 'public', handler: 'openapi', tag: 'system' },
  meta: {
    method: 'GET',
    path: '/meta',
    summary: '页面使用的规则（整改材料大小与类型、评价字数与差评原因、差评环节），取自接口自身的校验常量',
    auth: 'public',
    handler: 'meta',
    tag: 'system',
    response: PageRulesResponse,
  },
  me: { method: 'GET', path: '/me', summary: '当前登录身份', auth: 'any', handler: 'me', tag: 'system' },
} as const satisfies Record<string, RouteDef>;
