// Authoring features over the real bundled server on stdio: code actions, outline, folding, selection
// ranges, formatting and inlay hints.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, TextEdit } from 'vscode-languageserver-types';
import { fileUri, type LspTestClient, startServer } from './harness';

const TYPO = `{
  // Nightly CRM copy.
  "name": "CRM nightly",
  "mode": "replicat",
  "source_connection_id": "0b6a7c3e-5d21-4f8a-9c4e-2a1f7e3b9d10",
  "destination_connection_id": "a2b4c6d8-1e3f-4a5b-8c7d-9e0f1a2b3c80",
  "destination_configuration": { "schema": "crm" },
  "default_schedule": { "frequency": "daily", "hour": 2, "minute": "30" },
  "schemas": [
    "Account",
    "Contact"
  ]
}
`;

const LEGACY = `{
  "name": "Old shape",
  "mode": "snapshot",
  "source_connection_id": "0b6a7c3e-5d21-4f8a-9c4e-2a1f7e3b9d10",
  "destination_connection_id": "a2b4c6d8-1e3f-4a5b-8c7d-9e0f1a2b3c80",
  "destination_configuration": {},
  "schedule": { "frequency": "hourly", "minute": "15" }, // 2024-02-08
  "discover": true
}
`;

/** A linked file, its link in the compact form: the sync, a stamp, the fields left to the app, a one-line base. */
const LINKED = `{
  "name": "CRM nightly",
  "mode": "replicate",
  "schemas": ["Account"],
  "polysync": {
    "sync_id": "4e5f6a7b-8c9d-4e0f-9a1b-2c3d4e5f6a70",
    "updated_at": "2026-01-05T08:00:00.000Z",
    "ignore": ["active", "schemas[*].user_output_name"],
    "base": "b1.hZLNbtswEITvfQpC"
  }
}
`;

const WHOLE = { start: { line: 0, character: 0 }, end: { line: 10000, character: 0 } };

function applied(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'json', 1, text), edits);
}

describe('authoring features over stdio', () => {
  let client: LspTestClient;
  let version = 1;
  before(async () => {
    client = await startServer();
  });
  after(async () => {
    await client.close();
  });

  /** Replaces the whole text of an open document, as an editor does after applying an edit. */
  function replaceText(uri: string, text: string): void {
    client.change(uri, ++version, [{ text }]);
  }

  test('initialize advertises the authoring capabilities', () => {
    const caps = client.initializeResult.capabilities;
    assert.deepEqual(caps.codeActionProvider, { codeActionKinds: ['quickfix', 'source.fixAll.polysync'], resolveProvider: false });
    assert.ok(caps.documentSymbolProvider);
    assert.equal(caps.foldingRangeProvider, true);
    assert.equal(caps.selectionRangeProvider, true);
    assert.equal(caps.documentFormattingProvider, true);
    assert.equal(caps.documentRangeFormattingProvider, true);
    assert.ok(caps.inlayHintProvider);
  });

  test('a quick fix from the diagnostic repairs the document and its diagnostic goes away', async () => {
    const uri = fileUri('typo.polysync.json');
    client.open(uri, TYPO);
    const diagnostics = await client.diagnostics(uri);
    const typo = diagnostics.find((d: { code: string }) => d.code === 'PS104');
    assert.ok(typo, JSON.stringify(diagnostics));
    const actions: CodeAction[] = await client.request('textDocument/codeAction', {
      textDocument: { uri },
      range: typo.range,
      context: { diagnostics: [typo], only: ['quickfix'] },
    });
    const preferred = actions.filter((a) => a.isPreferred);
    assert.equal(preferred.length, 1);
    assert.equal(preferred[0].title, 'Change to "replicate"');
    assert.equal(preferred[0].kind, 'quickfix');
    const fixed = applied(TYPO, preferred[0].edit!.changes![uri]);
    assert.match(fixed, /"mode": "replicate",/);
    replaceText(uri, fixed);
    const after = await client.diagnostics(uri);
    assert.ok(!after.some((d: { code: string }) => d.code === 'PS104'));
    assert.ok(after.some((d: { code: string }) => d.code === 'PS110'), 'the unquoted hour is still reported');
  });

  test('diagnostics sent back without `data` still get their fix', async () => {
    const uri = fileUri('nodata.polysync.json');
    client.open(uri, TYPO);
    const diagnostics = await client.diagnostics(uri);
    const hour = diagnostics.find((d: { code: string }) => d.code === 'PS110');
    assert.ok(hour);
    const { data, ...withoutData } = hour;
    assert.ok(data, 'the server sends fix data');
    const actions: CodeAction[] = await client.request('textDocument/codeAction', {
      textDocument: { uri },
      range: hour.range,
      context: { diagnostics: [withoutData] },
    });
    assert.deepEqual(actions.map((a) => a.title), ['Write 2 as the string "2"']);
    assert.match(applied(TYPO, actions[0].edit!.changes![uri]), /"hour": "2",/);
  });

  test('"fix all" migrates a 2024-02-08 document in one edit', async () => {
    const uri = fileUri('legacy.polysync.json');
    client.open(uri, LEGACY);
    const actions: CodeAction[] = await client.request('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    assert.equal(actions.length, 1);
    assert.equal(actions[0].kind, 'source.fixAll.polysync');
    const out = applied(LEGACY, actions[0].edit!.changes![uri]);
    assert.match(out, /"default_schedule": \{ "frequency": "hourly", "minute": "15" \}, \/\/ 2024-02-08/);
    assert.match(out, /"automatically_add_new_objects": "all"/);
    replaceText(uri, out);
    assert.deepEqual(await client.diagnostics(uri), []);
  });

  test('the outline lists the sync with its schedule in words', async () => {
    const uri = fileUri('outline.polysync.json');
    client.open(uri, TYPO);
    const symbols = await client.request('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(
      symbols.map((s: { name: string }) => s.name),
      ['name', 'mode', 'source_connection_id', 'destination_connection_id', 'destination_configuration', 'default_schedule', 'schemas'],
    );
    const schedule = symbols.find((s: { name: string }) => s.name === 'default_schedule');
    assert.equal(schedule.detail, 'daily at 02:30 UTC');
    const schemas = symbols.find((s: { name: string }) => s.name === 'schemas');
    assert.deepEqual(schemas.children.map((c: { name: string }) => c.name), ['Account', 'Contact']);
  });

  test('the link is one outline entry without children, and one folding range from its key to its last member', async () => {
    const uri = fileUri('linked.polysync.json');
    client.open(uri, LINKED);
    const symbols = await client.request('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(symbols.map((s: { name: string }) => s.name), ['name', 'mode', 'schemas', 'polysync']);
    const link = symbols.find((s: { name: string }) => s.name === 'polysync');
    assert.equal(link.children, undefined, 'no entry for sync_id, updated_at, ignore or base');
    assert.equal(link.detail, 'linked to 4e5f6a7b-8c9d-4e0f-9a1b-2c3d4e5f6a70');
    assert.deepEqual([link.range.start.line, link.range.end.line, link.selectionRange.start.line], [4, 9, 4]);
    const folds = await client.request('textDocument/foldingRange', { textDocument: { uri } });
    assert.ok(
      folds.some((f: { startLine: number; endLine: number }) => f.startLine === 4 && f.endLine === 8),
      `the link folds from "polysync" to the line before its closing brace: ${JSON.stringify(folds)}`,
    );

    // A link written before bases (one fingerprint per setting) is one entry too.
    const old = LINKED.replace(/"ignore"[^\n]*\n\s*"base": "[^"]*"/, '"fingerprints": {\n      "name": "fb2412db497f",\n      "mode": "f6fe0bb8b016"\n    }');
    const oldUri = fileUri('linked-old.polysync.json');
    client.open(oldUri, old);
    const oldLink = (await client.request('textDocument/documentSymbol', { textDocument: { uri: oldUri } })).find((s: { name: string }) => s.name === 'polysync');
    assert.equal(oldLink.children, undefined);
  });

  test('folding ranges and selection ranges', async () => {
    const uri = fileUri('fold.polysync.json');
    client.open(uri, TYPO);
    const folds = await client.request('textDocument/foldingRange', { textDocument: { uri } });
    assert.deepEqual(
      folds.map((f: { startLine: number; endLine: number }) => [f.startLine, f.endLine]),
      [
        [0, 11],
        [8, 10],
      ],
    );
    const position = { line: 3, character: 13 };
    const [selection] = await client.request('textDocument/selectionRange', { textDocument: { uri }, positions: [position] });
    assert.deepEqual(selection.range, { start: { line: 3, character: 11 }, end: { line: 3, character: 19 } });
    assert.deepEqual(selection.parent.range, { start: { line: 3, character: 10 }, end: { line: 3, character: 20 } });
    assert.deepEqual(selection.parent.parent.range, { start: { line: 3, character: 2 }, end: { line: 3, character: 20 } });
  });

  test('formatting follows the editor options and keeps comments', async () => {
    const uri = fileUri('format.polysync.json');
    const messy = '{"name":"x", // keep me\n"default_schedule":{"frequency":"manual"}}\n';
    client.open(uri, messy);
    const edits = await client.request('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 4, insertSpaces: false } });
    assert.equal(applied(messy, edits), '{\n\t"name": "x", // keep me\n\t"default_schedule": {\n\t\t"frequency": "manual"\n\t}\n}\n');
    const rangeEdits = await client.request('textDocument/rangeFormatting', {
      textDocument: { uri },
      range: { start: { line: 1, character: 0 }, end: { line: 1, character: 41 } },
      options: { tabSize: 2, insertSpaces: true },
    });
    const ranged = applied(messy, rangeEdits);
    assert.ok(ranged.startsWith('{"name":"x", // keep me\n'), 'the line outside the range is untouched');
    assert.match(ranged, /"default_schedule": \{\n\s+"frequency": "manual"\n\s*\}/);
  });

  test('inlay hints read each schedule in words', async () => {
    const uri = fileUri('hints.polysync.json');
    client.open(uri, TYPO);
    const hints = await client.request('textDocument/inlayHint', { textDocument: { uri }, range: WHOLE });
    assert.equal(hints.length, 1);
    assert.equal(hints[0].label, 'daily at 02:30 UTC');
    assert.deepEqual(hints[0].position, { line: 7, character: 45 });
  });

  test('files that are not .polysync.json get nothing', async () => {
    const uri = 'file:///workspace/package.json';
    client.open(uri, TYPO, 'json');
    const textDocument = { uri };
    assert.deepEqual(await client.request('textDocument/documentSymbol', { textDocument }), []);
    assert.deepEqual(await client.request('textDocument/foldingRange', { textDocument }), []);
    assert.deepEqual(await client.request('textDocument/formatting', { textDocument, options: { tabSize: 2, insertSpaces: true } }), []);
    assert.deepEqual(await client.request('textDocument/inlayHint', { textDocument, range: WHOLE }), []);
    assert.deepEqual(await client.request('textDocument/codeAction', { textDocument, range: WHOLE, context: { diagnostics: [] } }), []);
  });

  test('garbage documents get answers, not errors, and the server stays up', async () => {
    const uri = fileUri('garbage.polysync.json');
    const garbage = '{"a": [1, {"b": }, /* unterminated\n\u0000\uffff "mode": replicat ]]]}}} {';
    client.open(uri, garbage);
    const textDocument = { uri };
    await client.request('textDocument/documentSymbol', { textDocument });
    await client.request('textDocument/foldingRange', { textDocument });
    await client.request('textDocument/selectionRange', { textDocument, positions: [{ line: 0, character: 5 }, { line: 9, character: 9 }] });
    await client.request('textDocument/formatting', { textDocument, options: { tabSize: 2, insertSpaces: true } });
    await client.request('textDocument/inlayHint', { textDocument, range: WHOLE });
    const diagnostics = await client.diagnostics(uri);
    await client.request('textDocument/codeAction', { textDocument, range: WHOLE, context: { diagnostics, only: ['quickfix', 'source.fixAll'] } });
    assert.ok(!/failed for/.test(client.stderr()));
    assert.ok(!client.notifications.some((n) => n.method === 'window/logMessage' && n.params.type === 1), 'no errors logged');
  });
});

describe('clients without hierarchical symbols', () => {
  let client: LspTestClient;
  before(async () => {
    client = await startServer({ capabilities: { textDocument: { diagnostic: {}, documentSymbol: {} } } });
  });
  after(async () => {
    await client.close();
  });

  test('get a flat list of symbol information with container names', async () => {
    const uri = fileUri('flat.polysync.json');
    client.open(uri, TYPO);
    const symbols = await client.request('textDocument/documentSymbol', { textDocument: { uri } });
    const account = symbols.find((s: { name: string }) => s.name === 'Account');
    assert.equal(account.containerName, 'schemas');
    assert.equal(account.location.uri, uri);
    assert.ok(symbols.every((s: { children?: unknown }) => s.children === undefined));
  });
});
