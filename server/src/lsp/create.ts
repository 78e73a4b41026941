// `polysync/createBulkSync`: Create for any editor, on the server's own parse of the document version the
// user saw, its account data, its credentials and its API client. The decisions that need a person
// (confirming warnings, another URL) are the client's: it asks with `dryRun`, then sends with what the
// user accepted.
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import {
  CreateBulkSync,
  type CreateBulkSyncParams,
  type CreateBulkSyncResult,
  type CreateProblem,
} from '../../../protocol/messages';
import { apiClientFor } from './apiClient';
import type { LanguageService } from '../service';
import { checkForCreate, linkForCreated, readLink, sendCreate, writeLink } from '../service/operations';
import { linkMemberText, minimalEdit } from './linkEdit';
import type { AccountBridge } from './accountBridge';

export interface CreateDeps {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  service: LanguageService;
  account: AccountBridge;
  /** The size limit in force for a document: undefined when it is analysed. */
  oversize(document: TextDocument): number | undefined;
  log(line: string): void;
}

/** How long a request may wait for the edits the client sent just before it. */
const VERSION_WAIT_MS = 2_000;

type Blocked = Extract<CreateBulkSyncResult, { kind: 'blocked' }>;
const blocked = (reason: Blocked['reason'], message: string, extra: Partial<Blocked> = {}): Blocked => ({ kind: 'blocked', reason, message, ...extra });

function toProblems(diagnostics: readonly Diagnostic[]): CreateProblem[] {
  return diagnostics.map((d) => ({ range: d.range, message: typeof d.message === 'string' ? d.message : String(d.message), ...(d.code !== undefined ? { code: d.code } : {}) }));
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

export function registerCreate(deps: CreateDeps): void {
  deps.connection.onRequest(CreateBulkSync, (params, token) => createBulkSync(deps, params, token));
}

/** The document at the version the client named, waiting briefly for edits still on the wire. */
async function documentAt(deps: CreateDeps, uri: string, version: number): Promise<TextDocument | undefined> {
  const deadline = Date.now() + VERSION_WAIT_MS;
  for (;;) {
    const document = deps.documents.get(uri);
    if (!document || document.version >= version || Date.now() >= deadline) return document;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function createBulkSync(
  deps: CreateDeps,
  params: CreateBulkSyncParams,
  token: { isCancellationRequested: boolean; onCancellationRequested(listener: () => void): { dispose(): void } },
): Promise<CreateBulkSyncResult> {
  const { uri, version } = params.textDocument;
  const document = await documentAt(deps, uri, version);
  if (!document) return blocked('stale', 'The document is not open in the Polysync language server; open it and try again. Nothing was sent.');
  if (document.version !== version) {
    return blocked('stale', 'The document changed while Create was starting; nothing was sent. Run Create again on the current text.');
  }
  const bytes = deps.oversize(document);
  if (bytes !== undefined) return blocked('document', 'The document is larger than the size limit, so it was not checked; nothing was sent.');

  // 1. The document, with the account's checks once what it names has been answered. A file linked to
  //    a sync is that sync's: creating from it again would make a second sync nobody meant.
  const parsed = deps.service.parse(document);
  const link = readLink(parsed);
  if (link.linked === true) {
    const syncId = link.link.sync_id;
    return blocked('linked', `This file is linked to bulk sync ${syncId}, so Create would make a second sync from it; nothing was sent. Update Bulk Sync sends the file to ${syncId}; to create another sync, delete the "polysync" key (or copy the file without it).`, { syncId });
  }
  const snapshot = await deps.account.settledSnapshotFor(parsed);
  const check = checkForCreate(parsed, snapshot);
  if (!check.ok) {
    if (check.reason === 'body') return blocked('body', `${check.message} Nothing was sent.`, check.range ? { range: check.range } : {});
    return blocked('document', `${plural(check.errors.length, 'problem')} must be fixed first. Nothing was sent.`, {
      errors: toProblems(check.errors),
      warnings: toProblems(check.warnings),
    });
  }

  // 2. The account: the same credentials live data uses, optionally at a URL the user chose.
  const built = apiClientFor(deps.account.credentials(), deps.log, params.apiUrl);
  if ('problem' in built) {
    if (built.problem === 'signed-out') return blocked('signed-out', 'No Polytomic API key is set. Set one to create bulk syncs. Nothing was sent.', { setting: 'apiKey' });
    return blocked('settings', built.message, built.setting ? { setting: built.setting } : {});
  }
  const { client } = built;
  const apiUrl = client.config.baseUrl;
  const warnings = toProblems(check.warnings);
  if (params.dryRun || (warnings.length > 0 && !params.acceptWarnings)) return { kind: 'ready', warnings, apiUrl, ...(check.name ? { name: check.name } : {}) };

  // 3. Send. Cancelling the request aborts it; the API client says whether anything was created.
  const controller = new AbortController();
  const subscription = token.onCancellationRequested(() => controller.abort());
  try {
    const outcome = await sendCreate(parsed, check.body, client, { signal: controller.signal, idempotencyKey: params.idempotencyKey });
    if (outcome.kind === 'created') {
      // The file is the new sync's from now on: the link is read back from the sync (not cancellable:
      // the sync exists) and handed to the client as an edit on the version that was sent.
      const created = outcome.sync;
      const syncLink = await linkForCreated(client, created);
      const linked = writeLink(parsed.text, syncLink);
      return {
        kind: 'created',
        sync: { id: created.id, name: created.name },
        apiUrl,
        linkText: linkMemberText(syncLink),
        ...(linked !== undefined ? { linkEdit: minimalEdit(parsed.text, linked) } : {}),
      };
    }
    const { error } = outcome;
    return {
      kind: 'failed',
      error: { kind: error.kind, message: error.message, sent: error.sent, ...(error.status !== undefined ? { status: error.status } : {}), ...(error.idempotencyKey ? { idempotencyKey: error.idempotencyKey } : {}) },
      fields: outcome.fields,
      apiUrl,
    };
  } finally {
    subscription.dispose();
  }
}
