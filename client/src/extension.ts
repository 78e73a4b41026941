// The VS Code side: starts the language server for *.polysync.json and registers the commands
// (client/src/features.ts). Thin by design. The client id `polysync` is also the prefix of the
// `polysync.trace.server` setting vscode-languageclient reads.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { registerAccount } from './account';
import { declaresPolysyncSchema, LANGUAGE_ID } from '../../protocol/documents';
import { DOCUMENT_SELECTOR, LIVE_SCHEME } from './commands';
import { isPolysyncDocument } from './documents';
import { registerFeatures } from './features';
import { redactingTraceChannel } from './traceRedaction';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind, vsdiag } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Polysync', { log: true });
  context.subscriptions.push(output);
  // Before the server starts, so the commands work even if it cannot.
  const ctx = registerFeatures(context, output);
  adoptSchemaDeclaringJson(context);

  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  // The server keeps its V8 code cache in the extension's own storage, which VS Code removes with it.
  const env = { POLYSYNC_CACHE_DIR: path.join(context.globalStorageUri.fsPath, 'code-cache') };
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { env } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { env, execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: output,
    // A picked property name opens its value list at once (connections, modes, frequencies...).
    initializationOptions: { retriggerSuggest: true },
    // polysync.trace.server records messages here; the one carrying the API key is redacted.
    traceOutputChannel: redactingTraceChannel(output),
    synchronize: { configurationSection: 'polysync' },
    // The live side of Show Changes (polysync-live:) is the sync as Polytomic holds it, read-only: what the
    // checks would say about it is not the user's to fix, and the Problems view would list it beside the
    // file. So it gets no diagnostics: pulls for it are answered empty here without asking the server, and
    // anything pushed for it is dropped. It is still synchronized with the server (rather than left out of
    // the document selector), so hovers, symbols and folding keep working on it.
    middleware: {
      provideDiagnostics: (document, previousResultId, token, next) =>
        (document instanceof vscode.Uri ? document : document.uri).scheme === LIVE_SCHEME ? { kind: vsdiag.DocumentDiagnosticReportKind.full, items: [] } : next(document, previousResultId, token),
      handleDiagnostics: (uri, diagnostics, next) => next(uri, uri.scheme === LIVE_SCHEME ? [] : diagnostics),
    },
  };
  client = new LanguageClient('polysync', 'Polysync Language Server', serverOptions, clientOptions);
  // Live account data (key from secret storage, language status, Refresh Account Data): sent each time the server is running.
  registerAccount(ctx, client);
  // Attached before the start, so the commands and Restart Language Server find it even if the first start
  // fails, and what waits for the server to run (the sync states of open documents) hears of every start.
  ctx.server.attach(client);
  context.subscriptions.push({ dispose: () => void client?.stop() });
  const languageClient = client;
  const start = async () => {
    try {
      await languageClient.start();
    } catch (error) {
      // The language status says the server stopped and offers Restart Language Server; the output says why.
      output.error(`The Polysync language server could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  };
  // Activated for a JSON file (to look for a Polysync $schema) in a workspace without Polysync files: the
  // server starts only once a Polysync document opens, so plain JSON work starts no process.
  if (hasPolysyncDocument() || (await workspaceHasPolysyncFiles())) {
    await start();
    return;
  }
  const waiting = vscode.workspace.onDidOpenTextDocument((document) => {
    if (!isPolysyncDocument(document)) return;
    waiting.dispose();
    void start();
  });
  context.subscriptions.push(waiting);
}

function hasPolysyncDocument(): boolean {
  return vscode.workspace.textDocuments.some(isPolysyncDocument);
}

async function workspaceHasPolysyncFiles(): Promise<boolean> {
  if (!vscode.workspace.workspaceFolders?.length) return false;
  const found = await vscode.workspace.findFiles('**/*.polysync.json', '**/node_modules/**', 1);
  return found.length > 0;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

/**
 * A JSON document whose `$schema` names Polysync's schema is a Polysync document: it is switched to the
 * Polysync language the first time it is opened in a session. Switching the language (which VS Code does
 * by closing and reopening the document) is not undone: a user who picks JSON again keeps JSON.
 */
function adoptSchemaDeclaringJson(context: vscode.ExtensionContext): void {
  const adopted = new Set<string>();
  const adopt = (document: vscode.TextDocument) => {
    if (document.languageId !== 'json' && document.languageId !== 'jsonc') return;
    const key = document.uri.toString();
    if (adopted.has(key) || !declaresPolysyncSchema(document.getText())) return;
    adopted.add(key);
    void vscode.languages.setTextDocumentLanguage(document, LANGUAGE_ID);
  };
  vscode.workspace.textDocuments.forEach(adopt);
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(adopt));
}
