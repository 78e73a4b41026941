// Activation shared by the desktop extension (extension.ts: the server as a Node process) and the web
// extension (extension.web.ts: the server in a Worker, VS Code for the Web). Everything but the way the
// language client reaches its server is here, once. The client id `polysync` is also the prefix of the
// `polysync.trace.server` setting vscode-languageclient reads.
import * as vscode from 'vscode';
import type { BaseLanguageClient, LanguageClientOptions } from 'vscode-languageclient';
import { vsdiag } from 'vscode-languageclient';
import { registerAccount } from './account';
import { declaresPolysyncSchema, LANGUAGE_ID } from '../../protocol/documents';
import { DOCUMENT_SELECTOR, LIVE_SCHEME } from './commands';
import type { PolysyncContext } from './context';
import { diagnosticsDocs, renderDocLinks } from './docLinksVscode';
import { isPolysyncDocument } from './documents';
import { registerFeatures } from './features';
import { redactingTraceChannel } from './traceRedaction';

export const CLIENT_ID = 'polysync';
export const CLIENT_NAME = 'Polysync Language Server';

/** How this extension host runs the language server: it makes the client with the shared options. */
export type ClientFactory = (clientOptions: LanguageClientOptions, output: vscode.LogOutputChannel) => BaseLanguageClient | Promise<BaseLanguageClient>;

export interface ActivationHost {
  createClient: ClientFactory;
  /** What only this host offers (the desktop's check task and terminals run the CLI with Node). */
  registerHostFeatures?(context: vscode.ExtensionContext, ctx: PolysyncContext): void;
}

/** Starts everything; answers a function that stops the language client (for deactivate). */
export async function activatePolysync(context: vscode.ExtensionContext, host: ActivationHost): Promise<() => Promise<void>> {
  const output = vscode.window.createOutputChannel('Polysync', { log: true });
  context.subscriptions.push(output);
  // Before the server starts, so the commands work even if it cannot.
  const ctx = registerFeatures(context, output);
  host.registerHostFeatures?.(context, ctx);
  adoptSchemaDeclaringJson(context);

  // The code links' page: the server is told where it is (on the web it has no disk to find it on).
  const docs = diagnosticsDocs(context.extensionUri);
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: output,
    // A picked property name opens its value list at once (connections, modes, frequencies...).
    initializationOptions: { retriggerSuggest: true, diagnosticsDocsUrl: docs.toString() },
    // polysync.trace.server records messages here; the one carrying the API key is redacted.
    traceOutputChannel: redactingTraceChannel(output),
    synchronize: { configurationSection: 'polysync' },
    // The live side of Show Changes (polysync-live:) is the sync as Polytomic holds it, read-only: what the
    // checks would say about it is not the user's to fix, and the Problems view would list it beside the
    // file. So it gets no diagnostics: pulls for it are answered empty here without asking the server, and
    // anything pushed for it is dropped. It is still synchronized with the server (rather than left out of
    // the document selector), so hovers, symbols and folding keep working on it.
    middleware: {
      // Code links open the rendered docs at the code's entry, not the Markdown source (docLinks.ts).
      provideDiagnostics: async (document, previousResultId, token, next) => {
        if ((document instanceof vscode.Uri ? document : document.uri).scheme === LIVE_SCHEME) return { kind: vsdiag.DocumentDiagnosticReportKind.full, items: [] };
        const report = await next(document, previousResultId, token);
        if (report?.kind === vsdiag.DocumentDiagnosticReportKind.full) renderDocLinks(report.items, docs);
        return report;
      },
      handleDiagnostics: (uri, diagnostics, next) => {
        if (uri.scheme === LIVE_SCHEME) return next(uri, []);
        renderDocLinks(diagnostics, docs);
        return next(uri, diagnostics);
      },
    },
  };
  const client = await host.createClient(clientOptions, output);
  // Live account data (key from secret storage, language status, Refresh Account Data): sent each time the server is running.
  registerAccount(ctx, client);
  // Attached before the start, so the commands and Restart Language Server find it even if the first start
  // fails, and what waits for the server to run (the sync states of open documents) hears of every start.
  ctx.server.attach(client);
  context.subscriptions.push({ dispose: () => void client.stop() });
  const stop = () => client.stop();
  const start = async () => {
    try {
      await client.start();
    } catch (error) {
      // The language status says the server stopped and offers Restart Language Server; the output says why.
      output.error(`The Polysync language server could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  };
  // Activated for a JSON file (to look for a Polysync $schema) in a workspace without Polysync files: the
  // server starts only once a Polysync document opens, so plain JSON work starts no process.
  if (hasPolysyncDocument() || (await workspaceHasPolysyncFiles())) {
    await start();
    return stop;
  }
  const waiting = vscode.workspace.onDidOpenTextDocument((document) => {
    if (!isPolysyncDocument(document)) return;
    waiting.dispose();
    void start();
  });
  context.subscriptions.push(waiting);
  return stop;
}

function hasPolysyncDocument(): boolean {
  return vscode.workspace.textDocuments.some(isPolysyncDocument);
}

async function workspaceHasPolysyncFiles(): Promise<boolean> {
  if (!vscode.workspace.workspaceFolders?.length) return false;
  const found = await vscode.workspace.findFiles('**/*.polysync.json', '**/node_modules/**', 1);
  return found.length > 0;
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
