import * as z from 'zod/mini';
import type * as zc from 'zod/v4/core';
import { DomainError, type Issue } from './errors.js';

/** Maps zod issues to `{ field, rule, message }`, one per offending field. */
export function zodIssues(error: zc.$ZodError, prefix: (string | number)[] = []): Issue[] {
  return error.issues.flatMap((i) => {
    const path = [...prefix, ...i.path].join('.');
    if (i.code === 'unrecognized_keys') return i.keys.map((k) => ({ field: path ? `${path}.${k}` : k, rule: 'unknown_field', message: '不允许的字段' }));
    const rule = i.code === 'custom' ? String((i.params as { rule?: string } | undefined)?.rule ?? 'custom') : i.code;
    return [{ field: path, rule, message: i.message }];
  });
}

export function validationError(issues: Issue[]): DomainError {
  const first = issues[0];
  return new DomainError('VALIDATION_FAILED', `请求参数不合法：${first ? `${first.field || '请求体'} ${first.message}` : ''}`, issues);
}

/** Parses with a schema or throws a 400 that names every bad field. */
export function parseOrThrow<S extends zc.$ZodType>(schema: S, value: unknown, prefix: (string | number)[] = []): zc.output<S> {
  const r = z.safeParse(schema, value);
  if (!r.success) throw validationError(zodIssues(r.error, prefix));
  return r.data;
}

/**
 * Overrides of a configuration's defaults from an environment variable holding JSON
 * (e.g. `BAD_REVIEW_CONFIG`), checked once at cold start: a typo fails the function's start
 * with one clear line naming the variable and the key, instead of a `NaN` later.
 */
export function parseConfigJson<S extends zc.$ZodType>(name: string, json: string | undefined, schema: S): zc.output<S> | undefined {
  if (!json) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error(`${name} is not valid JSON`);
  }
  const r = z.safeParse(schema, raw);
  if (!r.success)
    throw new Error(
      `${name} is invalid: ${zodIssues(r.error)
        .map((i) => `${i.field || '(root)'}: ${i.message}`)
        .join('; ')}`,
    );
  return r.data;
}
