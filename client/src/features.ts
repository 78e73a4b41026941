// Everything the extension adds besides the language server, registered with one shared context: the
// commands (one record each, client/src/commandTable.ts), the sync states of open documents and the live
// side of Show Changes, the code lens, the link folded on open. (The desktop's task is registered by its entry, extension.ts.)
import * as vscode from 'vscode';
import { registerCreateCodeLens } from './codeLens';
import { registerContextKeys } from './contextKeys';
import { registerCommands } from './commandRegistry';
import { commandRecords } from './commandTable';
import { createPolysyncContext, type PolysyncContext } from './context';
import { LiveDocuments } from './keepSync/liveDocuments';
import { registerLinkFolding } from './linkFolding';
import { SyncStates } from './keepSync/states';
import { watchSyncStates } from './keepSync/watch';
import { vscodeUi } from './vscodeUi';

export function registerFeatures(extension: vscode.ExtensionContext, output: vscode.LogOutputChannel): PolysyncContext {
  const ctx = createPolysyncContext(extension, output);
  const request = ctx.server.request;
  // Create's decision about the URL a workspace names, followed by every request on the workspace's syncs.
  const account = ctx.workspaceAccount.decide;
  const states = new SyncStates({ request, isRunning: () => ctx.server.isRunning(), warn: (message) => output.warn(message), account });
  const live = new LiveDocuments(states);
  extension.subscriptions.push(live);
  watchSyncStates(ctx, states);
  const ui = vscodeUi(ctx, states, live);
  registerCommands(ctx, ui, commandRecords(ctx, { ui, request, states, account }));
  registerCreateCodeLens(ctx, states);
  registerContextKeys(ctx, states);
  registerLinkFolding(ctx);
  return ctx;
}
