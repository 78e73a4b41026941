// The API client a request of the language server uses: built from the credentials it is handed (the
// server's, which live data uses, or an account a request carries whole, URL and key together), or the
// reason it cannot be built. One place for Create and the requests on a linked sync. A URL is never
// combined here with a key that came with another one.
import type { CredentialsSetting } from '../../../protocol/settings';
import { apiConfigFor, type Credentials, credentialsFrom, credentialsProblem } from '../account/credentials';
import { ApiConfigError, type GatesByUrl, PolytomicClient } from '../api';

export type ClientOrProblem =
  | { client: PolytomicClient }
  /** No key: the caller says what it would have done with one. */
  | { problem: 'signed-out' }
  | { problem: 'settings'; message: string; setting?: CredentialsSetting };

/** `gates`: the server's gates by API URL, so this client slows down with every other one on a 429. */
export function apiClientFor(credentials: Credentials | undefined, log: (line: string) => void, gates?: GatesByUrl): ClientOrProblem {
  if (!credentials?.apiKey) return { problem: 'signed-out' };
  const problem = credentialsProblem(credentials);
  if (problem) return { problem: 'settings', message: `${problem.message} Nothing was sent.`, setting: problem.setting };
  try {
    return { client: new PolytomicClient(apiConfigFor(credentials), { log, ...(gates ? { gates } : {}) }) };
  } catch (error) {
    if (!(error instanceof ApiConfigError)) throw error;
    return { problem: 'settings', message: `${error.message} Nothing was sent.` };
  }
}

/** Why a request's own account cannot be used: a URL without its key, or a key without its URL. */
export type CarriedAccountProblem = 'url-without-key' | 'key-without-url';

/**
 * The account a request carries, whole (Create, and every request on a sync after it); undefined when it
 * uses the server's. A request naming only a URL (Create's shape before `account`) is refused rather than
 * paired with the server's key, and so is an account without a URL of its own, whose key would otherwise
 * go to the default URL.
 */
export function carriedAccount(params: unknown): Credentials | undefined | CarriedAccountProblem {
  const p = (typeof params === 'object' && params !== null ? params : {}) as { account?: unknown; apiUrl?: unknown };
  if (p.account === undefined || p.account === null) return typeof p.apiUrl === 'string' ? 'url-without-key' : undefined;
  const credentials = credentialsFrom(p.account);
  return credentials.apiUrl ? credentials : 'key-without-url';
}
