// "Create Bulk Sync" (or "Created as <id> · Create again") above the first line of a polysync
// document; it updates when a Create succeeds.
import * as vscode from 'vscode';
import type { PolysyncContext } from './context';
import { lensTitle } from './create/state';
import { COMMANDS, DOCUMENT_SELECTOR } from './commands';

export function registerCreateCodeLens(ctx: PolysyncContext): void {
  const changed = new vscode.EventEmitter<void>();
  const provider: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: changed.event,
    provideCodeLenses(document) {
      const title = lensTitle(ctx.created.latest(document.uri.toString()));
      const top = new vscode.Range(0, 0, 0, 0);
      return [new vscode.CodeLens(top, { title, command: COMMANDS.createBulkSync, arguments: [document.uri], tooltip: 'Create this bulk sync in Polytomic' })];
    },
  };
  ctx.extension.subscriptions.push(
    changed,
    ctx.created.onDidChange(() => changed.fire()),
    vscode.languages.registerCodeLensProvider(DOCUMENT_SELECTOR, provider),
  );
}
