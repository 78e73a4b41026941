// Connection settings for the Polytomic API and the rules that keep an API key from going
// somewhere it should not (plain HTTP to a remote host, URLs with embedded credentials).

import { base64Utf8 } from '../util/bytes';
import {
  apiKeyProblem,
  checkBaseUrl,
  DEFAULT_API_VERSION,
  DEFAULT_BASE_URL,
  isSupportedVersion,
  organizationIdProblem,
  SUPPORTED_API_VERSIONS,
} from '../../../protocol/settings';

export { checkBaseUrl, DEFAULT_API_VERSION, DEFAULT_BASE_URL, isLoopbackHost, isSupportedVersion, SUPPORTED_API_VERSIONS, type UrlCheck } from '../../../protocol/settings';

export const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RETRIES = 2;
const DEFAULT_BACKOFF_BASE_MS = 500;
/** A Retry-After longer than this is not waited out; the error is reported instead. */
const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;
/** Requests one client has in flight at most; 429s lower it for a while (see AdaptiveGate). */
const DEFAULT_MAX_IN_FLIGHT = 8;
/** How long one request keeps trying while the API answers 429, before it fails naming itself. */
const DEFAULT_RATE_LIMIT_BUDGET_MS = 5 * 60_000;
/** Extra tries of a schema read the API answers with "cache refresh in progress" (10 tries in all, as the Terraform provider does). */
const DEFAULT_CACHE_REFRESH_RETRIES = 9;

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
  /** Requests in flight at most; halved on 429 and grown back slowly. */
  maxInFlight: number;
  /** Time one request keeps being retried while the API answers 429 (waits included). */
  rateLimitBudgetMs: number;
  /** Retries of a schema read answered with a cache refresh in progress (422, or 400 "did not provide any schemas"). */
  cacheRefreshRetries: number;
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

/** Fills defaults and validates. Throws ApiConfigError with a key-free message. */
export function resolveConfig(input: ApiConfigInput): ApiConfig {
  const apiKey = typeof input.apiKey === 'string' ? input.apiKey.trim() : '';
  // Spaces or control characters would corrupt the Authorization header; keys never contain them.
  const keyProblem = apiKeyProblem(apiKey);
  if (keyProblem) throw new ApiConfigError(keyProblem);
  const baseUrl = input.baseUrl?.trim() || DEFAULT_BASE_URL;
  const check = checkBaseUrl(baseUrl);
  if (!check.ok) throw new ApiConfigError(check.reason);

  const organizationId = input.organizationId?.trim() || undefined;
  const idProblem = organizationId === undefined ? undefined : organizationIdProblem(organizationId);
  if (idProblem) throw new ApiConfigError(idProblem);
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
    maxInFlight: Math.max(1, nonNegativeInt(input.maxInFlight, DEFAULT_MAX_IN_FLIGHT)),
    rateLimitBudgetMs: nonNegativeInt(input.rateLimitBudgetMs, DEFAULT_RATE_LIMIT_BUDGET_MS),
    cacheRefreshRetries: nonNegativeInt(input.cacheRefreshRetries, DEFAULT_CACHE_REFRESH_RETRIES),
    proxy: input.proxy?.trim() || undefined,
  };
}

/** `Bearer <key>` for a user key, `Basic base64("<org>:<key>")` for an organization key. */
export function authorizationHeader(apiKey: string, organizationId?: string): string {
  if (organizationId) return `Basic ${base64Utf8(`${organizationId}:${apiKey}`)}`;
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
