// Everything the extension adds besides the language server, registered with one shared context: the
// commands (one record each, client/src/commandTable.ts), the sync states of open documents and the live
// side of Show Changes, the code lens, the tasks.
import * as vscode from 'vscode';
import { registerCreateCodeLens } from './codeLens';
import { registerCommands } from './commandRegistry';
import { commandRecords } from './commandTable';
import { createPolysyncContext, type PolysyncContext } from './context';
import { LiveDocuments } from './keepSync/liveDocuments';
import { SyncStates } from './keepSync/states';
import { watchSyncStates } from './keepSync/watch';
import { registerTasks } from './tasks';
import { vscodeUi } from './vscodeUi';

export function registerFeatures(extension: vscode.ExtensionContext, output: vscode.LogOutputChannel): PolysyncContext {
  const ctx = createPolysyncContext(extension, output);
  const request = ctx.server.request;
  const states = new SyncStates({ request, isRunning: () => ctx.server.isRunning(), warn: (message) => output.warn(message) });
  const live = new LiveDocuments(states);
  extension.subscriptions.push(live);
  watchSyncStates(ctx, states);
  const ui = vscodeUi(ctx, states, live);
  registerCommands(ctx, ui, commandRecords(ctx, { ui, request, states }));
  registerCreateCodeLens(ctx, states);
  registerTasks(extension);
  return ctx;
}
