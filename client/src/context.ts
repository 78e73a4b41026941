// One object handed to every command and provider instead of module-level globals.
import * as vscode from 'vscode';
import { UrlDecisions } from './create/state';
import { LanguageServer } from './languageServer';
import type { ApiKeys } from './apiKeys';
import { ApiUrlNotices } from './apiUrlNotice';
import { apiKeysOver } from './secrets';
import { AccountWatch } from './keepSync/accountWatch';
import { keyFor, readCreateSettings } from './settings';
import { AccountStatusItem } from './status';

export interface PolysyncContext {
  readonly extension: vscode.ExtensionContext;
  readonly output: vscode.LogOutputChannel;
  /** API keys in secret storage, one per API URL. */
  readonly apiKeys: ApiKeys;
  /** Tells, once per value, a polysync.apiUrl this window does not read. */
  readonly urlNotices: ApiUrlNotices;
  readonly urlDecisions: UrlDecisions;
  /** Problems the API reported on fields at Create time (source `polysync-api`). */
  readonly apiDiagnostics: vscode.DiagnosticCollection;
  /** The language server: its client once created, whether it runs, the one request helper. */
  readonly server: LanguageServer;
  /** The language status item for the account (client/src/account.ts keeps it up to date). */
  readonly accountStatus: AccountStatusItem;
  /**
   * Which account this workspace's requests go with (Create's decision about the URL the workspace names,
   * read without asking), and what follows it when it changes: the server's account data, the lens, the terminals.
   */
  readonly workspaceAccount: AccountWatch;
}

export const API_DIAGNOSTICS = 'polysync-api';

export function createPolysyncContext(extension: vscode.ExtensionContext, output: vscode.LogOutputChannel): PolysyncContext {
  const apiDiagnostics = vscode.languages.createDiagnosticCollection(API_DIAGNOSTICS);
  const server = new LanguageServer();
  const accountStatus = new AccountStatusItem();
  extension.subscriptions.push(
    server,
    accountStatus,
    apiDiagnostics,
    // The API's verdict was about the text that was sent; any edit may have fixed it.
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0 && apiDiagnostics.has(e.document.uri)) apiDiagnostics.delete(e.document.uri);
    }),
    vscode.workspace.onDidCloseTextDocument((doc) => apiDiagnostics.delete(doc.uri)),
  );
  const apiKeys = apiKeysOver(extension.secrets);
  const urlDecisions = new UrlDecisions(extension.workspaceState);
  const workspaceAccount = new AccountWatch(
    { urlDecisions, settings: () => readCreateSettings(), keyFor: (url) => keyFor({ apiKeys }, url), isTrusted: () => vscode.workspace.isTrusted },
    (error) => output.warn(`Could not work out which account this workspace's syncs go with; the last answer stands: ${error instanceof Error ? error.message : String(error)}`),
  );
  extension.subscriptions.push(
    workspaceAccount,
    // What the decision depends on besides the answer (which the watch hears of itself).
    extension.secrets.onDidChange(() => void workspaceAccount.check()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('polysync') || event.affectsConfiguration('http.proxy')) void workspaceAccount.check();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void workspaceAccount.check()),
  );
  void workspaceAccount.check();
  return {
    extension,
    output,
    apiKeys,
    urlNotices: new ApiUrlNotices(),
    urlDecisions,
    apiDiagnostics,
    server,
    accountStatus,
    workspaceAccount,
  };
}
