// The one place commands are registered with VS Code: each record (client/src/commandTable.ts) runs through
// runCommand (client/src/commandRecord.ts) with the editor's documents, trust and language server.
import * as vscode from 'vscode';
import { type CommandHost, type CommandRecord, runCommand } from './commandRecord';
import type { PolysyncContext } from './context';
import { isActionableDocument } from './documents';
import type { Ui } from './ui';
import { flowDocument } from './vscodeUi';

/** The document a lens or button names (a Uri, or a Uri's string), else the active one; only a Polysync one. */
async function commandDocument(arg: unknown): Promise<vscode.TextDocument | undefined> {
  // openTextDocument returns the already open document, unsaved edits included.
  const doc =
    arg instanceof vscode.Uri ? await vscode.workspace.openTextDocument(arg)
    : typeof arg === 'string' ? await vscode.workspace.openTextDocument(vscode.Uri.parse(arg))
    : vscode.window.activeTextEditor?.document;
  return doc && isActionableDocument(doc) ? doc : undefined;
}

export function registerCommands(ctx: PolysyncContext, ui: Ui, records: CommandRecord[]): void {
  const host: CommandHost = {
    ui,
    isTrusted: () => vscode.workspace.isTrusted,
    isServerRunning: () => ctx.server.isRunning(),
    document: async (arg) => {
      const doc = await commandDocument(arg);
      return doc && flowDocument(doc);
    },
  };
  for (const record of records) {
    ctx.extension.subscriptions.push(vscode.commands.registerCommand(record.id, (arg?: unknown) => runCommand(record, host, arg)));
  }
}
