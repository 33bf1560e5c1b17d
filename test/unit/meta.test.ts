/**
 * What the API tells the pages about its own rules: `GET /meta` (limits and lists the pages
 * check and name in their hints) and `canComplete` on task orders (whether 办结 would be
 * accepted). Each is checked against the code that enforces the rule, not against numbers.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { BadReview, TaskOrder } from '../../functions/core/bad-review.js';
import { allowedTags, RatingInput } from '../../functions/core/ratings.js';
import type { ApiEvent } from '../../functions/http/http-handler.js';
import { openApiDocument } from '../../functions/http/openapi.js';
import { ROUTES } from '../../functions/http/routes.js';
import { checkAnswer } from '../integration/http.js';
import { handler } from '../../functions/handlers/meta.handler.js';
import { EvidenceBody } from '../../functions/usecases/bad-review-bodies.js';
import { canCompleteTaskOrder, MAX_EVIDENCE_BYTES } from '../../functions/usecases/bad-reviews.js';
import { localLambdaContext } from '../../functions/observability.js';
import { pageRules } from '../../functions/usecases/meta.js';

const context = localLambdaContext('meta');

/** GET /meta as API Gateway passes it on a public route: no authorizer claims. */
const metaEvent = () =>
  ({
    version: '2.0',
    routeKey: 'GET /meta',
    rawPath: '/meta',
    rawQueryString: '',
    headers: {},
    requestContext: {
      accountId: 'a',
      apiId: 'api',
      domainName: 'example',
      domainPrefix: 'example',
      requestId: 'r',
      routeKey: 'GET /meta',
      stage: '$default',
      time: '',
      timeEpoch: 0,
      http: { method: 'GET', path: '/meta', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
    },
    isBase64Encoded: false,
  }) as unknown as ApiEvent;

const rate = (fields: Record<string, unknown>) => RatingInput.safeParse({ caseNumber: 'C-1', level: 4, channel: 'qr', tags: ['服务态度'], ...fields });
const evidence = (contentType: string) => EvidenceBody.safeParse({ fileName: 'a.png', contentType, data: 'iVBORw0KGgo=' });

describe('GET /meta', () => {
  it('is a public route and answers the rules without a token', async () => {
    // Arrange
    expect(ROUTES.meta).toMatchObject({ method: 'GET', path: '/meta', auth: 'public', handler: 'meta' });

    // Act
    const res = (await handler(metaEvent(), context)) as APIGatewayProxyStructuredResultV2;

    // Assess
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body as string)).toEqual(pageRules());
  });

  it('tells the rater of a bad review the configured working days to verify and to rectify', () => {
    expect(pageRules().badReview.days).toEqual({ verify: 1, rectify: 5 });
    expect(pageRules({ verifyDays: 2, rectifyDays: 15 }).badReview.days).toEqual({ verify: 2, rectify: 15 });
  });

  it('gives the evidence limit and types the upload enforces', () => {
    // Act
    const { evidence: rules } = pageRules();

    // Assess: the size the use case refuses above, 4 MiB
    expect(rules.maxBytes).toBe(MAX_EVIDENCE_BYTES);
    expect(rules.maxBytes).toBe(4 * 1024 * 1024);
    // Assess: exactly the content types the body schema accepts
    for (const t of rules.types) expect(evidence(t.contentType).success, t.contentType).toBe(true);
    expect(evidence('image/gif').success).toBe(false);
    expect(rules.types.map((t) => t.label)).toEqual(['PNG', 'JPEG', 'PDF']);
    expect(rules.types.find((t) => t.contentType === 'image/jpeg')?.extensions).toEqual(['.jpg', '.jpeg']);
  });

  it('gives the rating text limit and the reason tags per channel the rating schema enforces', () => {
    // Act
    const { rating } = pageRules();

    // Assess: text up to maxTextLength passes, one more character fails
    expect(rate({ text: '好'.repeat(rating.maxTextLength) }).success).toBe(true);
    expect(rate({ text: '好'.repeat(rating.maxTextLength + 1) }).success).toBe(false);
    // Assess: every listed tag is accepted on its channel; a tag of the online channels is refused on qr
    for (const [channel, tags] of Object.entries(rating.tagsByChannel)) {
      expect(tags).toEqual(allowedTags(channel as never));
      for (const tag of tags) expect(rate({ channel, tags: [tag] }).success, `${channel} ${tag}`).toBe(true);
    }
    const onlineOnly = rating.tagsByChannel.mobile!.find((t) => !rating.tagsByChannel.qr!.includes(t))!;
    expect(rate({ channel: 'qr', tags: [onlineOnly] }).success).toBe(false);
    expect(rating.badLevels).toEqual([4, 5]);
  });
});

describe('canComplete (任务交办单办结)', () => {
  const review = (over: Partial<BadReview> = {}) =>
    ({ round: 1, anonymous: false, rectifications: [], replies: [], taskOrders: [], ...over }) as unknown as BadReview;
  const order = (over: Partial<TaskOrder>): TaskOrder => ({
    n: 1,
    kind: 'auto',
    overdueStep: 'verify',
    content: '',
    issuedAt: '',
    issuedBy: 'system',
    deadline: '',
    status: 'issued',
    ...over,
  });

  it('is false for an automatic order while its overdue step is not done, true once it is', () => {
    // Assess
    expect(canCompleteTaskOrder(review(), order({ status: 'acknowledged' }))).toBe(false);
    expect(canCompleteTaskOrder(review({ verification: { contacted: true, facts: 'x', at: '', by: '' } } as Partial<BadReview>), order({}))).toBe(true);
    expect(canCompleteTaskOrder(review({ rectifications: [{ round: 1 }] } as unknown as Partial<BadReview>), order({ overdueStep: 'rectify' }))).toBe(false); // reply missing
  });

  it('is true for a manual order and false for a completed one', () => {
    // Assess
    expect(canCompleteTaskOrder(review(), order({ kind: 'manual', overdueStep: undefined }))).toBe(true);
    expect(canCompleteTaskOrder(review(), order({ kind: 'manual', overdueStep: undefined, status: 'completed' }))).toBe(false);
  });
});

describe('response schemas (the contract the web app is typed from)', () => {
  it('GET /meta answers exactly within its response schema, and the OpenAPI document carries it', async () => {
    // Act
    const res = (await handler(metaEvent(), context)) as APIGatewayProxyStructuredResultV2;
    const doc = openApiDocument() as unknown as { paths: Record<string, Record<string, { responses: Record<string, any> }>> };

    // Assess: the real answer fits; the document's 200 has the schema's fields
    expect(() => checkAnswer('GET', '/meta', JSON.parse(res.body as string))).not.toThrow();
    const schema = doc.paths['/meta']!.get!.responses['200'].content['application/json'].schema;
    expect(schema.required).toEqual(['rating', 'evidence', 'badReview']);
    expect(schema.additionalProperties).toBe(false);
  });

  it('gives 201 as well to routes that create, and no schema to routes that declare none', () => {
    // Act
    const doc = openApiDocument() as unknown as { paths: Record<string, Record<string, { responses: Record<string, any> }>> };

    // Assess
    const submit = doc.paths['/ratings']!.post!.responses;
    expect(Object.keys(submit).sort()).toEqual(['200', '201', '4XX']);
    expect(submit['201'].content['application/json'].schema.properties.rating.required).toContain('levelName');
    expect(Object.keys(doc.paths['/public/rating-invitations/open']!.post!.responses).sort()).toEqual(['200', '4XX']);
    expect(doc.paths['/me']!.get!.responses['200']).toEqual({ description: 'OK' });
  });

  it('refuses an answer that drifted from its schema: a field dropped, a field added, a wrong type', () => {
    // Arrange
    const rules = pageRules();
    const board = { venueId: 'V', windowId: 'W', venueName: '中心', windowName: '1号窗口', current: null, etag: '"x"' };

    // Act / Assess
    expect(() => checkAnswer('GET', '/meta', rules)).not.toThrow();
    expect(() => checkAnswer('GET', '/meta', { ...rules, badReview: undefined })).toThrow(/badReview/);
    expect(() => checkAnswer('GET', '/meta', { ...rules, extra: 1 })).toThrow(/extra/);
    expect(() => checkAnswer('GET', '/windows/V/W/current-case', board)).not.toThrow();
    expect(() => checkAnswer('GET', '/windows/V/W/current-case', { ...board, current: { caseNumber: 'C-1' } })).toThrow(/itemName/);
    expect(() => checkAnswer('GET', '/my/cases?waiting=rating', { items: [{ caseNumber: 1 }] })).toThrow(/caseNumber/);
    // A route without a schema is not checked.
    expect(() => checkAnswer('GET', '/me', { anything: true })).not.toThrow();
  });
});
