// When the sync state of open documents is read (keepSync/states.ts): each time the language server is
// running (its first start and every restart: the documents open then are read), when a Polysync document
// opens or is saved, for every open one when the account the workspace's syncs go with changes (a key stored
// for the workspace URL, the answer recorded: keepSync/accountWatch.ts), and for visible documents at most
// every REFRESH_MS; forgotten when closed.
import * as vscode from 'vscode';
import type { PolysyncContext } from '../context';
import { isActionableDocument } from '../documents';
import { flowDocument } from '../vscodeUi';
import { refreshStatesOnAccountChange } from './accountWatch';
import { REFRESH_MS, type SyncStates } from './states';

export function watchSyncStates(ctx: PolysyncContext, states: SyncStates): void {
  const refresh = (doc: vscode.TextDocument) => {
    if (isActionableDocument(doc)) void states.refresh(flowDocument(doc));
  };
  // An unedited document whose state is missing or older than REFRESH_MS.
  const refreshIfStale = (doc: vscode.TextDocument) => {
    if (!doc.isDirty && isActionableDocument(doc) && states.isStale(doc.uri.toString())) refresh(doc);
  };
  const timer = setInterval(() => vscode.window.visibleTextEditors.forEach((e) => refreshIfStale(e.document)), REFRESH_MS);
  ctx.extension.subscriptions.push(
    states,
    { dispose: () => clearInterval(timer) },
    ctx.server.onDidStart(() => vscode.workspace.textDocuments.forEach(refresh)),
    refreshStatesOnAccountChange(ctx.workspaceAccount, states, () => vscode.workspace.textDocuments.filter(isActionableDocument).map(flowDocument)),
    vscode.workspace.onDidOpenTextDocument(refresh),
    vscode.workspace.onDidSaveTextDocument(refresh),
    vscode.workspace.onDidCloseTextDocument((doc) => states.forget(doc.uri.toString())),
    vscode.window.onDidChangeActiveTextEditor((editor) => editor && refreshIfStale(editor.document)),
  );
}
