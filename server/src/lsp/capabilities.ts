// The language server's answer to `initialize`: what it can do. It is the same for every client (the
// client's parameters only change how the server behaves afterwards), which is what lets the Node
// launcher write it before the server's bundle has loaded (server/src/boot/earlyInitialize.ts); the
// server's own `initialize` handler returns it too. It must stay independent of the parameters, and this
// file must load no library (it is bundled into the launcher).
import type { CodeActionKind, InitializeResult, TextDocumentSyncKind } from 'vscode-languageserver';
import { VERSION } from '../version';

// Written out so that this file loads neither the library nor the service (whose front door,
// service/index.ts, brings the whole engine): TextDocumentSyncKind.Incremental, CodeActionKind.QuickFix,
// and the service's FIX_ALL_KIND (test/unit/capabilities.test.ts checks all three against their sources).
const INCREMENTAL: TextDocumentSyncKind = 2;
const QUICK_FIX_KIND: CodeActionKind = 'quickfix';
const FIX_ALL_KIND: CodeActionKind = 'source.fixAll.polysync';

export function initializeResult(): InitializeResult {
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: INCREMENTAL },
      diagnosticProvider: { identifier: 'polysync', interFileDependencies: false, workspaceDiagnostics: false },
      codeActionProvider: { codeActionKinds: [QUICK_FIX_KIND, FIX_ALL_KIND], resolveProvider: false },
      documentSymbolProvider: { label: 'Polysync' },
      foldingRangeProvider: true,
      selectionRangeProvider: true,
      documentFormattingProvider: true,
      documentRangeFormattingProvider: true,
      inlayHintProvider: { resolveProvider: false },
      // `"` starts a name or a string value, `:` a value; both are where a list helps without typing.
      completionProvider: { triggerCharacters: ['"', ':'], resolveProvider: false },
      hoverProvider: true,
    },
    serverInfo: { name: 'polysync-language-server', version: VERSION },
  };
}
