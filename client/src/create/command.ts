// Registers "Polysync: Create Bulk Sync": finds the document, then hands it to the CreateFlow, which asks
// the language server (polysync/createBulkSync) to check and send it.
import * as vscode from 'vscode';
import { CancellationTokenSource } from 'vscode-languageclient';
import { CreateBulkSync } from '../../../protocol/messages';
import type { PolysyncContext } from '../context';
import type { SyncStates } from '../keepSync';
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

export function registerCreateCommand(ctx: PolysyncContext, states: SyncStates): void {
  const ui = vscodeUi(ctx, states);
  const flow = new CreateFlow({
    ui,
    urlDecisions: ctx.urlDecisions,
    settings: () => readApiSettings(),
    isTrusted: () => vscode.workspace.isTrusted,
    request: async (params, signal) => {
      const client = ctx.languageClient;
      if (!client?.isRunning()) throw new ServerUnavailable('the Polysync language server is not running');
      const source = new CancellationTokenSource();
      signal?.addEventListener('abort', () => source.cancel(), { once: true });
      try {
        return await client.sendRequest(CreateBulkSync, params, source.token);
      } catch (error) {
        throw new ServerUnavailable(error instanceof Error ? error.message : String(error), error);
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
        // Only a failed exchange with the server is reported here; anything else is VS Code's to show.
        if (!(error instanceof ServerUnavailable)) throw error;
        ctx.output.error(`Create ${doc.uri.toString()} failed: ${error.detail}`);
        ui.showError(`Could not create the bulk sync: the Polysync language server did not answer (${error.message}). If it failed while sending, check Polytomic before creating again. See the Polysync output for details.`);
      }
    }),
  );
}

/** The language server could not be asked (not running, or the request itself failed). */
class ServerUnavailable extends Error {
  readonly detail: string;
  constructor(message: string, cause?: unknown) {
    super(message);
    this.detail = cause instanceof Error ? (cause.stack ?? cause.message) : message;
  }
}
