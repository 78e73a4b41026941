// The LSP adapter: wires an editor connection to the language service. Run with --stdio, --node-ipc
// or --socket=PORT (the transport flags of vscode-languageserver).
import {
  createConnection,
  type Diagnostic,
  DiagnosticSeverity,
  type InitializeResult,
  LSPErrorCodes,
  ResponseError,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { isPolysyncUri, LanguageService } from './service/languageService';
import { VERSION } from './version';

const argv = process.argv.slice(2);
if (argv.includes('--version')) {
  process.stdout.write(`polysync-language-server ${VERSION}\n`);
  process.exit(0);
}
if (argv.includes('--help') || !argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe') || a.startsWith('--clientProcessId'))) {
  process.stdout.write(
    [
      `polysync-language-server ${VERSION}: the Polysync language server for *.polysync.json files.`,
      '',
      'Usage: polysync-language-server --stdio      (speak LSP over standard input and output)',
      '       polysync-language-server --node-ipc   (when started by a Node-based client)',
      '',
    ].join('\n'),
  );
  process.exit(argv.includes('--help') ? 0 : 2);
}

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const service = new LanguageService();

/** Push mode only: a pending debounced validation per document. */
const pending = new Map<string, NodeJS.Timeout>();
let pullDiagnostics = false;
let pushDelayMs = 50;

connection.onInitialize((params): InitializeResult => {
  pullDiagnostics = Boolean(params.capabilities.textDocument?.diagnostic);
  const options = params.initializationOptions as { diagnosticsDelayMs?: number } | undefined;
  if (typeof options?.diagnosticsDelayMs === 'number' && options.diagnosticsDelayMs >= 0) pushDelayMs = options.diagnosticsDelayMs;
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      diagnosticProvider: { identifier: 'polysync', interFileDependencies: false, workspaceDiagnostics: false },
    },
    serverInfo: { name: 'polysync-language-server', version: VERSION },
  };
});

connection.onInitialized(() => {
  connection.console.info(`Polysync language server ${VERSION} started (${pullDiagnostics ? 'pull' : 'push'} diagnostics).`);
});

function safeDiagnostics(document: TextDocument, token?: { isCancellationRequested: boolean }): Diagnostic[] | undefined {
  try {
    return service.diagnostics(document, token);
  } catch (error) {
    // A bug must never take the server down: report it once on the document and in the log.
    connection.console.error(`Validation failed for ${document.uri}: ${error instanceof Error ? error.stack : String(error)}`);
    return [
      {
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: DiagnosticSeverity.Warning,
        source: 'polysync',
        message: 'Polysync could not check this document because of an internal error; see the Polysync output for details.',
      },
    ];
  }
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

connection.languages.diagnostics.on(async (params, token) => {
  // Yield once so a cancellation or a newer edit already on the wire is seen before the work starts.
  await yieldToEventLoop();
  if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'Diagnostics request cancelled.');
  const document = documents.get(params.textDocument.uri);
  if (!document || !isPolysyncUri(document.uri)) return { kind: 'full', items: [] };
  const resultId = `${document.version}`;
  if (params.previousResultId === resultId) return { kind: 'unchanged', resultId };
  const items = safeDiagnostics(document, token);
  // An empty answer would wipe the editor's diagnostics; an error keeps them until the next pull.
  if (!items) throw new ResponseError(LSPErrorCodes.ServerCancelled, 'Diagnostics cancelled.', { retriggerRequest: true });
  return { kind: 'full', resultId, items };
});

function schedulePush(document: TextDocument): void {
  if (pullDiagnostics || !isPolysyncUri(document.uri)) return;
  const uri = document.uri;
  clearTimeout(pending.get(uri));
  pending.set(
    uri,
    setTimeout(() => {
      pending.delete(uri);
      const current = documents.get(uri);
      if (!current) return;
      const diagnostics = safeDiagnostics(current);
      if (diagnostics) void connection.sendDiagnostics({ uri, version: current.version, diagnostics });
    }, pushDelayMs),
  );
}

documents.onDidOpen((event) => schedulePush(event.document));
documents.onDidChangeContent((event) => schedulePush(event.document));
documents.onDidClose((event) => {
  const uri = event.document.uri;
  clearTimeout(pending.get(uri));
  pending.delete(uri);
  service.forget(uri);
  if (!pullDiagnostics && isPolysyncUri(uri)) void connection.sendDiagnostics({ uri, diagnostics: [] });
});

documents.listen(connection);
connection.listen();
