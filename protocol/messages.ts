// Custom LSP messages shared by the VS Code client and the language server. Plain method names and
// parameter shapes only, so both sides (and other editors) can use them without extra imports.

/** Client -> server notification: the account to read live data from. Replaces any earlier one. */
export const SET_CREDENTIALS = 'polysync/setCredentials';

export interface SetCredentialsParams {
  /** Base URL of the API; default https://app.polytomic.com. */
  apiUrl?: string;
  /** Absent or empty: signed out (live data off). Never logged or echoed. */
  apiKey?: string;
  /** Set for an organization-scoped key (sent as Basic auth). */
  organizationId?: string;
  apiVersion?: string;
}

/** Server -> client notification: whether live account data is available, and why not. */
export const ACCOUNT_STATUS = 'polysync/accountStatus';

export type AccountState = 'online' | 'offline' | 'signed-out' | 'loading';

export interface AccountStatusParams {
  state: AccountState;
  /** One sentence for a tooltip or log; never contains the key. */
  message: string;
  /** Set when online and the API named the organization. */
  organizationName?: string;
  /** The API base URL in use, when credentials are set. */
  apiUrl?: string;
}

/** Client -> server request: forget cached account data and fetch it again. Answers the new status. */
export const REFRESH_ACCOUNT = 'polysync/refreshAccount';

export type RefreshAccountResult = AccountStatusParams;

/** The VS Code command that sends REFRESH_ACCOUNT. */
export const REFRESH_ACCOUNT_COMMAND = 'polysync.refreshAccount';
