/**
 * Domain errors with stable codes. The HTTP layer maps `status` to the response;
 * `message` is shown to callers (Simplified Chinese), `issues` name field and rule.
 */
export interface Issue {
  /** Dotted path of the offending field, e.g. `rater.idNumber`; `''` for the whole body. */
  field: string;
  /** Machine-readable rule that failed, e.g. `required`, `enum`, `gb11643`. */
  rule: string;
  message: string;
}

export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'MALFORMED_JSON'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'ALREADY_RATED'
  | 'CONFLICT'
  | 'IDEMPOTENCY_KEY_REUSED';

const STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  ALREADY_RATED: 409,
  CONFLICT: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
};

export class DomainError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues: Issue[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
    this.status = STATUS[code];
  }
}

export const invalid = (field: string, rule: string, message: string) =>
  new DomainError('VALIDATION_FAILED', `请求参数不合法：${field} ${message}`, [{ field, rule, message }]);

/** Not found and not yours look the same from outside: nobody learns what exists elsewhere. */
export const notFound = (what: string) => new DomainError('NOT_FOUND', `${what}不存在或无权访问`);

export const forbidden = () => new DomainError('FORBIDDEN', '当前身份无权执行此操作');
