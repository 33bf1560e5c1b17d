import { z } from 'zod';
import { VisitAnswer } from '../core/bad-review.js';

/** Request bodies of the bad-review actions (the route table uses them for parsing and OpenAPI). */
const Text = (max: number) => z.string().trim().min(1).max(max);
export const VerificationBody = z.strictObject({ contacted: z.boolean(), facts: Text(2000) });
export const RectificationBody = z.strictObject({ measures: Text(4000), evidence: z.array(z.string().uuid()).max(10).default([]) });
export const ReplyBody = z.strictObject({ text: Text(2000) });
export const ExtensionBody = z.strictObject({ days: z.int().min(1).max(60), reason: Text(1000) });
export const AppealBody = z.strictObject({ reason: Text(2000) });
export const DecisionBody = z.strictObject({ approve: z.boolean(), comment: z.string().trim().max(1000).optional() });
export const ManualTaskOrderBody = z.strictObject({ content: Text(1000), days: z.int().min(1).max(30) });
export const TaskOrderNoteBody = z.strictObject({ note: z.string().trim().max(1000).optional() });
export const OutcomeBody = z.strictObject({ kind: z.enum(['interview', 'notice', 'none']), note: Text(1000) });
export const VisitBody = z.strictObject({ answer: VisitAnswer, comment: z.string().trim().max(500).optional() });
export const EvidenceBody = z.strictObject({
  fileName: z.string().trim().min(1).max(100),
  contentType: z.enum(['image/png', 'image/jpeg', 'application/pdf']),
  data: z.base64().max(5_600_000),
});
