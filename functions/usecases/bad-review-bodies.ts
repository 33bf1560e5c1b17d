import * as z from 'zod/mini';
import { AppealCategory, VisitAnswer } from '../core/bad-review.js';
import { EVIDENCE_CONTENT_TYPES, MAX_EVIDENCE_BYTES } from '../core/evidence.js';
import { Text as SafeText } from '../core/text.js';

/** Request bodies of the bad-review actions (the route table uses them for parsing and OpenAPI). */
const Text = (max: number) => SafeText({ max, multiline: true });
const OptionalText = (max: number) => z.optional(SafeText({ max, min: 0, multiline: true }));
export const VerificationBody = z.strictObject({ contacted: z.boolean(), facts: Text(2000) });
export const RectificationBody = z.strictObject({ measures: Text(4000), evidence: z._default(z.array(z.string().check(z.uuid())).check(z.maxLength(10)), []) });
export const ReplyBody = z.strictObject({ text: Text(2000) });
export const ExtensionBody = z.strictObject({ days: z.int().check(z.gte(1), z.lte(60)), reason: Text(1000) });
/** 申诉: its category (恶意评价, 误评, 非本单位原因, 其他) and reason, with evidence files already uploaded (`POST …/evidence`). */
export const AppealBody = z.strictObject({
  category: z._default(AppealCategory, 'other'),
  reason: Text(2000),
  attachments: z._default(z.array(z.string().check(z.uuid())).check(z.maxLength(5)), []),
});
export const DecisionBody = z.strictObject({ approve: z.boolean(), comment: OptionalText(1000) });
export const ManualTaskOrderBody = z.strictObject({ content: Text(1000), days: z.int().check(z.gte(1), z.lte(30)) });
export const TaskOrderNoteBody = z.strictObject({ note: OptionalText(1000) });
export const OutcomeBody = z.strictObject({ kind: z.enum(['interview', 'notice', 'none']), note: Text(1000) });
export const VisitBody = z.strictObject({ answer: VisitAnswer, comment: OptionalText(500) });
export const EvidenceBody = z.strictObject({
  fileName: SafeText({ max: 100 }),
  contentType: z.enum(EVIDENCE_CONTENT_TYPES),
  // base64 is 4 characters per 3 bytes; the byte limit itself is checked on the decoded file.
  data: z.base64().check(z.maxLength(Math.ceil(MAX_EVIDENCE_BYTES / 3) * 4 + 4)),
});
