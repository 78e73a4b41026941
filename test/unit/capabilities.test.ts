// The server's answer to `initialize` (server/src/lsp/capabilities.ts), which the launcher writes before
// the server loads: the values it writes out instead of importing are the library's and the service's,
// and the answer does not change between calls.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CodeActionKind, TextDocumentSyncKind } from 'vscode-languageserver';
import { initializeResult } from '../../server/src/lsp/capabilities';
import { FIX_ALL_KIND } from '../../server/src/service';
import { VERSION } from '../../server/src/version';

test('the capabilities name the library\'s sync kind and quick fix kind and the service\'s fix-all kind', () => {
  const { capabilities, serverInfo } = initializeResult();
  assert.deepEqual(capabilities.textDocumentSync, { openClose: true, change: TextDocumentSyncKind.Incremental });
  assert.deepEqual(capabilities.codeActionProvider, { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false });
  assert.deepEqual(serverInfo, { name: 'polysync-language-server', version: VERSION });
  assert.deepEqual(initializeResult(), initializeResult());
});
