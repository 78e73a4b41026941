// Connection settings for the Polytomic API and the rules that keep an API key from going
// somewhere it should not (plain HTTP to a remote host, URLs with embedded credentials).

export const DEFAULT_BASE_URL = 'https://app.polytomic.com';
export const DEFAULT_API_VERSION = '2025-09-18';
/** Newest first. */
export const SUPPORTED_API_VERSIONS: readonly string[] = [
  '2025-09-18',
  '2024-02-08',
  '2023-04-25',
  '2022-12-12',
  '2021-05-23',
];
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_BACKOFF_BASE_MS = 500;
/** A Retry-After longer than this is not waited out; the error is reported instead. */
export const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;

export interface ApiConfig {
  baseUrl: string;
  apiKey: string;
  /** Set for an organization-scoped key: sent as Basic base64("<org id>:<key>"). */
  organizationId?: string;
  version: string;
  timeoutMs: number;
  maxRetries: number;
  backoffBaseMs: number;
  maxRetryAfterMs: number;
  /**
   * An explicit proxy URL (for an editor's proxy setting). Unset: HTTPS_PROXY, HTTP_PROXY and
   * NO_PROXY from the environment decide (see proxy.ts).
   */
  proxy?: string;
}

export type ApiConfigInput = Partial<ApiConfig> & { apiKey: string };

/** A configuration problem found before any request is made. The message never contains the key. */
export class ApiConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApiConfigError';
  }
}

export type UrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

/** True for hosts that never leave the machine: 127.0.0.0/8, localhost, ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  const v4 = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return v4 !== null && v4.slice(1).every((part) => Number(part) <= 255);
}

/**
 * Accepts an https URL, or http only for loopback hosts (a local test double); rejects URLs that
 * carry credentials, a query or a fragment, since the API paths are appended to it.
 */
export function checkBaseUrl(raw: string): UrlCheck {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, reason: 'The API base URL is not a valid URL (expected e.g. https://app.polytomic.com).' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, reason: `The API base URL must use https (got ${url.protocol.replace(':', '')}).` };
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return {
      ok: false,
      reason: `The API base URL must use https: plain http is only allowed for localhost, 127.0.0.0/8 and ::1 (got host ${url.hostname}).`,
    };
  }
  if (url.username || url.password) {
    return { ok: false, reason: 'The API base URL must not contain a user name or password.' };
  }
  if (url.search || url.hash) {
    return { ok: false, reason: 'The API base URL must not contain a query string or fragment.' };
  }
  return { ok: true, url };
}

export function isSupportedVersion(version: string): boolean {
  return SUPPORTED_API_VERSIONS.includes(version);
}

/** Fills defaults and validates. Throws ApiConfigError with a key-free message. */
export function resolveConfig(input: ApiConfigInput): ApiConfig {
  const apiKey = typeof input.apiKey === 'string' ? input.apiKey.trim() : '';
  if (!apiKey) throw new ApiConfigError('No Polytomic API key is set.');
  // Control characters or spaces would corrupt the Authorization header; keys never contain them.
  if (/[\s\u0000-\u001f\u007f]/.test(apiKey) || /[^\u0020-\u00ff]/.test(apiKey)) {
    throw new ApiConfigError('The Polytomic API key contains spaces or characters that cannot be sent in a header.');
  }
  const baseUrl = input.baseUrl?.trim() || DEFAULT_BASE_URL;
  const check = checkBaseUrl(baseUrl);
  if (!check.ok) throw new ApiConfigError(check.reason);

  const organizationId = input.organizationId?.trim() || undefined;
  if (organizationId !== undefined && (organizationId.includes(':') || /[\s]/.test(organizationId))) {
    throw new ApiConfigError('The organization id must not contain ":" or spaces.');
  }
  const version = input.version?.trim() || DEFAULT_API_VERSION;
  if (!isSupportedVersion(version)) {
    throw new ApiConfigError(
      `Unsupported Polytomic API version "${version}"; supported: ${SUPPORTED_API_VERSIONS.join(', ')}.`,
    );
  }
  return {
    baseUrl: check.url.toString().replace(/\/+$/, ''),
    apiKey,
    organizationId,
    version,
    timeoutMs: positive(input.timeoutMs, DEFAULT_TIMEOUT_MS),
    maxRetries: nonNegativeInt(input.maxRetries, DEFAULT_MAX_RETRIES),
    backoffBaseMs: nonNegativeInt(input.backoffBaseMs, DEFAULT_BACKOFF_BASE_MS),
    maxRetryAfterMs: nonNegativeInt(input.maxRetryAfterMs, DEFAULT_MAX_RETRY_AFTER_MS),
    proxy: input.proxy?.trim() || undefined,
  };
}

/** `Bearer <key>` for a user key, `Basic base64("<org>:<key>")` for an organization key. */
export function authorizationHeader(apiKey: string, organizationId?: string): string {
  if (organizationId) return `Basic ${Buffer.from(`${organizationId}:${apiKey}`, 'utf8').toString('base64')}`;
  return `Bearer ${apiKey}`;
}

/** Every form in which the key could be echoed back to us; used by redact(). */
export function secretForms(config: Pick<ApiConfig, 'apiKey' | 'organizationId'>): string[] {
  const forms = [config.apiKey, authorizationHeader(config.apiKey, config.organizationId).split(' ')[1]];
  forms.push(encodeURIComponent(config.apiKey), JSON.stringify(config.apiKey).slice(1, -1));
  return [...new Set(forms.filter((f) => f.length > 0))];
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

function nonNegativeInt(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : fallback;
}
