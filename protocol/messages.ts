// Every custom LSP message Polysync's client and server exchange, typed once for both sides. Other
// editors use the same method names and shapes (docs/features.md lists them).
import type { Range, VersionedTextDocumentIdentifier } from 'vscode-languageserver-protocol';
// The library as a module object: a named import makes esbuild copy its ~300 exports into a namespace
// object at load, which the language server would pay for on every start.
import protocol = require('vscode-languageserver-protocol');
import type { AccountAt, Credentials, CredentialsSetting } from './settings';

// ---- account ----------------------------------------------------------------------------------------

/**
 * Client -> server: the account to use for live data and Create. Replaces any earlier one; an empty key
 * signs out. `automaticLookups: false` (setting `polysync.account.automaticLookups`): account data is read
 * only on an explicit action (Refresh Account Data, Create), never because a document was opened or edited.
 */
export type SetCredentialsParams = Credentials & { automaticLookups?: boolean };
export const SetCredentials = new protocol.NotificationType<SetCredentialsParams>('polysync/setCredentials');

/**
 * Client -> server: the account whose data the account checks (PS3xx), completions, hovers and inlay hints
 * read, when it is not the server's own (`polysync/setCredentials`): the API URL a workspace's syncs are at,
 * where the user agreed to use it, with the key stored for THAT URL. `null`: the server's own account again.
 * An account without a key: that URL was chosen but nothing may be sent there (no key is stored for it, or
 * the workspace is not trusted), so the checks that need the account are skipped rather than answered by
 * another account. Replaces any earlier one; the key is redacted from message traces.
 */
export interface SetWorkspaceAccountParams {
  account: AccountAt | null;
}
export const SetWorkspaceAccount = new protocol.NotificationType<SetWorkspaceAccountParams>('polysync/setWorkspaceAccount');

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
  /** Set when this is the account a workspace names (`polysync/setWorkspaceAccount`), not the server's own. */
  workspace?: boolean;
}

/** Server -> client: whether live account data is available, and why not. */
export const AccountStatus = new protocol.NotificationType<AccountStatusParams>('polysync/accountStatus');

/** Client -> server: forget cached account data and fetch it again. Answers the new status. */
export const RefreshAccount = new protocol.RequestType<null, AccountStatusParams, void>('polysync/refreshAccount');

// ---- create -----------------------------------------------------------------------------------------

export interface CreateBulkSyncParams {
  /** The document as the server holds it; `version` is the one the user saw when they asked. */
  textDocument: VersionedTextDocumentIdentifier;
  /** Only check, and answer `ready` or `blocked`: nothing is sent. */
  dryRun?: boolean;
  /** Send even though the document has warnings (the user confirmed them). Without it, warnings answer `ready`. */
  acceptWarnings?: boolean;
  /**
   * Check and send with this account instead of the server's: an API URL the user chose, with the key
   * stored for that URL (never the key of the server's URL). Same URL rules apply. The key is redacted
   * from message traces like the one in `polysync/setCredentials`.
   */
  account?: AccountAt;
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
  | 'stale' // the document is not open in the server, or changed since the user asked
  | 'linked' // the document is linked to a bulk sync already (`syncId`): Update sends it there
  | 'twin'; // a live sync already has the document's name, source and destination (`syncIds`): link the file to it

/**
 * An edit that writes a document's `"polysync"` link, on the document version the request named. The
 * client applies it only if the document is still at that version.
 */
export interface LinkEdit {
  range: Range;
  newText: string;
}

export type CreateBulkSyncResult =
  | { kind: 'blocked'; reason: CreateBlockedReason; message: string; errors?: CreateProblem[]; warnings?: CreateProblem[]; setting?: CredentialsSetting; range?: Range; syncId?: string; syncIds?: string[] }
  /** Nothing was sent; it can be: a dry run, or warnings that were not accepted. */
  | { kind: 'ready'; warnings: CreateProblem[]; apiUrl: string; name?: string }
  /**
   * `linkEdit` links the document to the new sync (absent when the text cannot take the key);
   * `linkText` is the same link as a member to paste, for when the edit cannot be applied.
   */
  | {
      kind: 'created';
      sync: { id: string; name: string };
      apiUrl: string;
      linkEdit?: LinkEdit;
      linkText: string;
      /** Fields of the file the API did not keep, read back after the create (e.g. `disable_record_timestamps`). */
      notTaken: string[];
    }
  | {
      kind: 'failed';
      /** The API client's error kind (`invalid`, `unauthorized`, `network`, `cancelled`, ...). */
      error: { kind: string; message: string; status?: number; sent: 'no' | 'yes' | 'unknown'; idempotencyKey?: string };
      fields: CreateFieldProblem[];
      apiUrl: string;
    };

/** Client -> server: create the bulk sync a document describes (POST /api/bulk/syncs). Cancellable. */
export const CreateBulkSync = new protocol.RequestType<CreateBulkSyncParams, CreateBulkSyncResult, void>('polysync/createBulkSync');

// ---- keeping a sync: import, state, changes, update, run ---------------------------------------------

/**
 * Every request on a sync after Create may carry the account it goes with, as Create does: the API URL
 * the user chose for this workspace's syncs, with the key stored for THAT URL (never the key the server
 * holds for its own URL). Absent: the server's own credentials. A URL alone, or an account without its
 * URL, is refused (`blocked`, reason `settings`) and nothing is sent. The key is redacted from message
 * traces like the one in `polysync/setCredentials`.
 */
export interface SyncAccountParam {
  account?: AccountAt;
}

/** Why a request on a linked sync did not reach the API, or what the API answered. */
export type SyncFailure =
  | { kind: 'blocked'; reason: 'signed-out' | 'settings' | 'stale' | 'document' | 'unlinked'; message: string; setting?: CredentialsSetting }
  /** `notFound`: the sync does not exist, was deleted, or belongs to another organization (404). */
  | { kind: 'failed'; message: string; status?: number; notFound?: boolean };

export interface BulkSyncListItem {
  id: string;
  name: string;
  active?: boolean;
  sourceConnectionId: string;
  sourceConnectionName?: string;
  destinationConnectionId: string;
  destinationConnectionName?: string;
  /** The default schedule in words ("daily at 02:30 UTC"), when it can be read. */
  schedule?: string;
}

/** Params of `polysync/listBulkSyncs`; `null` (the shape before `account`) means the server's account. */
export type ListBulkSyncsParams = SyncAccountParam | null;

/** Client -> server: the account's bulk syncs, for an import picker. */
export const ListBulkSyncs = new protocol.RequestType<ListBulkSyncsParams, { kind: 'ok'; syncs: BulkSyncListItem[] } | SyncFailure, void>('polysync/listBulkSyncs');

export interface PullBulkSyncParams extends SyncAccountParam {
  syncId: string;
}

/** Client -> server: a linked file's text for a sync (what `polysync pull` writes); the client saves it. */
export const PullBulkSync = new protocol.RequestType<PullBulkSyncParams, { kind: 'ok'; text: string; fileName: string; name: string } | SyncFailure, void>('polysync/pullBulkSync');

export interface SyncDifference {
  /** A field path: `default_schedule.hour`, `schemas[Contact]`, `schemas[Contact].fields` (see docs/keep-as-code.md). */
  path: string;
  /** Absent when the file does not set it. */
  file?: unknown;
  /** Absent when the live sync does not have it. */
  live?: unknown;
  /** The file changed it since the last apply or pull (always true for a link without a base). */
  editedInFile: boolean;
  /** The live side changed since the last apply or pull: someone changed it in Polytomic. */
  changedInPolytomic: boolean;
  /** Added by the sync's automatic discovery: information, not a conflict; never sent back as a removal. */
  discovered: boolean;
}

export interface SyncExecutionSummary {
  id: string;
  status: string;
  startedAt?: string;
  completedAt?: string;
  recordCount?: number;
  errorCount?: number;
  message?: string;
}

export interface BulkSyncStateParams extends SyncAccountParam {
  textDocument: VersionedTextDocumentIdentifier;
}

export type BulkSyncStateResult =
  | { kind: 'unlinked' }
  | {
      kind: 'linked';
      syncId: string;
      name: string;
      /** The sync's page in the Polytomic app (an inferred address: see server/src/api/inferred.ts). */
      appUrl: string;
      /** Where the document differs from the live sync. */
      differences: SyncDifference[];
      /** Paths of the differences changed in Polytomic since the link was written. */
      changedInPolytomic: string[];
      /** Who last changed the sync (its updated_by) and when (updated_at). */
      changedBy?: string;
      changedAt?: string;
      /** True when the link has no base (an older link) and the sync changed since: the fields cannot be named. */
      changedUnnamed: boolean;
      /**
       * The live side of Show Changes: the document's own text with only the differing values replaced by
       * the live ones (comments, `$schema`, key order and the link kept), so a diff editor of it against the
       * document shows exactly the differences. The live sync as a pulled file when the document could not
       * be compared (`notCompared`) or a difference could not be placed in its text.
       */
      liveText: string;
      /** Why the document was not compared with the live sync (it cannot be read as a request body). */
      notCompared?: string;
      running: boolean;
      /** The running execution, else the last one. */
      execution?: SyncExecutionSummary;
      nextRun?: string;
    }
  | SyncFailure;

/** Client -> server: a linked document's sync, its differences, changes made in Polytomic, its last and next run. */
export const BulkSyncState = new protocol.RequestType<BulkSyncStateParams, BulkSyncStateResult, void>('polysync/bulkSyncState');

export interface UpdateBulkSyncParams extends SyncAccountParam {
  textDocument: VersionedTextDocumentIdentifier;
  /** Answer the plan only; nothing is sent. */
  dryRun?: boolean;
  /** Overwrite changes made in Polytomic since the link was written. */
  force?: boolean;
}

export interface UpdatePlan {
  syncId: string;
  /** The sync's name in Polytomic now. */
  name: string;
  differences: SyncDifference[];
  /** Whether the settings are sent (PUT, a full replacement). */
  put: boolean;
  /** Schemas sent with PATCH; `removed` ones with enabled: false. */
  schemas: { id: string; removed: boolean }[];
  /** Changed in Polytomic and also changed by the plan: applying overwrites them (needs `force`). */
  conflicts: string[];
  /** Differences automatic discovery made: information, left as they are. */
  discovered: string[];
  /** Settings the PUT carries from the live sync because the file leaves them to the app. */
  carried: string[];
}

export type UpdateBulkSyncResult =
  /**
   * Nothing to send. `linkEdit`: a link written before bases (no `base`) rewritten with one, so the next
   * comparison is three-way; the client applies it as it does an update's.
   */
  | { kind: 'up-to-date'; syncId: string; linkEdit?: LinkEdit }
  /** Nothing was sent: a dry run, or conflicts without `force`. */
  | { kind: 'planned'; plan: UpdatePlan }
  /** Done. `linkEdit` rewrites the link in the document; the client applies it. */
  /** `notTaken`: fields the API did not take, read back after the update (the client warns, naming them). */
  | { kind: 'updated'; plan: UpdatePlan; linkEdit: LinkEdit; notTaken: string[] }
  /** A step failed: what was changed in Polytomic and what was not. */
  | { kind: 'partial'; message: string; done: string[]; notDone: string[]; uncertain: string[] }
  | SyncFailure;

/** Client -> server: update a linked document's sync (PUT, then PATCH of the schemas). Cancellable. */
export const UpdateBulkSync = new protocol.RequestType<UpdateBulkSyncParams, UpdateBulkSyncResult, void>('polysync/updateBulkSync');

export interface BulkSyncExecutionParams extends SyncAccountParam {
  syncId: string;
}

/** Only the execution side of a sync's state: cheap enough to ask every few seconds while one runs. */
export type BulkSyncExecutionResult = { kind: 'ok'; running: boolean; execution?: SyncExecutionSummary; nextRun?: string } | SyncFailure;

/** Client -> server: a sync's running or last execution and its next run (GET .../status only). */
export const BulkSyncExecutionState = new protocol.RequestType<BulkSyncExecutionParams, BulkSyncExecutionResult, void>('polysync/bulkSyncExecution');

export interface RunBulkSyncParams extends SyncAccountParam {
  textDocument: VersionedTextDocumentIdentifier;
}

export type RunBulkSyncResult =
  | { kind: 'started'; execution: SyncExecutionSummary }
  | { kind: 'already-running'; message: string; execution?: SyncExecutionSummary }
  | SyncFailure;

/** Client -> server: start an execution of a linked document's sync. Never repeated once it may have arrived. */
export const RunBulkSync = new protocol.RequestType<RunBulkSyncParams, RunBulkSyncResult, void>('polysync/runBulkSync');
