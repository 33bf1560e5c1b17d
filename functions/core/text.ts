import * as z from 'zod/mini';

/**
 * Characters refused in any text a person types: C0/C1 control characters (tab, LF and CR
 * only where the text is multi-line), bidirectional embeddings/overrides/isolates and
 * marks (U+202E can make `gpj.exe` read as `exe.jpg`), and lone surrogates (not valid
 * UTF-16; they break JSON encoders and databases downstream).
 */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u2028\u2029]/;
const LINE_BREAK_OR_TAB = /[\t\n\r]/;
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** Why a text is refused, or undefined when it is fine. */
export function unsafeTextRule(value: string, multiline: boolean): 'control_chars' | 'bidi_override' | 'lone_surrogate' | undefined {
  if (LONE_SURROGATE.test(value)) return 'lone_surrogate';
  if (CONTROL.test(value) || (!multiline && LINE_BREAK_OR_TAB.test(value))) return 'control_chars';
  if (BIDI.test(value)) return 'bidi_override';
  return undefined;
}

const MESSAGES = {
  control_chars: '不能包含控制字符',
  bidi_override: '不能包含文字方向控制符（如 U+202E）',
  lone_surrogate: '包含无效的 Unicode 字符',
} as const;

/**
 * Free text or a name: trimmed, NFC-normalized (so the same name typed on two devices is
 * the same string), length-checked in characters, and free of the characters above.
 * Line breaks and tabs are allowed only with `multiline`.
 */
export function Text(opts: { max: number; min?: number; multiline?: boolean }) {
  return z.string().check(
    z.trim(),
    z.normalize('NFC'),
    z.minLength(opts.min ?? 1),
    z.maxLength(opts.max),
    z.superRefine((value: string, ctx) => {
      const rule = unsafeTextRule(value, !!opts.multiline);
      if (rule) ctx.addIssue({ code: 'custom', params: { rule }, message: MESSAGES[rule] });
    }),
  );
}
