import type { Node } from 'constructs';

/**
 * Deployment settings, read from CDK context: defaults live in cdk.json and any of them
 * can be overridden per deployment, e.g. `npx cdk deploy -c oidcIssuer=https://sso.example.gov.cn/realms/gov`.
 */
export interface AppConfig {
  /** OIDC issuer (`iss`) whose tokens the HTTP API accepts; API Gateway fetches its JWKS. */
  readonly oidcIssuer: string;
  /** Accepted `aud` values (context: one string, comma-separated, or a JSON array). */
  readonly oidcAudience: readonly string[];
  /** Where the web app is served: the CORS origin, and the target of printed QR codes. */
  readonly publicBaseUrl: string;
  /** Optional e-mail address subscribed to the alarm topic (and to operator alerts of the alert topic). */
  readonly alarmEmail?: string;
  /** Optional https webhook of the SMS platform; without it no text messages are sent. */
  readonly smsWebhookUrl?: string;
  /** Optional https status endpoint of the national platform (transferred complaints); without it status sync is off. */
  readonly statusSyncUrl?: string;
  /** The web app's OIDC client id at the identity service (public client, code + PKCE); default `haochaping-web`. */
  readonly oidcClientId: string;
  /** Scopes the web app asks for; default `openid profile`. */
  readonly oidcScope: string;
  /** Optional API base URL for the web app (a custom API domain); default: the HTTP API's own URL. */
  readonly apiBaseUrl?: string;
  /** Optional ACM certificate ARN (us-east-1) for publicBaseUrl's host on CloudFront (AWS regions). */
  readonly webCertificateArn?: string;
  /** Optional IAM server certificate id for publicBaseUrl's host on CloudFront (required in the China regions). */
  readonly webIamCertificateId?: string;
}

function httpsUrl(key: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') throw new Error(`context "${key}" is required (set it in cdk.json or with -c ${key}=...)`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`context "${key}" is not a URL: ${value}`);
  }
  if (url.protocol !== 'https:') throw new Error(`context "${key}" must be an https URL: ${value}`);
  return value;
}

/** An optional https URL: absent or empty is not set. */
function optionalHttpsUrl(key: string, value: unknown): string | undefined {
  return value === undefined || value === '' ? undefined : httpsUrl(key, value);
}

/** An optional non-empty string: absent or empty is not set. */
const optionalString = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

function stringList(key: string, value: unknown): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  const items = list.map((v) => String(v).trim()).filter((v) => v !== '');
  if (items.length === 0) throw new Error(`context "${key}" needs at least one value`);
  return items;
}

/** Reads and checks the deployment settings; throws with the offending key so `cdk synth` says what to fix. */
export function configFromContext(node: Node): AppConfig {
  const alarmEmail = node.tryGetContext('alarmEmail') as unknown;
  if (alarmEmail !== undefined && alarmEmail !== '' && (typeof alarmEmail !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(alarmEmail)))
    throw new Error(`context "alarmEmail" is not an e-mail address: ${String(alarmEmail)}`);
  return {
    // Kept exactly as given: it must equal the tokens' `iss`, trailing slash included.
    oidcIssuer: httpsUrl('oidcIssuer', node.tryGetContext('oidcIssuer')),
    oidcAudience: stringList('oidcAudience', node.tryGetContext('oidcAudience')),
    publicBaseUrl: httpsUrl('publicBaseUrl', node.tryGetContext('publicBaseUrl')).replace(/\/+$/, ''),
    alarmEmail: typeof alarmEmail === 'string' && alarmEmail !== '' ? alarmEmail : undefined,
    smsWebhookUrl: optionalHttpsUrl('smsWebhookUrl', node.tryGetContext('smsWebhookUrl')),
    statusSyncUrl: optionalHttpsUrl('statusSyncUrl', node.tryGetContext('statusSyncUrl')),
    oidcClientId: optionalString(node.tryGetContext('oidcClientId')) ?? 'haochaping-web',
    oidcScope: optionalString(node.tryGetContext('oidcScope')) ?? 'openid profile',
    apiBaseUrl: optionalHttpsUrl('apiBaseUrl', node.tryGetContext('apiBaseUrl'))?.replace(/\/+$/, ''),
    webCertificateArn: optionalString(node.tryGetContext('webCertificateArn')),
    webIamCertificateId: optionalString(node.tryGetContext('webIamCertificateId')),
  };
}
