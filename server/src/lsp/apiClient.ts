// The API client a request of the language server uses: built from the server's credentials (those live
// data uses), optionally at a URL the user chose, or the reason it cannot be built. One place for Create
// and the requests on a linked sync.
import type { CredentialsSetting } from '../../../protocol/settings';
import { apiConfigFor, type Credentials, credentialsProblem } from '../account/credentials';
import { ApiConfigError, type GatesByUrl, PolytomicClient } from '../api';

export type ClientOrProblem =
  | { client: PolytomicClient }
  /** No key: the caller says what it would have done with one. */
  | { problem: 'signed-out' }
  | { problem: 'settings'; message: string; setting?: CredentialsSetting };

/** `gates`: the server's gates by API URL, so this client slows down with every other one on a 429. */
export function apiClientFor(credentials: Credentials | undefined, log: (line: string) => void, apiUrl?: string, gates?: GatesByUrl): ClientOrProblem {
  if (!credentials) return { problem: 'signed-out' };
  const effective = apiUrl?.trim() ? { ...credentials, apiUrl: apiUrl.trim() } : credentials;
  const problem = credentialsProblem(effective);
  if (problem) return { problem: 'settings', message: `${problem.message} Nothing was sent.`, setting: problem.setting };
  try {
    return { client: new PolytomicClient(apiConfigFor(effective), { log, ...(gates ? { gates } : {}) }) };
  } catch (error) {
    if (!(error instanceof ApiConfigError)) throw error;
    return { problem: 'settings', message: `${error.message} Nothing was sent.` };
  }
}
