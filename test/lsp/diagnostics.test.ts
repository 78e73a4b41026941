import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { fileUri, type LspTestClient, SERVER, startServer } from './harness';

const VALID = `{
  // A minimal valid request.
  "name": "Orders to the lake",
  "mode": "snapshot",
  "source_connection_id": "7c1d5e9a-2b3f-4c8d-a6e1-9f0b2c3d4e70",
  "destination_connection_id": "e8f0a2b4-6c8d-4e0f-a1b3-c5d7e9f1a3b0",
  "destination_configuration": { "format": "parquet" },
  "default_schedule": { "frequency": "daily", "hour": "2", "minute": "30" }
}
`;

describe('server process', () => {
  test('--version prints the version and --help the usage', () => {
    const version = spawnSync(process.execPath, [SERVER, '--version'], { encoding: 'utf8' });
    assert.equal(version.status, 0);
    assert.match(version.stdout, /^polysync-language-server \d+\.\d+\.\d+/);
    const help = spawnSync(process.execPath, [SERVER, '--help'], { encoding: 'utf8' });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /--stdio/);
    const none = spawnSync(process.execPath, [SERVER], { encoding: 'utf8' });
    assert.equal(none.status, 2, 'no transport flag is a usage error, not a hang');
  });
});

describe('pull diagnostics (LSP 3.17 textDocument/diagnostic)', () => {
  let client: LspTestClient;
  before(async () => {
    client = await startServer();
  });
  after(async () => {
    await client.close();
  });

  test('initialize advertises incremental sync and a diagnostic provider', () => {
    const caps = client.initializeResult.capabilities;
    assert.equal(caps.textDocumentSync.change, 2);
    assert.equal(caps.textDocumentSync.openClose, true);
    assert.equal(caps.diagnosticProvider.interFileDependencies, false);
    assert.equal(client.initializeResult.serverInfo.name, 'polysync-language-server');
  });

  test('a valid document has no diagnostics; an edit that breaks it has located ones', async () => {
    const uri = fileUri('orders.polysync.json');
    client.open(uri, VALID);
    assert.deepEqual(await client.diagnostics(uri), []);
    // Incremental edit: "snapshot" -> "snapshoot" on line 3.
    const line = 3;
    const start = VALID.split('\n')[line].indexOf('snapshot');
    client.change(uri, 2, [{ range: { start: { line, character: start }, end: { line, character: start + 8 } }, text: 'snapshoot' }]);
    const items = await client.diagnostics(uri);
    assert.equal(items.length, 1);
    assert.equal(items[0].code, 'PS104');
    assert.equal(items[0].source, 'polysync');
    assert.equal(items[0].severity, 1);
    assert.match(items[0].message, /Did you mean `snapshot`\?/);
    assert.deepEqual(items[0].range, { start: { line, character: start - 1 }, end: { line, character: start + 10 } });
  });

  test('an unchanged document answers "unchanged" for the same result id', async () => {
    const uri = fileUri('same.polysync.json');
    client.open(uri, VALID, 'polysync', 7);
    const first = await client.request('textDocument/diagnostic', { textDocument: { uri } });
    assert.equal(first.kind, 'full');
    const second = await client.request('textDocument/diagnostic', { textDocument: { uri }, previousResultId: first.resultId });
    assert.equal(second.kind, 'unchanged');
  });

  test('documents are analysed by file name whatever their language id', async () => {
    const uri = fileUri('as-json.polysync.json');
    client.open(uri, '{"mode": 1}', 'json');
    const items = await client.diagnostics(uri);
    assert.ok(items.some((d: { code: string }) => d.code === 'PS110'), JSON.stringify(items));
    assert.ok(items.some((d: { code: string }) => d.code === 'PS101'));
    const other = fileUri('package.json');
    client.open(other, '{"mode": 1}', 'json');
    assert.deepEqual(await client.diagnostics(other), []);
  });

  test('an untitled document (no file name yet) is analysed too', async () => {
    const uri = 'untitled:Untitled-1';
    client.open(uri, '{"mode": "replicat"}');
    const items = await client.diagnostics(uri);
    assert.ok(items.some((d: { code: string }) => d.code === 'PS104'), JSON.stringify(items));
  });

  test('garbage input yields syntax diagnostics and the server keeps serving', async () => {
    const uri = fileUri('garbage.polysync.json');
    const garbage = '\u0000\u0001{{{ ]] "unterminated \uFFFF /* open comment';
    client.open(uri, garbage);
    const items = await client.diagnostics(uri);
    assert.ok(items.length > 0);
    assert.ok(items.every((d: { code: string }) => d.code === 'PS001'), JSON.stringify(items));
    client.open(fileUri('empty.polysync.json'), '');
    const empty = await client.diagnostics(fileUri('empty.polysync.json'));
    assert.equal(empty[0].code, 'PS002');
    assert.deepEqual(await client.diagnostics(fileUri('orders.polysync.json')).then((d) => Array.isArray(d)), true);
  });

  test('a cancelled diagnostic request is answered with RequestCancelled', async () => {
    const uri = fileUri('big.polysync.json');
    const schemas = Array.from({ length: 20000 }, (_, i) => `"table_${i}"`).join(',');
    client.open(uri, VALID.replace('"default_schedule"', `"schemas": [${schemas}],\n  "default_schedule"`));
    let id = -1;
    const pending = client.request('textDocument/diagnostic', { textDocument: { uri } }, { onId: (i) => (id = i) });
    client.notify('$/cancelRequest', { id });
    await assert.rejects(pending, (error: Error & { code?: number }) => error.code === -32800);
    const items = await client.diagnostics(uri);
    assert.deepEqual(items, [], 'the same document still validates after a cancellation');
  });
});

describe('push diagnostics for clients that cannot pull', () => {
  let client: LspTestClient;
  before(async () => {
    client = await startServer({ pullDiagnostics: false, initializationOptions: { diagnosticsDelayMs: 30 } });
  });
  after(async () => {
    await client.close();
  });

  test('diagnostics are pushed on open and after incremental changes, for the latest version only', async () => {
    const uri = fileUri('push.polysync.json');
    client.open(uri, VALID.replace('"snapshot"', '"snap"'));
    const opened = await client.waitForNotification('textDocument/publishDiagnostics', (p) => p.uri === uri);
    assert.equal(opened.version, 1);
    assert.equal(opened.diagnostics[0].code, 'PS104');
    // Three quick edits inside the debounce window: only the final text is reported.
    const line = 3;
    const col = VALID.split('\n')[line].indexOf('snapshot');
    client.change(uri, 2, [{ range: { start: { line, character: col }, end: { line, character: col + 4 } }, text: 'snaps' }]);
    client.change(uri, 3, [{ range: { start: { line, character: col }, end: { line, character: col + 5 } }, text: 'snapsho' }]);
    client.change(uri, 4, [{ range: { start: { line, character: col }, end: { line, character: col + 7 } }, text: 'snapshot' }]);
    const fixed = await client.waitForNotification('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === 4);
    assert.deepEqual(fixed.diagnostics, []);
    const pushedVersions = client.notifications.filter((n) => n.method === 'textDocument/publishDiagnostics' && n.params.uri === uri).map((n) => n.params.version);
    assert.deepEqual(pushedVersions, [1, 4], 'intermediate versions are debounced away');
  });

  test('closing a document clears its diagnostics', async () => {
    const uri = fileUri('closing.polysync.json');
    client.open(uri, '{');
    await client.waitForNotification('textDocument/publishDiagnostics', (p) => p.uri === uri && p.diagnostics.length > 0);
    client.notify('textDocument/didClose', { textDocument: { uri } });
    await client.waitForNotification('textDocument/publishDiagnostics', (p) => p.uri === uri && p.diagnostics.length === 0);
  });
});
