/**
 * Security headers, defined once: every API response carries API_HEADERS (set by the
 * HTTP composition, so Lambda answers carry them in AWS as well as locally); the web
 * app's pages carry PAGE_HEADERS (the local server sets them; the web hosting in AWS
 * must apply the same set).
 */
const COMMON = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
} as const;

/** API answers are data, never documents: nothing may load or frame them, and nothing is cached. */
export const API_HEADERS: Readonly<Record<string, string>> = {
  ...COMMON,
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'cache-control': 'no-store',
};

/**
 * The pages load only their own scripts, styles and images (QR codes and evidence
 * previews come as data:/blob: URLs or from the API); inline style attributes are allowed,
 * inline scripts are not.
 */
export function pageHeaders(apiOrigin?: string): Record<string, string> {
  const connect = ["'self'", ...(apiOrigin ? [apiOrigin] : [])].join(' ');
  return {
    ...COMMON,
    'content-security-policy': [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "style-src-attr 'unsafe-inline'",
      `img-src 'self' data: blob:${apiOrigin ? ` ${apiOrigin}` : ''}`,
      `connect-src ${connect}`,
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join('; '),
  };
}

/**
 * What the API lets the web app's origin (and only it) do across origins: API Gateway's CORS
 * configuration in AWS (infra/constructs/api.ts) and the local server both read this.
 */
export const CORS = {
  methods: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
  headers: ['authorization', 'content-type', 'idempotency-key', 'if-none-match'],
  maxAgeSeconds: 3600,
} as const;
