// One object handed to every command and provider instead of module-level globals.
import * as vscode from 'vscode';
import { UrlDecisions } from './create/state';
import { LanguageServer } from './languageServer';
import { ApiKeyStore } from './secrets';
import { AccountStatusItem } from './status';

export interface PolysyncContext {
  readonly extension: vscode.ExtensionContext;
  readonly output: vscode.LogOutputChannel;
  readonly apiKeys: ApiKeyStore;
  readonly urlDecisions: UrlDecisions;
  /** Problems the API reported on fields at Create time (source `polysync-api`). */
  readonly apiDiagnostics: vscode.DiagnosticCollection;
  /** The language server: its client once created, whether it runs, the one request helper. */
  readonly server: LanguageServer;
  /** The language status item for the account (client/src/account.ts keeps it up to date). */
  readonly accountStatus: AccountStatusItem;
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
  return {
    extension,
    output,
    apiKeys: new ApiKeyStore(extension.secrets),
    urlDecisions: new UrlDecisions(extension.workspaceState),
    apiDiagnostics,
    server,
    accountStatus,
  };
}
