import * as z from 'zod/mini';
import { CaseNumber } from '../core/cases.js';
import type { RouteDef } from './route-def.js';
import { PadBoardResponse } from './responses.js';

const Id = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,40}$/, '只能包含字母、数字、下划线和连字符，最长40位'));
const WindowParams = z.strictObject({ venueId: Id, windowId: Id });

export const CurrentCaseBody = z.strictObject({ caseNumber: CaseNumber });

/** The hall pad (评价器): the case a window has just handled, pushed by the business system and read by the window's pad. */
export const PAD_ROUTES = {
  putCurrentCase: {
    method: 'PUT',
    path: '/windows/{venueId}/{windowId}/current-case',
    summary: '推送窗口刚办结的办件，供该窗口的评价器显示（重复推送同一办件无变化）',
    auth: ['client', 'admin'],
    handler: 'pad-current-case-put',
    tag: 'pad',
    params: WindowParams,
    body: CurrentCaseBody,
  },
  getCurrentCase: {
    method: 'GET',
    path: '/windows/{venueId}/{windowId}/current-case',
    summary: '评价器读取本窗口当前待评价的办件（支持 If-None-Match，未变化时 304）',
    auth: ['client', 'admin'],
    handler: 'pad-current-case-get',
    tag: 'pad',
    response: PadBoardResponse,
    params: WindowParams,
  },
} as const satisfies Record<string, RouteDef>;
