import * as z from 'zod/mini';
import { DissatisfiedReason, FeedbackAnswer } from '../core/complaints/complaint.js';
import { Text as SafeText } from '../core/text.js';

/** Request bodies of the complaint actions (the route table uses them for parsing and OpenAPI); extensions and task orders share the bad review's. */
const Text = (max: number, min = 1) => SafeText({ max, min, multiline: true });
const OptionalText = (max: number) => z.optional(SafeText({ max, min: 0, multiline: true }));
const UnitId = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,40}$/, '只能包含字母、数字、下划线和连字符，最长40位'));

export const AssignBody = z.strictObject({ unitId: UnitId, note: OptionalText(500) });
export const ReturnBody = z.strictObject({ reason: Text(500, 4) });
export const AnswerBody = z.strictObject({ text: Text(4000, 10) });
export const ReviewBody = z
  .strictObject({ approve: z.boolean(), comment: OptionalText(1000) })
  .check(z.refine((b) => b.approve || !!b.comment, { path: ['comment'], message: '退回修改时须写明审核意见', params: { rule: 'required' } }));
export const FeedbackBody = z.strictObject({ answer: FeedbackAnswer, reason: z.optional(DissatisfiedReason), comment: OptionalText(500) }).check(
  z.refine((b) => b.answer !== 'dissatisfied' || !!b.reason, {
    path: ['reason'],
    message: '不满意时须选择原因（问题未解决、态度不好、办理拖延、受政策限制）',
    params: { rule: 'required' },
  }),
);
