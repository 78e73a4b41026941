// The web build of the language server (dist/web/server.js) in a worker-like scope with no Node globals
// (no process, Buffer, require, setImmediate: worker-bootstrap.js), driven over its message port with
// the LSP as VS Code for the Web drives it: initialize, didOpen, diagnostics, completion, hover, a quick
// fix, formatting, symbols, folding, and the account checks skipped when no API can be reached.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startWorkerServer, WEB_SERVER, type WorkerLsp } from './workerClient';

const FIXTURES = path.resolve(__dirname, '..', 'e2e', 'fixtures', 'workspace');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');
// A virtual file system's URI, as github.dev gives documents: nothing may assume file: or a disk.
const uri = (name: string) => `vscode-vfs://github/polysync/examples/${name}`;

/** Zero-based position of `needle` (plus `offset` characters) in `text`. */
function at(text: string, needle: string, offset = 0): { line: number; character: number } {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, `${needle} not found`);
  return { line, character: lines[line].indexOf(needle) + offset };
}

describe('the web server bundle in a worker without Node', () => {
  let lsp: WorkerLsp;
  let initialize: any; // eslint-disable-line @typescript-eslint/no-explicit-any

  before(async () => {
    lsp = await startWorkerServer();
    initialize = await lsp.request('initialize', {
      processId: null,
      rootUri: null,
      capabilities: {
        textDocument: {
          hover: { contentFormat: ['markdown', 'plaintext'] },
          completion: { completionItem: { snippetSupport: true } },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
        },
      },
      initializationOptions: { diagnosticsDelayMs: 0 },
    });
    lsp.notify('initialized', {});
  });

  after(async () => {
    await lsp?.close();
  });

  test('the scope has none of Node, and the bundle loaded without error', () => {
    assert.deepEqual(lsp.nodeGlobalsLeft, []);
    assert.deepEqual(lsp.errors, []);
    const bundle = readFileSync(WEB_SERVER, 'utf8');
    assert.doesNotMatch(bundle, /require\(["']node:|require\(["'](fs|child_process|http|https|net|tls|v8|vm|os|path|crypto)["']\)/);
  });

  test('initialize answers the server and its capabilities', () => {
    assert.equal(initialize.serverInfo.name, 'polysync-language-server');
    assert.ok(initialize.capabilities.completionProvider);
    assert.equal(initialize.capabilities.hoverProvider, true);
    assert.ok(initialize.capabilities.codeActionProvider);
    assert.equal(initialize.capabilities.documentFormattingProvider, true);
  });

  test('a syntax error is published for a document opened from a virtual file system', async () => {
    const text = fixture('broken-syntax.polysync.json');
    lsp.notify('textDocument/didOpen', { textDocument: { uri: uri('broken.polysync.json'), languageId: 'polysync', version: 1, text } });
    const published = await lsp.waitForNotification('textDocument/publishDiagnostics', (p) => p.uri === uri('broken.polysync.json') && p.diagnostics.length > 0);
    const error = published.diagnostics.find((d: { code?: string }) => d.code === 'PS001');
    assert.ok(error, JSON.stringify(published.diagnostics));
    assert.equal(error.source, 'polysync');
    assert.equal(error.range.start.line, 3);
  });

  test('a misspelled mode: PS104, and the quick fix that changes it', async () => {
    const text = fixture('misspelled-mode.polysync.json');
    const doc = uri('misspelled.polysync.json');
    lsp.notify('textDocument/didOpen', { textDocument: { uri: doc, languageId: 'polysync', version: 1, text } });
    const published = await lsp.waitForNotification('textDocument/publishDiagnostics', (p) => p.uri === doc && p.diagnostics.some((d: { code?: string }) => d.code === 'PS104'));
    const diagnostic = published.diagnostics.find((d: { code?: string }) => d.code === 'PS104');
    assert.match(diagnostic.message, /Did you mean `replicate`\?/);
    const actions = await lsp.request('textDocument/codeAction', { textDocument: { uri: doc }, range: diagnostic.range, context: { diagnostics: [diagnostic], only: ['quickfix'] } });
    const fix = actions.find((a: { title: string }) => a.title === 'Change to "replicate"');
    assert.ok(fix, JSON.stringify(actions.map((a: { title: string }) => a.title)));
    assert.deepEqual(fix.edit.changes[doc].map((e: { newText: string }) => e.newText), ['"replicate"']);
  });

  test('completion in the mode value offers exactly the two modes', async () => {
    const text = fixture('orders-to-warehouse.polysync.json');
    const doc = uri('valid.polysync.json');
    lsp.notify('textDocument/didOpen', { textDocument: { uri: doc, languageId: 'polysync', version: 1, text } });
    const list = await lsp.request('textDocument/completion', { textDocument: { uri: doc }, position: at(text, '"replicate"', 1) });
    const labels = (Array.isArray(list) ? list : list.items).map((i: { label: string }) => i.label).sort();
    assert.deepEqual(labels, ['replicate', 'snapshot']);
  });

  test('hover on a property explains it', async () => {
    const text = fixture('orders-to-warehouse.polysync.json');
    const hover = await lsp.request('textDocument/hover', { textDocument: { uri: uri('valid.polysync.json') }, position: at(text, '"mode"', 2) });
    const value = typeof hover.contents === 'string' ? hover.contents : hover.contents.value;
    assert.match(value, /snapshot/);
    assert.match(value, /replicate/);
  });

  test('formatting, outline and folding answer on the web too', async () => {
    const doc = uri('valid.polysync.json');
    const symbols = await lsp.request('textDocument/documentSymbol', { textDocument: { uri: doc } });
    assert.ok(symbols.some((s: { name: string }) => s.name === 'mode'), JSON.stringify(symbols.map((s: { name: string }) => s.name)));
    const folds = await lsp.request('textDocument/foldingRange', { textDocument: { uri: doc } });
    assert.ok(folds.length > 0);
    const messy = '{"name":"A","mode":"replicate"}';
    const messyUri = uri('messy.polysync.json');
    lsp.notify('textDocument/didOpen', { textDocument: { uri: messyUri, languageId: 'polysync', version: 1, text: messy } });
    const edits = await lsp.request('textDocument/formatting', { textDocument: { uri: messyUri }, options: { tabSize: 2, insertSpaces: true } });
    assert.ok(edits.length > 0, 'the one-line document is reformatted');
  });

  test('without an account nothing is asked of the network and the status says so', async () => {
    const status = await lsp.waitForNotification('polysync/accountStatus');
    assert.equal(status.state, 'signed-out');
  });

  test('an API the worker cannot reach: the account is offline with the reason, the account checks are skipped', async () => {
    // A port nothing listens on: fetch fails as a browser's fails for a refused origin.
    lsp.notify('polysync/setCredentials', { apiUrl: 'http://127.0.0.1:9', apiKey: 'web-test-key-0001', automaticLookups: true });
    const status = await lsp.waitForNotification('polysync/accountStatus', (p) => p.state === 'offline', 15_000);
    assert.match(status.message, /so checks that need the account are skipped/);
    assert.match(status.message, /Account features need the desktop app here\./);
    assert.ok(!status.message.includes('web-test-key-0001'));
    // The valid file names connections the account would check (PS3xx): none is reported while offline.
    const doc = uri('valid.polysync.json');
    lsp.notify('textDocument/didChange', { textDocument: { uri: doc, version: 2 }, contentChanges: [{ text: fixture('orders-to-warehouse.polysync.json') }] });
    const published = await lsp.waitForNotification('textDocument/publishDiagnostics', (p) => p.uri === doc && p.version === 2);
    assert.deepEqual(published.diagnostics.filter((d: { code?: string }) => /^PS3/.test(String(d.code))), []);
    assert.deepEqual(lsp.errors, []);
  });
});

describe('the web server bundle and the size limit', () => {
  let lsp: WorkerLsp;

  before(async () => {
    lsp = await startWorkerServer();
    // A small limit: a document of a few hundred characters is between a third of it and all of it,
    // where the document store counts its UTF-8 bytes (with no Buffer in a worker).
    await lsp.request('initialize', { processId: null, rootUri: null, capabilities: {}, initializationOptions: { diagnosticsDelayMs: 0, maxDocumentBytes: 1000 } });
    lsp.notify('initialized', {});
  });

  after(async () => {
    await lsp?.close();
  });

  test('a document near the limit is checked, and goes over it with an edit, without Node', async () => {
    const doc = uri('near-limit.polysync.json');
    const text = `{\n  "name": "Café ${'x'.repeat(600)}",\n  "mode": "replicate"\n}\n`;
    lsp.notify('textDocument/didOpen', { textDocument: { uri: doc, languageId: 'polysync', version: 1, text } });
    const first = await lsp.waitForNotification('textDocument/publishDiagnostics', (p) => p.uri === doc && p.version === 1);
    assert.ok(!first.diagnostics.some((d: { code?: string }) => d.code === 'PS005'), JSON.stringify(first.diagnostics));
    lsp.notify('textDocument/didChange', {
      textDocument: { uri: doc, version: 2 },
      contentChanges: [{ range: { start: { line: 1, character: 15 }, end: { line: 1, character: 15 } }, text: 'é'.repeat(300) }],
    });
    const second = await lsp.waitForNotification('textDocument/publishDiagnostics', (p) => p.uri === doc && p.version === 2);
    assert.equal(second.diagnostics.length, 1, JSON.stringify(second.diagnostics));
    assert.equal(second.diagnostics[0].code, 'PS005');
    assert.deepEqual(lsp.errors, []);
  });
});
