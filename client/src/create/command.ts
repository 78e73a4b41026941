// Registers "Polysync: Create Bulk Sync": finds the document, then hands it to the CreateFlow, which asks
// the language server (polysync/createBulkSync) to check and send it.
import * as vscode from 'vscode';
import { CancellationTokenSource } from 'vscode-languageclient/node';
import { CreateBulkSync } from '../../../protocol/messages';
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
    isTrusted: () => vscode.workspace.isTrusted,
    request: async (params, signal) => {
      const client = ctx.languageClient;
      if (!client?.isRunning()) throw new ServerUnavailable();
      const source = new CancellationTokenSource();
      signal?.addEventListener('abort', () => source.cancel(), { once: true });
      try {
        return await client.sendRequest(CreateBulkSync, params, source.token);
      } finally {
        source.dispose();
      }
    },
  });
  ctx.extension.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.createBulkSync, async (arg?: unknown) => {
      const doc = await targetDocument(arg);
      if (!doc || !isPolysyncDocument(doc)) {
        ui.showError('Open a *.polysync.json file to create a bulk sync from it.');
        return;
      }
      try {
        const outcome = await flow.run({ uri: doc.uri.toString(), fileName: doc.fileName, version: doc.version });
        ctx.output.info(`Create ${doc.uri.toString()}: ${outcome.kind}${outcome.kind === 'stopped' ? ` (${outcome.reason})` : ''}`);
      } catch (error) {
        // The server is not running, or the request failed: nothing can have been sent by the client itself.
        const reason = error instanceof ServerUnavailable ? 'the Polysync language server is not running' : error instanceof Error ? error.message : String(error);
        ctx.output.error(`Create ${doc.uri.toString()} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        ui.showError(`Could not create the bulk sync: ${reason}. See the Polysync output for details.`);
      }
    }),
  );
}

class ServerUnavailable extends Error {
  constructor() {
    super('the Polysync language server is not running');
  }
}
