import * as z from 'zod/mini';
import { CaseNumber } from '../core/cases.js';
import { INVITATION_TTL_HOURS, MAX_INVITATION_LENGTH } from '../core/invitations.js';
import { MAX_TEXT } from '../core/ratings.js';
import { Text } from '../core/text.js';
import type { RouteDef } from './route-def.js';
import { Paging } from './route-def.js';
import { InvitedRatingResponse, MyCasesResponse, MyProgressResponse, OpenInvitationResponse, RegionsResponse } from './responses.js';

export const MyCasesQuery = z.strictObject({ waiting: z.optional(z.enum(['rating'])), ...Paging });
const Invitation = z.string().check(z.minLength(1), z.maxLength(MAX_INVITATION_LENGTH));
export const MintInvitationBody = z.strictObject({
  caseNumber: CaseNumber,
  /** Hours the link works (default a week, at most 30 days). */
  ttlHours: z.optional(z.int().check(z.gte(1), z.lte(INVITATION_TTL_HOURS.max))),
});
/** A rating through an invitation: the case comes from the invitation, never from the body. */
export const InvitedRatingBody = z.strictObject({
  invitation: Invitation,
  level: z.int().check(z.gte(1), z.lte(5)),
  tags: z._default(z.array(z.string()).check(z.maxLength(10)), []),
  text: z.optional(Text({ max: MAX_TEXT, min: 0, multiline: true })),
  anonymous: z._default(z.boolean(), false),
});

/** The signed-in citizen's own pages (the phone app), and rating invitations. */
export const CITIZEN_ROUTES = {
  myCases: {
    method: 'GET',
    path: '/my/cases',
    summary: '我的办件（最新受理在前）；waiting=rating 只列已办结、尚未评价的办件（每页按批量读取核对评价，不足一页时续读，至多 5 页）',
    auth: ['citizen'],
    handler: 'my-cases',
    tag: 'citizen',
    query: MyCasesQuery,
    response: MyCasesResponse,
  },
  myProgress: {
    method: 'GET',
    path: '/my/progress',
    summary: '我的差评与咨询投诉的办理进度（最新的各 20 条）：单位和事项名称、所处环节（通俗说法）、单位须完成的期限；作废的注明作废；不含内部催办、交办、督办',
    auth: ['citizen'],
    handler: 'my-progress',
    tag: 'citizen',
    response: MyProgressResponse,
  },
  publicRegions: {
    method: 'GET',
    path: '/public/regions',
    summary: '市、县（区）行政区划名称（无需登录）：咨询投诉未指明单位时选择所在地区',
    auth: 'public',
    handler: 'public-regions',
    tag: 'citizen',
    response: RegionsResponse,
  },
  mintRatingInvitation: {
    method: 'POST',
    path: '/rating-invitations',
    summary: '为一个已办结的办件生成评价邀请链接（签名、限时、只能评价该办件；供业务系统、办结短信使用）',
    auth: ['client', 'admin'],
    handler: 'invitation-mint',
    tag: 'citizen',
    body: MintInvitationBody,
  },
  openRatingInvitation: {
    method: 'POST',
    path: '/public/rating-invitations/open',
    summary: '打开评价邀请（无需登录）：邀请对应的办件（名称）、是否已评价、链接有效期',
    auth: 'public',
    handler: 'invitation-open',
    tag: 'citizen',
    response: OpenInvitationResponse,
    body: z.strictObject({ invitation: Invitation }),
  },
  rateByInvitation: {
    method: 'POST',
    path: '/public/invited-ratings',
    summary: '凭评价邀请评价（无需登录；只能评价邀请对应的办件，渠道为移动服务端；实名即为办件申请人，或匿名；支持 Idempotency-Key）',
    auth: 'public',
    handler: 'invitation-rate',
    tag: 'citizen',
    response: InvitedRatingResponse,
    created: true,
    body: InvitedRatingBody,
    uses: ['workflowStart'],
  },
} as const satisfies Record<string, RouteDef>;
