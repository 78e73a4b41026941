// `polysync/createBulkSync`: Create for any editor, on the server's own parse of the document version the
// user saw, its account data, its credentials and its API client. The decisions that need a person
// (confirming warnings, another URL) are the client's: it asks with `dryRun`, then sends with what the
// user accepted.
import type { Diagnostic } from 'vscode-languageserver-types';
import {
  CreateBulkSync,
  type CreateBulkSyncParams,
  type CreateBulkSyncResult,
  type CreateProblem,
} from '../../../protocol/messages';
import { apiClientFor, carriedAccount } from './apiClient';
import { checkForCreate, linkCreated, readLink, sendCreate, writeLink } from '../operations';
import { twinCheck } from './createTwins';
import { linkMemberText, minimalEdit } from './linkEdit';
import { documentErrorsMessage, gateRefusal, type RequestDeps, type Token } from './requests';

type Blocked = Extract<CreateBulkSyncResult, { kind: 'blocked' }>;
const blocked = (reason: Blocked['reason'], message: string, extra: Partial<Blocked> = {}): Blocked => ({ kind: 'blocked', reason, message, ...extra });

function toProblems(diagnostics: readonly Diagnostic[]): CreateProblem[] {
  return diagnostics.map((d) => ({ range: d.range, message: typeof d.message === 'string' ? d.message : String(d.message), ...(d.code !== undefined ? { code: d.code } : {}) }));
}

export function registerCreate(deps: RequestDeps): void {
  // Not cancelled after the work: once the body was sent, the answer says what was created.
  deps.connection.onRequest(CreateBulkSync, (params, token) => deps.guard('Create Bulk Sync', token, { cancelAfter: false }, () => createBulkSync(deps, params, token)));
}

export async function createBulkSync(deps: RequestDeps, params: CreateBulkSyncParams, token: Token): Promise<CreateBulkSyncResult> {
  const { uri, version } = params.textDocument;
  const answer = await deps.gate.at(uri, version);
  if (!answer.ok) {
    const refusal = gateRefusal(answer);
    return blocked(refusal.reason, refusal.message);
  }
  const { document } = answer;

  // 1. The document, with the account's checks once what it names has been answered. A file linked to
  //    a sync is that sync's: creating from it again would make a second sync nobody meant.
  const parsed = deps.service.parse(document);
  const link = readLink(parsed);
  if (link.linked === true) {
    const syncId = link.link.sync_id;
    return blocked('linked', `This file is linked to bulk sync ${syncId}, so Create would make a second sync from it; nothing was sent. Update Bulk Sync sends the file to ${syncId}; to create another sync, delete the "polysync" key (or copy the file without it).`, { syncId });
  }
  // The checks read the data of the account the request goes with (step 2), when it carries a usable one.
  const account = carriedAccount(params);
  const snapshot = await deps.account.settledSnapshotFor(parsed, typeof account === 'object' ? account : undefined);
  const check = checkForCreate(parsed, snapshot, deps.configFor(uri));
  if (!check.ok) {
    if (check.reason === 'body') return blocked('body', `${check.message} Nothing was sent.`, check.range ? { range: check.range } : {});
    return blocked('document', documentErrorsMessage(check.errors.length, check.hidden), {
      errors: toProblems(check.errors),
      warnings: toProblems(check.warnings),
    });
  }

  // 2. The account: the server's own credentials, or the account the request carries (a URL the
  //    user chose, with the key stored for that URL). A URL alone is refused: the key the server holds
  //    belongs to its own URL and is never sent to another.
  if (account === 'url-without-key') {
    return blocked('settings', 'Create named an API URL without its key (`apiUrl`); send `account`, the URL with the key stored for it. Nothing was sent.', { setting: 'polysync.apiUrl' });
  }
  if (account === 'key-without-url') {
    return blocked('settings', 'Create carried an account without its API URL; `account.apiUrl` names the URL its key is for. Nothing was sent.', { setting: 'polysync.apiUrl' });
  }
  const built = apiClientFor(account ?? deps.account.credentials(), deps.log, deps.account.gates);
  if ('problem' in built) {
    if (built.problem === 'signed-out') {
      const where = account ? ` for ${account.apiUrl}` : '';
      return blocked('signed-out', `No Polytomic API key is set${where}. Set one to create bulk syncs. Nothing was sent.`, { setting: 'apiKey' });
    }
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
    // One sync per file: a live sync with this name, source and destination is this file's already.
    const twins = await twinCheck(client, check.body, uri, controller.signal);
    if (twins) return twins.kind === 'blocked' ? twins : { ...twins, apiUrl };
    const outcome = await sendCreate(parsed, check.body, client, { signal: controller.signal, idempotencyKey: params.idempotencyKey });
    if (outcome.kind === 'created') {
      // The file is the new sync's from now on: the link is read back from the sync (not cancellable:
      // the sync exists) and handed to the client as an edit on the version that was sent.
      // The read-back is verified: what the API did not keep is named for the client to warn about.
      const created = outcome.sync;
      const { link: syncLink, notTaken } = await linkCreated(client, created, check.body);
      const linked = writeLink(parsed.text, syncLink);
      return {
        kind: 'created',
        sync: { id: created.id, name: created.name },
        apiUrl,
        linkText: linkMemberText(syncLink),
        notTaken,
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
