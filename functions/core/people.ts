import * as z from 'zod/mini';
import { Text } from './text.js';
import { isValidChineseId, isValidPhone, isValidUnifiedSocialCreditCode, maskId, maskName, maskPhone } from './identity.js';

/** ID types: 居民身份证 (resident_id, GB 11643), 统一社会信用代码 (uscc, GB 32100), other documents. */
export const IdType = z.enum(['resident_id', 'uscc', 'other']);

/** A real-name person or legal entity (实名信息): applicant of a case or a named rater. */
export const Person = z
  .strictObject({
    name: Text({ max: 100 }),
    idType: IdType,
    idNumber: Text({ max: 30 }),
    phone: z.optional(z.string().check(z.trim())),
  })
  .check(
    z.superRefine((p, ctx) => {
      if (p.idType === 'resident_id' && !isValidChineseId(p.idNumber))
        ctx.addIssue({
          code: 'custom',
          path: ['idNumber'],
          params: { rule: 'gb11643' },
          message: '不是有效的18位居民身份证号（GB 11643 校验位或出生日期错误）',
        });
      if (p.idType === 'uscc' && !isValidUnifiedSocialCreditCode(p.idNumber))
        ctx.addIssue({ code: 'custom', path: ['idNumber'], params: { rule: 'gb32100' }, message: '不是有效的统一社会信用代码（GB 32100 校验位错误）' });
      if (p.phone !== undefined && !isValidPhone(p.phone))
        ctx.addIssue({ code: 'custom', path: ['phone'], params: { rule: 'phone' }, message: '不是有效的手机号或固定电话' });
    }),
  );
export type Person = z.infer<typeof Person>;

/** How much personal data a reader may see: everything, enough to call back (ID masked), or nothing. */
export type Disclosure = 'full' | 'contact' | 'masked';

export function disclose(p: Person, level: Disclosure): Person {
  if (level === 'full') return p;
  return {
    name: level === 'contact' ? p.name : maskName(p.name),
    idType: p.idType,
    idNumber: maskId(p.idNumber),
    ...(p.phone !== undefined ? { phone: level === 'contact' ? p.phone : maskPhone(p.phone) } : {}),
  };
}
