// Registers "Polysync: Create Bulk Sync": finds the document, then hands it to the CreateFlow.
import * as vscode from 'vscode';
import { PolytomicClient } from '../../../server/src/api/client';
import type { PolysyncContext } from '../context';
import { readApiSettings } from '../settings';
import { CreateFlow } from './flow';
import { COMMANDS } from './ui';
import { vscodeUi } from './vscodeUi';

function isPolysyncDocument(doc: vscode.TextDocument): boolean {
  return doc.languageId === 'polysync' || doc.fileName.toLowerCase().endsWith('.polysync.json');
}

/** The document named by the editor-title button or code lens (a Uri), else the active one. */
async function targetDocument(arg: unknown): Promise<vscode.TextDocument | undefined> {
  if (arg instanceof vscode.Uri) {
    // openTextDocument returns the already open document, unsaved edits included.
    return vscode.workspace.openTextDocument(arg);
  }
  return vscode.window.activeTextEditor?.document;
}

export function registerCreateCommand(ctx: PolysyncContext): void {
  const ui = vscodeUi(ctx);
  const flow = new CreateFlow({
    ui,
    created: ctx.created,
    urlDecisions: ctx.urlDecisions,
    settings: () => readApiSettings(),
    apiKey: () => ctx.apiKeys.get(),
    isTrusted: () => vscode.workspace.isTrusted,
    // The client redacts its own log lines.
    newClient: (config) => new PolytomicClient(config, { log: (line) => ctx.output.info(line) }),
  });
  ctx.extension.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.createBulkSync, async (arg?: unknown) => {
      const doc = await targetDocument(arg);
      if (!doc || !isPolysyncDocument(doc)) {
        ui.showError('Open a *.polysync.json file to create a bulk sync from it.');
        return;
      }
      const outcome = await flow.run({ uri: doc.uri.toString(), fileName: doc.fileName, version: doc.version, text: doc.getText() });
      ctx.output.info(`Create ${doc.uri.toString()}: ${outcome.kind}${outcome.kind === 'stopped' ? ` (${outcome.reason})` : ''}`);
    }),
  );
}
