import type { FormItemRule } from 'element-plus';

/**
 * Form rules from the API's own request schemas (the OpenAPI document the API serves, built
 * from the zod bodies it parses with): required fields, lengths, number ranges, choices.
 * The page states no limit of its own; the server still checks everything and its
 * `issues[].field` lands on the same form item.
 */

/** The part of a JSON schema property the forms read. */
export interface PropertySchema {
  type?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  enum?: string[];
  default?: unknown;
}
export interface BodySchema {
  properties?: Record<string, PropertySchema>;
  required?: string[];
}
/** What a form needs to know about one field. */
export interface FieldRule {
  required: boolean;
  type?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  enum?: string[];
}

interface OpenApiDoc {
  paths?: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: BodySchema }> } }>>;
}

/** The JSON body schema of `method path` in an OpenAPI document, if it has one. */
export function bodySchemaOf(doc: unknown, method: string, path: string): BodySchema | undefined {
  return (doc as OpenApiDoc)?.paths?.[path]?.[method]?.requestBody?.content?.['application/json']?.schema;
}

/** One rule per property: required when listed and without a default (a default means the API fills it in). */
export function fieldRules(schema: BodySchema | undefined): Record<string, FieldRule> {
  const out: Record<string, FieldRule> = {};
  for (const [name, p] of Object.entries(schema?.properties ?? {})) {
    const required = (schema?.required ?? []).includes(name) && p.default === undefined;
    out[name] = {
      required,
      ...(p.type ? { type: p.type } : {}),
      ...(p.minLength !== undefined ? { minLength: p.minLength } : {}),
      ...(p.maxLength !== undefined ? { maxLength: p.maxLength } : {}),
      ...(p.minimum !== undefined ? { minimum: p.minimum } : {}),
      ...(p.maximum !== undefined ? { maximum: p.maximum } : {}),
      ...(p.maxItems !== undefined ? { maxItems: p.maxItems } : {}),
      ...(p.enum ? { enum: p.enum } : {}),
    };
  }
  return out;
}

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

/** The message for a value that breaks a rule, or undefined when it keeps them all (Chinese, naming the field). */
export function checkValue(rule: FieldRule, label: string, value: unknown, max?: number): string | undefined {
  if (blank(value)) return rule.required ? `请填写${label}` : undefined;
  if (typeof value === 'string') {
    const n = [...value.trim()].length;
    if (rule.minLength && n < rule.minLength) return `${label}至少 ${rule.minLength} 个字`;
    if (rule.maxLength !== undefined && n > rule.maxLength) return `${label}最多 ${rule.maxLength} 个字（现 ${n} 个）`;
    if (rule.enum && !rule.enum.includes(value)) return `请选择${label}`;
  }
  if (typeof value === 'number') {
    const hi = max !== undefined ? Math.min(max, rule.maximum ?? max) : rule.maximum;
    if (!Number.isInteger(value) && rule.type === 'integer') return `${label}应为整数`;
    if ((rule.minimum !== undefined && value < rule.minimum) || (hi !== undefined && value > hi)) return `${label}应在 ${rule.minimum ?? 0}–${hi} 之间`;
  }
  if (Array.isArray(value) && rule.maxItems !== undefined && value.length > rule.maxItems) return `${label}最多 ${rule.maxItems} 个`;
  return undefined;
}

/** An Element Plus rule running checkValue (on blur and change; submit validates all). */
export function formItemRule(rule: FieldRule, label: string, max?: number): FormItemRule {
  return {
    required: rule.required,
    trigger: ['blur', 'change'],
    validator: (_r, value, callback) => {
      const message = checkValue(rule, label, value, max);
      callback(message ? new Error(message) : undefined);
    },
  };
}

/** What the form says when the API refuses the address itself (`path.n`, `query.x`): the page was built from an older state. */
export const STALE_PAGE = '页面上的信息已过期，请刷新页面后重试';

/**
 * The server's issues by form field: `evidence.0` belongs to `evidence`; issues without a
 * field go to the form's alert; issues of the path or query (no form field, and the schema's
 * own wording) become STALE_PAGE, said once.
 */
export function issuesByField(issues: { field: string; message: string }[], fields: readonly string[]) {
  const byField: Record<string, string> = {};
  const rest: string[] = [];
  for (const i of issues) {
    const top = i.field.split('.')[0] ?? '';
    if (top === 'path' || top === 'query') {
      if (!rest.includes(STALE_PAGE)) rest.push(STALE_PAGE);
    } else if (fields.includes(top)) byField[top] ??= i.message;
    else if (i.message) rest.push(i.message);
  }
  return { byField, rest };
}
