// Which account live data is read from. The key itself is only ever handed to the API client; the
// cache is keyed by a hash of the account's settings so two keys never share data and the key is
// never kept in a readable form next to the data.
import { createHash } from 'node:crypto';
import { DEFAULT_API_VERSION, DEFAULT_BASE_URL } from '../api/config';

export interface AccountCredentials {
  apiUrl?: string;
  apiKey?: string;
  organizationId?: string;
  apiVersion?: string;
}

function clean(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Credentials from POLYTOMIC_API_URL, POLYTOMIC_API_KEY, POLYTOMIC_ORGANIZATION_ID, POLYTOMIC_API_VERSION. */
export function credentialsFromEnv(env: NodeJS.ProcessEnv): AccountCredentials {
  return {
    apiUrl: clean(env.POLYTOMIC_API_URL),
    apiKey: clean(env.POLYTOMIC_API_KEY),
    organizationId: clean(env.POLYTOMIC_ORGANIZATION_ID),
    apiVersion: clean(env.POLYTOMIC_API_VERSION),
  };
}

/** Accepts whatever a client sent; anything that is not a string is ignored. */
export function credentialsFromMessage(params: unknown): AccountCredentials {
  const p = (typeof params === 'object' && params !== null ? params : {}) as Record<string, unknown>;
  return {
    apiUrl: clean(p.apiUrl),
    apiKey: clean(p.apiKey),
    organizationId: clean(p.organizationId),
    apiVersion: clean(p.apiVersion),
  };
}

export function hasKey(credentials: AccountCredentials | undefined): boolean {
  return clean(credentials?.apiKey) !== undefined;
}

/** A stable, one-way identity of an account's settings: base URL, version, organization and key. */
export function accountIdentity(credentials: AccountCredentials): string {
  const url = (clean(credentials.apiUrl) ?? DEFAULT_BASE_URL).replace(/\/+$/, '').toLowerCase();
  const parts = [url, clean(credentials.apiVersion) ?? DEFAULT_API_VERSION, clean(credentials.organizationId) ?? '', clean(credentials.apiKey) ?? ''];
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}
