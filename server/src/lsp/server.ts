// The LSP adapter: wires an editor connection to the language service. Built by startServer, which is
// handed the connection and what it may know of its host (the environment, where the docs are): the
// node entry (main.ts) parses the command line and creates the connection; another entry (a browser
// worker) can hand in its own.
import type { Connection, DocumentSymbol, SymbolInformation, Diagnostic, InitializeParams, InitializeResult } from 'vscode-languageserver';
// Imported with `import = require()`, as in the other files of the server's start path: esbuild then
// uses the library's module object as it is, where a named import makes it copy the ~300 exports into a
// namespace object of its own for each importing file (esbuild's __toESM), work of every start.
import lsp = require('vscode-languageserver');
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { isPolysyncDocument } from '../../../protocol/documents';
import {
  accountHoverContributor,
  accountInlayHints,
  type AccountSnapshot,
  accountValueProvider,
  awaitingAccountData,
  createLanguageService,
  DEFAULT_MAX_DOCUMENT_BYTES,
  detectIndentOptions,
  fixDataOf,
  limitFromBytes,
  limitFromMegabytes,
  StoredDocuments,
  tooLargeDiagnostic,
} from '../service';
import { VERSION } from '../version';
import { type AccountInitOptions, AccountBridge } from './accountBridge';
import { registerCreate } from './create';
import { registerKeepSync } from './keepSync';
import { createAsyncGuard, createGuard, describeError } from './guard';
import { DocumentGate } from './documentGate';
import { docsUrlOption, withDocLinks } from './docLinks';
import { initializeResult } from './capabilities';
import { askClientToWatchConfigs, type ConfigHost, followConfigChanges, ProjectConfigs } from './projectConfig';

export interface ServerOptions {
  /** The environment credentials may come from (POLYTOMIC_*, read by the account bridge); {} where there is none. */
  env: Record<string, string | undefined>;
  /** Where the shipped diagnostic docs are, when the host has them and the client names none. */
  shippedDocsUrl?(): string | undefined;
  /** A note on how the server started (the code cache), for the start-up line in the log. */
  startupNote?(): string;
  /** Where polysync.config.json files are read from; without one (a browser worker), none apply. */
  configHost?: ConfigHost;
}

/** Yields once to the event loop (setImmediate where the host has it). */
const yieldToEventLoop = () => new Promise<void>((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));

/** Wires the language service to `connection` and starts listening. */
export function startServer(connection: Connection, options: ServerOptions): void {
  const documents = new lsp.TextDocuments(StoredDocuments);
  const service = createLanguageService();
  // Live account data: fetched in the background, read from its cache by every feature below.
  const account = new AccountBridge(connection, options.env, {
    republishDiagnostics: () => documents.all().forEach((document) => schedulePush(document)),
  });

  /** Push mode only: a pending debounced validation per document. */
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  let pullDiagnostics = false;
  let hierarchicalSymbols = false;
  let completionSnippets = false;
  let pushDelayMs = 50;
  /** Documents larger than this are not analysed (initialization option `maxDocumentBytes`, setting `polysync.maxDocumentSizeMB`). */
  let initialMaxDocumentBytes = DEFAULT_MAX_DOCUMENT_BYTES;
  let maxDocumentBytes = DEFAULT_MAX_DOCUMENT_BYTES;
  let diagnosticRefresh = false;
  /** Where each diagnostic code is explained (codeDescription); undefined when the docs are not shipped. */
  let docsUrl: string | undefined;
  /** VS Code's client asks for property-name items to open the value list again once inserted. */
  let retriggerSuggest = false;
  /** Whether a document is analysed (language, size limit, version): every handler below asks it. */
  const gate = new DocumentGate(documents, () => maxDocumentBytes);
  /** polysync.config.json files, followed through watched-file notifications. */
  const configs = new ProjectConfigs(options.configHost);
  let clientCapabilities: InitializeParams['capabilities'] | undefined;

  connection.onInitialize((params): InitializeResult => {
    clientCapabilities = params.capabilities;
    pullDiagnostics = Boolean(params.capabilities.textDocument?.diagnostic);
    hierarchicalSymbols = params.capabilities.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport === true;
    completionSnippets = params.capabilities.textDocument?.completion?.completionItem?.snippetSupport === true;
    const init = params.initializationOptions as { diagnosticsDelayMs?: number; maxDocumentBytes?: number; diagnosticsDocsUrl?: string; retriggerSuggest?: boolean } | undefined;
    retriggerSuggest = init?.retriggerSuggest === true;
    docsUrl = docsUrlOption(init?.diagnosticsDocsUrl) ?? options.shippedDocsUrl?.();
    if (typeof init?.diagnosticsDelayMs === 'number' && init.diagnosticsDelayMs >= 0) pushDelayMs = init.diagnosticsDelayMs;
    initialMaxDocumentBytes = maxDocumentBytes = limitFromBytes(init?.maxDocumentBytes) ?? DEFAULT_MAX_DOCUMENT_BYTES;
    diagnosticRefresh = params.capabilities.workspace?.diagnostics?.refreshSupport === true;
    account.initialize(params.capabilities, params.initializationOptions as AccountInitOptions | undefined, pullDiagnostics);
    // The same answer whatever the parameters: the Node launcher may have written it already (capabilities.ts).
    return initializeResult();
  });

  connection.onInitialized(() => {
    account.started();
    askClientToWatchConfigs(connection, clientCapabilities);
    connection.console.info(`Polysync language server ${VERSION} started (${pullDiagnostics ? 'pull' : 'push'} diagnostics${options.startupNote ? `; ${options.startupNote()}` : ''}).`);
  });

  function safeDiagnostics(document: TextDocument, token?: { isCancellationRequested: boolean }, snapshot?: AccountSnapshot): Diagnostic[] | undefined {
    try {
      const policy = configs.policyFor(document.uri);
      const items = service.diagnostics(document, token, snapshot ?? account.snapshotFor(service.parse(document)), policy.rules);
      return items && [...policy.problems, ...items];
    } catch (error) {
      // A bug must never take the server down: report it once on the document and in the log.
      connection.console.error(`Validation failed for ${document.uri}: ${describeError(error)}`);
      return [
        {
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          severity: lsp.DiagnosticSeverity.Warning,
          source: 'polysync',
          message: 'Polysync could not check this document because of an internal error; see the Polysync output for details.',
        },
      ];
    }
  }


  connection.languages.diagnostics.on(async (params, token) => {
    // Yield once so a cancellation or a newer edit already on the wire is seen before the work starts.
    await yieldToEventLoop();
    if (token.isCancellationRequested) throw new lsp.ResponseError(lsp.LSPErrorCodes.RequestCancelled, 'Diagnostics request cancelled.');
    const answer = gate.check(documents.get(params.textDocument.uri));
    if (!answer.ok && answer.reason === 'too-large') return { kind: 'full', resultId: `${answer.document.version}.over.${answer.limit}`, items: [tooLargeDiagnostic(answer.bytes, answer.limit)] };
    if (!answer.ok) return { kind: 'full', items: [] };
    const { document } = answer;
    // The account's data can change the result of the same text, so its revision is part of the id.
    const snapshot = account.snapshotFor(service.parse(document));
    const resultId = `${document.version}.${snapshot.revision}.${configs.revision}`;
    if (params.previousResultId === resultId) return { kind: 'unchanged', resultId };
    const items = safeDiagnostics(document, token, snapshot);
    // An empty answer would wipe the editor's diagnostics; an error keeps them until the next pull.
    if (!items) throw new lsp.ResponseError(lsp.LSPErrorCodes.ServerCancelled, 'Diagnostics cancelled.', { retriggerRequest: true });
    return { kind: 'full', resultId, items: withDocLinks(items, docsUrl) };
  });

  function schedulePush(document: TextDocument): void {
    if (pullDiagnostics || !isPolysyncDocument(document)) return;
    const uri = document.uri;
    clearTimeout(pending.get(uri));
    pending.set(
      uri,
      setTimeout(() => {
        pending.delete(uri);
        const answer = gate.check(documents.get(uri));
        if (!answer.ok && answer.reason !== 'too-large') return;
        const current = answer.document;
        const diagnostics = answer.ok ? safeDiagnostics(current) : [tooLargeDiagnostic(answer.bytes, answer.limit)];
        if (diagnostics) void connection.sendDiagnostics({ uri, version: current.version, diagnostics: withDocLinks(diagnostics, docsUrl) });
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
    gate.forget(uri);
    if (!pullDiagnostics && isPolysyncDocument(event.document)) void connection.sendDiagnostics({ uri, diagnostics: [] });
  });

  // ---- authoring: quick fixes, outline, folding, selection, formatting, inlay hints ----------------

  // The size limit can change while documents are open: their diagnostics are then computed again.
  connection.onDidChangeConfiguration((change) => {
    const settings = (change.settings as { polysync?: { maxDocumentSizeMB?: unknown } } | null | undefined)?.polysync;
    const limit = limitFromMegabytes(settings?.maxDocumentSizeMB) ?? initialMaxDocumentBytes;
    if (limit === maxDocumentBytes) return;
    maxDocumentBytes = limit;
    recheckAll();
  });

  /** Computes every open document's diagnostics again (pushed, or the client asked to pull them). */
  function recheckAll(): void {
    if (!pullDiagnostics) documents.all().forEach((document) => schedulePush(document));
    else if (diagnosticRefresh) connection.languages.diagnostics.refresh().catch(() => undefined);
  }

  followConfigChanges(connection, configs, recheckAll);

  /** Runs a feature: a bug is logged with its stack and answered with an empty result; cancellation is honoured. */
  const guarded = createGuard((line) => connection.console.error(line));

  /**
   * Clients may drop `data` from the diagnostics they send back; the quick fixes need it, so it is
   * recomputed and matched by range and code.
   */
  function withFixData(document: TextDocument, sent: Diagnostic[], token: { isCancellationRequested: boolean }): Diagnostic[] {
    if (sent.every((d) => d.source !== 'polysync' || fixDataOf(d))) return sent;
    const fresh = service.diagnostics(document, token, account.snapshotFor(service.parse(document)), configs.policyFor(document.uri).rules) ?? [];
    const same = (a: Diagnostic, b: Diagnostic) =>
      a.code === b.code &&
      a.range.start.line === b.range.start.line &&
      a.range.start.character === b.range.start.character &&
      a.range.end.line === b.range.end.line &&
      a.range.end.character === b.range.end.character;
    return sent.map((d) => {
      if (d.source !== 'polysync' || fixDataOf(d)) return d;
      const match = fresh.find((f) => same(f, d));
      return match?.data ? { ...d, data: match.data } : d;
    });
  }

  connection.onCodeAction((params, token) => {
    const document = gate.analysable(params.textDocument.uri);
    if (!document) return [];
    return guarded('Code actions', document.uri, [], token, () => {
      const diagnostics = withFixData(document, params.context.diagnostics, token);
      if (token.isCancellationRequested) return [];
      // polysync.config.json's rules: a rule turned off is neither offered a fix nor fixed by "fix all".
      const options = { ...detectIndentOptions(document.getText()), only: params.context.only, rules: configs.policyFor(document.uri).rules };
      return service.codeActions(service.parse(document), params.range, diagnostics, options);
    });
  });

  function flattenSymbols(symbols: DocumentSymbol[], uri: string, container?: string, out: SymbolInformation[] = []): SymbolInformation[] {
    for (const s of symbols) {
      out.push({ name: s.name, kind: s.kind, location: { uri, range: s.range }, ...(container ? { containerName: container } : {}) });
      if (s.children) flattenSymbols(s.children, uri, s.name, out);
    }
    return out;
  }

  connection.onDocumentSymbol((params, token) => {
    const document = gate.analysable(params.textDocument.uri);
    if (!document) return [];
    return guarded<DocumentSymbol[] | SymbolInformation[]>('Document symbols', document.uri, [], token, () => {
      const symbols = service.symbols(service.parse(document));
      return hierarchicalSymbols ? symbols : flattenSymbols(symbols, document.uri);
    });
  });

  connection.onFoldingRanges((params, token) => {
    const document = gate.analysable(params.textDocument.uri);
    if (!document) return [];
    return guarded('Folding ranges', document.uri, [], token, () => service.foldingRanges(service.parse(document)));
  });

  connection.onSelectionRanges((params, token) => {
    const document = gate.analysable(params.textDocument.uri);
    if (!document) return [];
    return guarded('Selection ranges', document.uri, [], token, () => service.selectionRanges(service.parse(document), params.positions));
  });

  connection.onDocumentFormatting((params, token) => {
    const document = gate.analysable(params.textDocument.uri);
    if (!document) return [];
    return guarded('Formatting', document.uri, [], token, () => service.format(service.parse(document), undefined, params.options));
  });

  connection.onDocumentRangeFormatting((params, token) => {
    const document = gate.analysable(params.textDocument.uri);
    if (!document) return [];
    return guarded('Range formatting', document.uri, [], token, () => service.format(service.parse(document), params.range, params.options));
  });

  connection.languages.inlayHint.on((params, token) => {
    const document = gate.analysable(params.textDocument.uri);
    if (!document) return [];
    return guarded('Inlay hints', document.uri, [], token, () => {
      const parsed = service.parse(document);
      return service.inlayHints(parsed, params.range, [accountInlayHints(account.snapshotFor(parsed))]);
    });
  });

  // ---- completion and hover ------------------------------------------------------------------------

  connection.onCompletion((params, token) => {
    const document = gate.analysable(params.textDocument.uri);
    if (!document) return null;
    return guarded('Completion', document.uri, null, token, () => {
      const parsed = service.parse(document);
      // Answers from cached account data at once; anything missing is fetched behind.
      const snapshot = account.snapshotFor(parsed);
      const list = service.complete(parsed, params.position, { snippetSupport: completionSnippets, valueProviders: [accountValueProvider(snapshot)], retriggerSuggest });
      if (awaitingAccountData(snapshot, parsed, params.position)) list.isIncomplete = true;
      return list;
    });
  });

  connection.onHover((params, token) => {
    const document = gate.analysable(params.textDocument.uri);
    if (!document) return null;
    return guarded('Hover', document.uri, null, token, () => {
      const parsed = service.parse(document);
      return service.hover(parsed, params.position, [accountHoverContributor(account.snapshotFor(parsed))]);
    });
  });

  /** Runs a custom request: a bug is logged with its stack and answered as a failure. */
  const guardedAsync = createAsyncGuard((line) => connection.console.error(line));
  // `log` takes each API request's line: debug, so the output at its default level holds what a person reads.
  const requests = { connection, gate, service, account, guard: guardedAsync, log: (line: string) => connection.console.debug(line), configFor: (uri: string) => configs.forDocument(uri) };
  registerCreate(requests);
  registerKeepSync(requests);

  documents.listen(connection);
  connection.listen();
}
