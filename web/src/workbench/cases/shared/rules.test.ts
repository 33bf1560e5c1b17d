import { describe, expect, it } from 'vitest';
import { bodySchemaOf, checkValue, fieldRules, issuesByField, STALE_PAGE } from './rules.js';

/** The shape of the API's OpenAPI document for one body (as functions/http/openapi.ts writes it from the zod schema). */
const DOC = {
  paths: {
    '/bad-reviews/{reviewId}/extension': {
      post: {
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: { days: { type: 'integer', minimum: 1, maximum: 60 }, reason: { type: 'string', minLength: 1, maxLength: 1000 } },
                required: ['days', 'reason'],
              },
            },
          },
        },
      },
    },
    '/bad-reviews/{reviewId}/appeal': {
      post: {
        requestBody: {
          content: {
            'application/json': {
              schema: {
                properties: {
                  category: { default: 'other', type: 'string', enum: ['malicious', 'other'] },
                  reason: { type: 'string', minLength: 1, maxLength: 2000 },
                  attachments: { default: [], maxItems: 5, type: 'array' },
                },
                required: ['reason'],
              },
            },
          },
        },
      },
    },
  },
};

describe('form rules from the API schema', () => {
  it('reads required, lengths, ranges and choices; a default makes a field optional', () => {
    const ext = fieldRules(bodySchemaOf(DOC, 'post', '/bad-reviews/{reviewId}/extension'));
    expect(ext).toEqual({
      days: { required: true, type: 'integer', minimum: 1, maximum: 60 },
      reason: { required: true, type: 'string', minLength: 1, maxLength: 1000 },
    });
    const appeal = fieldRules(bodySchemaOf(DOC, 'post', '/bad-reviews/{reviewId}/appeal'));
    expect(appeal.category).toEqual({ required: false, type: 'string', enum: ['malicious', 'other'] });
    expect(appeal.attachments?.maxItems).toBe(5);
    expect(fieldRules(bodySchemaOf(DOC, 'post', '/nowhere'))).toEqual({});
  });

  it('says what is wrong in Chinese, naming the field; a tighter page bound wins', () => {
    const rules = fieldRules(bodySchemaOf(DOC, 'post', '/bad-reviews/{reviewId}/extension'));
    expect(checkValue(rules.reason!, '延期理由', '  ')).toBe('请填写延期理由');
    expect(checkValue(rules.reason!, '延期理由', 'x'.repeat(1001))).toBe('延期理由最多 1000 个字（现 1001 个）');
    expect(checkValue(rules.reason!, '延期理由', '需要协调其他部门')).toBeUndefined();
    expect(checkValue(rules.days!, '延期天数', 61)).toBe('延期天数应在 1–60 之间');
    expect(checkValue(rules.days!, '延期天数', 5, 3)).toBe('延期天数应在 1–3 之间');
    expect(checkValue(rules.days!, '延期天数', 1.5)).toBe('延期天数应为整数');
    expect(checkValue({ required: false, enum: ['a'] }, '类别', 'b')).toBe('请选择类别');
  });

  it('puts the server issues on their fields (nested paths on their top field) and the rest in the alert', () => {
    const { byField, rest } = issuesByField(
      [
        { field: 'evidence.0', message: '整改材料不存在，请先上传' },
        { field: 'measures', message: '不能为空' },
        { field: '', message: '当前环节为「回访」' },
      ],
      ['measures', 'evidence'],
    );
    expect(byField).toEqual({ evidence: '整改材料不存在，请先上传', measures: '不能为空' });
    expect(rest).toEqual(['当前环节为「回访」']);
  });

  it('says a refused path or query in words (once), never in the schema’s', () => {
    const { byField, rest } = issuesByField(
      [
        { field: 'path.n', message: '数值过小：期望 number >=1' },
        { field: 'query.cursor', message: '无效的字符串' },
        { field: 'note', message: '不能为空' },
      ],
      ['note'],
    );
    expect(rest).toEqual([STALE_PAGE]);
    expect(STALE_PAGE).toBe('页面上的信息已过期，请刷新页面后重试');
    expect(byField).toEqual({ note: '不能为空' });
  });
});
