// Every custom LSP message Polysync's client and server exchange, typed once for both sides. Other
// editors use the same method names and shapes (docs/features.md lists them).
import { NotificationType, RequestType, type Range, type VersionedTextDocumentIdentifier } from 'vscode-languageserver-protocol';
import type { Credentials, CredentialsSetting } from './settings';

// ---- account ----------------------------------------------------------------------------------------

/**
 * Client -> server: the account to use for live data and Create. Replaces any earlier one; an empty key
 * signs out. `automaticLookups: false` (setting `polysync.account.automaticLookups`): account data is read
 * only on an explicit action (Refresh Account Data, Create), never because a document was opened or edited.
 */
export type SetCredentialsParams = Credentials & { automaticLookups?: boolean };
export const SetCredentials = new NotificationType<SetCredentialsParams>('polysync/setCredentials');

/** `misconfigured`: a key is set but the settings around it cannot be used (the message says which). */
export type AccountState = 'online' | 'offline' | 'signed-out' | 'loading' | 'misconfigured';

export interface AccountStatusParams {
  state: AccountState;
  /** One sentence for a tooltip or log; never contains the key. */
  message: string;
  /** Set when online and the API named the organization. */
  organizationName?: string;
  /** The API base URL in use, when credentials are set. */
  apiUrl?: string;
}

/** Server -> client: whether live account data is available, and why not. */
export const AccountStatus = new NotificationType<AccountStatusParams>('polysync/accountStatus');

/** Client -> server: forget cached account data and fetch it again. Answers the new status. */
export const RefreshAccount = new RequestType<null, AccountStatusParams, void>('polysync/refreshAccount');

// ---- create -----------------------------------------------------------------------------------------

export interface CreateBulkSyncParams {
  /** The document as the server holds it; `version` is the one the user saw when they asked. */
  textDocument: VersionedTextDocumentIdentifier;
  /** Only check, and answer `ready` or `blocked`: nothing is sent. */
  dryRun?: boolean;
  /** Send even though the document has warnings (the user confirmed them). Without it, warnings answer `ready`. */
  acceptWarnings?: boolean;
  /** Send to this API base URL instead of the account's (a URL the user chose). Same URL rules apply. */
  apiUrl?: string;
  /** Re-send with the key of an earlier attempt whose outcome was unknown. */
  idempotencyKey?: string;
}

/** A diagnostic that stops or questions a Create, as the editor shows it. */
export interface CreateProblem {
  range: Range;
  message: string;
  code?: string | number;
}

/** A field the API rejected, placed on the document that was sent. */
export interface CreateFieldProblem {
  path: string;
  message: string;
  range: Range;
  /** False when the API named a path that is not in the file (the range is its nearest parent). */
  exact: boolean;
}

export type CreateBlockedReason =
  | 'document' // errors in the document
  | 'body' // the text cannot be sent as one unambiguous body
  | 'signed-out' // no API key
  | 'settings' // the key, organization id, URL or version cannot be used
  | 'stale'; // the document is not open in the server, or changed since the user asked

export type CreateBulkSyncResult =
  | { kind: 'blocked'; reason: CreateBlockedReason; message: string; errors?: CreateProblem[]; warnings?: CreateProblem[]; setting?: CredentialsSetting; range?: Range }
  /** Nothing was sent; it can be: a dry run, or warnings that were not accepted. */
  | { kind: 'ready'; warnings: CreateProblem[]; apiUrl: string; name?: string }
  | { kind: 'created'; sync: { id: string; name: string }; apiUrl: string }
  | {
      kind: 'failed';
      /** The API client's error kind (`invalid`, `unauthorized`, `network`, `cancelled`, ...). */
      error: { kind: string; message: string; status?: number; sent: 'no' | 'yes' | 'unknown'; idempotencyKey?: string };
      fields: CreateFieldProblem[];
      apiUrl: string;
    };

/** Client -> server: create the bulk sync a document describes (POST /api/bulk/syncs). Cancellable. */
export const CreateBulkSync = new RequestType<CreateBulkSyncParams, CreateBulkSyncResult, void>('polysync/createBulkSync');
