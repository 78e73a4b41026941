// What the client, the language server and the CLI agree on about reaching the Polytomic API: the one
// credentials shape (settings and secret storage, or the environment, to the Authorization header), the
// rules for a usable API key, base URL and version. Plain TypeScript: no node:* and no server code, so
// the VS Code client bundles it as it is.

export const DEFAULT_BASE_URL = 'https://app.polytomic.com';
export const DEFAULT_API_VERSION = '2025-09-18';
/** Newest first. */
export const SUPPORTED_API_VERSIONS: readonly string[] = ['2025-09-18', '2024-02-08', '2023-04-25', '2022-12-12', '2021-05-23'];

/** `user`: sent as `Bearer <key>`. `organization`: sent as Basic auth with the organization id. */
export type KeyKind = 'user' | 'organization';

/** The account the server (or the CLI) talks to. The key is never logged or echoed. */
export interface Credentials {
  /** Base URL of the API; default https://app.polytomic.com. */
  apiUrl?: string;
  /** Absent or empty: signed out. */
  apiKey?: string;
  /** Default `user`; `organization` needs `organizationId`. */
  keyKind?: KeyKind;
  organizationId?: string;
  apiVersion?: string;
  /** A proxy for API requests (VS Code's `http.proxy`); unset: HTTPS_PROXY, HTTP_PROXY and NO_PROXY decide. */
  proxy?: string;
}

/**
 * An account at an API URL other than the one the server was given (a URL the user chose for one request):
 * the URL with the key stored for it, and the other settings, sent whole. A URL never travels without the
 * key set for it, so the server never pairs the key it holds with another URL.
 */
export type AccountAt = Credentials & { apiUrl: string };

/** The setting to open when credentials cannot be used. */
export type CredentialsSetting = 'polysync.apiUrl' | 'polysync.apiVersion' | 'polysync.organizationId' | 'apiKey';

export interface CredentialsProblem {
  message: string;
  setting: CredentialsSetting;
}

/** Why a key cannot be used, or undefined when it can: printable ASCII, no spaces. */
export function apiKeyProblem(value: string): string | undefined {
  const key = value.trim();
  if (key === '') return 'No Polytomic API key is set.';
  if (/\s/.test(key)) return 'An API key has no spaces or line breaks.';
  if (/[^\u0021-\u007e]/.test(key)) return 'An API key is plain ASCII text.';
  return undefined;
}

/** Why an organization id cannot be used (it is sent as the user name of Basic auth). */
export function organizationIdProblem(value: string): string | undefined {
  return /[:\s]/.test(value) ? 'The organization id must not contain ":" or spaces.' : undefined;
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
  if (url.username || url.password) return { ok: false, reason: 'The API base URL must not contain a user name or password.' };
  if (url.search || url.hash) return { ok: false, reason: 'The API base URL must not contain a query string or fragment.' };
  return { ok: true, url };
}

/** The same URL whatever the trailing slashes or letter case of the host. */
export function sameBaseUrl(a: string, b: string): boolean {
  const norm = (raw: string) => {
    const check = checkBaseUrl(raw);
    return check.ok ? check.url.toString().replace(/\/+$/, '') : raw.trim();
  };
  return norm(a) === norm(b);
}

export function isSupportedVersion(version: string): boolean {
  return SUPPORTED_API_VERSIONS.includes(version);
}

function clean(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Credentials from whatever a client sent: anything that is not a string is ignored. */
export function credentialsFrom(value: unknown): Credentials {
  const p = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const organizationId = clean(p.organizationId);
  // Older clients sent only an organization id; it still means an organization key.
  const keyKind: KeyKind = p.keyKind === 'organization' || (p.keyKind === undefined && organizationId) ? 'organization' : 'user';
  const proxy = clean(p.proxy);
  return { apiUrl: clean(p.apiUrl), apiKey: clean(p.apiKey), keyKind, organizationId, apiVersion: clean(p.apiVersion), ...(proxy ? { proxy } : {}) };
}

/**
 * Why these credentials cannot be used to send a request, or undefined when they can. The same answer
 * for the status item, Create and live data: an organization key without its organization id is never
 * sent as a Bearer key.
 */
export function credentialsProblem(credentials: Credentials): CredentialsProblem | undefined {
  const key = apiKeyProblem(credentials.apiKey ?? '');
  if (key) return { message: key, setting: 'apiKey' };
  if (credentials.keyKind === 'organization') {
    const id = clean(credentials.organizationId);
    if (!id) {
      return {
        message: 'polysync.keyKind is "organization", so polysync.organizationId must be set: an organization key is sent together with its organization id.',
        setting: 'polysync.organizationId',
      };
    }
    const idProblem = organizationIdProblem(id);
    if (idProblem) return { message: idProblem, setting: 'polysync.organizationId' };
  }
  const url = checkBaseUrl(clean(credentials.apiUrl) ?? DEFAULT_BASE_URL);
  if (!url.ok) return { message: url.reason, setting: 'polysync.apiUrl' };
  const version = clean(credentials.apiVersion) ?? DEFAULT_API_VERSION;
  if (!isSupportedVersion(version)) {
    return { message: `Unsupported Polytomic API version "${version}"; supported: ${SUPPORTED_API_VERSIONS.join(', ')}.`, setting: 'polysync.apiVersion' };
  }
  return undefined;
}

/** The organization id that goes into the Authorization header: only for an organization key. */
export function organizationIdToSend(credentials: Credentials): string | undefined {
  return credentials.keyKind === 'organization' ? clean(credentials.organizationId) : undefined;
}
