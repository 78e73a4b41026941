// The account a request goes to, in the one shape shared with the client (protocol/settings.ts): from
// the client's `polysync/setCredentials` or from the environment, to the API client's configuration.
// The cache is keyed by a one-way hash of the account's settings so two keys never share data and the
// key is never kept in a readable form next to the data.
import { createHash } from 'node:crypto';
import { type ApiConfigInput, DEFAULT_API_VERSION, DEFAULT_BASE_URL } from '../api/config';
import { type Credentials, credentialsFrom, organizationIdToSend } from '../../../protocol/settings';

export type { Credentials };
export { credentialsFrom, credentialsProblem } from '../../../protocol/settings';

/** What a command line may set over the environment (`--api-url`, `--api-version`): blank means unset. */
export interface CredentialOverrides {
  apiUrl?: string;
  apiVersion?: string;
}

/**
 * Credentials from POLYTOMIC_API_URL, POLYTOMIC_API_KEY, POLYTOMIC_ORGANIZATION_ID and
 * POLYTOMIC_API_VERSION, with `overrides` winning: the one place the environment is read for them. An
 * organization id in the environment means an organization key.
 */
export function credentialsFromEnv(env: Readonly<Record<string, string | undefined>>, overrides: CredentialOverrides = {}): Credentials {
  return credentialsFrom({
    apiUrl: overrides.apiUrl?.trim() || env.POLYTOMIC_API_URL,
    apiKey: env.POLYTOMIC_API_KEY,
    organizationId: env.POLYTOMIC_ORGANIZATION_ID,
    apiVersion: overrides.apiVersion?.trim() || env.POLYTOMIC_API_VERSION,
  });
}

export function hasKey(credentials: Credentials | undefined): boolean {
  return Boolean(credentials?.apiKey?.trim());
}

/** The API client's configuration for these credentials (`baseUrl` overrides their URL). */
export function apiConfigFor(given: Credentials, extra: Partial<ApiConfigInput> = {}): ApiConfigInput {
  const credentials = credentialsFrom(given);
  return {
    baseUrl: credentials.apiUrl,
    apiKey: credentials.apiKey ?? '',
    organizationId: organizationIdToSend(credentials),
    version: credentials.apiVersion,
    ...(credentials.proxy ? { proxy: credentials.proxy } : {}),
    ...extra,
  };
}

/** A stable, one-way identity of an account's settings: base URL, version, organization and key. */
export function accountIdentity(given: Credentials): string {
  const credentials = credentialsFrom(given);
  const url = (credentials.apiUrl?.trim() || DEFAULT_BASE_URL).replace(/\/+$/, '').toLowerCase();
  const parts = [url, credentials.apiVersion?.trim() || DEFAULT_API_VERSION, credentials.keyKind ?? 'user', organizationIdToSend(credentials) ?? '', credentials.apiKey?.trim() ?? ''];
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}
