// Documents over the size limit: one diagnostic saying so, empty answers from every other feature,
// no freeze, and normal service again once the document is back under the limit.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileUri, type LspTestClient, startServer } from './harness';

const MB = 1024 * 1024;
/** Requests must be answered; this is a generous bound for a loaded machine, not a speed claim. */
const ANSWER_WITHIN = { timeoutMs: 10_000 };

const VALID = `{
  "name": "Orders to the lake",
  "mode": "snapshot",
  "source_connection_id": "7c1d5e9a-2b3f-4c8d-a6e1-9f0b2c3d4e70",
  "destination_connection_id": "e8f0a2b4-6c8d-4e0f-a1b3-c5d7e9f1a3b0",
  "destination_configuration": { "format": "parquet" },
  "default_schedule": { "frequency": "daily", "hour": "2", "minute": "30" },
  "schemas": [
`;

/** A valid bulk sync of exactly `bytes` bytes (ASCII): a long list of distinct schema names. */
function documentOf(bytes: number): string {
  const tail = '\n  ]\n}\n';
  let body = VALID;
  const itemLength = '    "public.t0000000",\n'.length;
  const count = Math.floor((bytes - VALID.length - tail.length - 30) / itemLength);
  const items: string[] = [];
  for (let i = 0; i < count; i++) items.push(`    "public.t${String(i).padStart(7, '0')}",\n`);
  body += items.join('');
  body += `    "${'x'.repeat(bytes - body.length - tail.length - 6)}"`;
  const text = body + tail;
  assert.equal(Buffer.byteLength(text), bytes);
  return text;
}

const lastLine = (text: string) => text.split('\n').length - 1;
const wholeRange = (text: string) => ({ start: { line: 0, character: 0 }, end: { line: lastLine(text) + 1, character: 0 } });

describe('a 50 MB document with the default 10 MB limit', () => {
  let client: LspTestClient;
  const uri = fileUri('huge.polysync.json');
  const small = fileUri('neighbour.polysync.json');
  let huge = '';
  before(async () => {
    client = await startServer();
    huge = documentOf(50 * MB);
    client.open(uri, huge);
    client.open(small, '{"mode": "snap"}');
  });
  after(async () => {
    await client.close();
  });

  test('gets one diagnostic at the start that says why it is not checked', async () => {
    const report = await client.request('textDocument/diagnostic', { textDocument: { uri } }, ANSWER_WITHIN);
    assert.equal(report.kind, 'full');
    assert.equal(report.items.length, 1);
    const [d] = report.items;
    assert.equal(d.message, 'This document is 50.0 MB, over the 10 MB limit Polysync checks; raise polysync.maxDocumentSizeMB to check it.');
    assert.equal(d.code, 'PS005');
    assert.equal(d.severity, 2);
    assert.equal(d.source, 'polysync');
    assert.deepEqual(d.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
  });

  test('every other feature answers at once, and empty', async () => {
    const textDocument = { uri };
    const middle = { line: Math.floor(lastLine(huge) / 2), character: 6 };
    const completion = await client.request('textDocument/completion', { textDocument, position: middle }, ANSWER_WITHIN);
    assert.ok(completion === null || (Array.isArray(completion.items) && completion.items.length === 0), JSON.stringify(completion));
    assert.equal(await client.request('textDocument/hover', { textDocument, position: { line: 1, character: 4 } }, ANSWER_WITHIN), null);
    assert.deepEqual(await client.request('textDocument/documentSymbol', { textDocument }, ANSWER_WITHIN), []);
    assert.deepEqual(await client.request('textDocument/foldingRange', { textDocument }, ANSWER_WITHIN), []);
    assert.deepEqual(await client.request('textDocument/formatting', { textDocument, options: { tabSize: 2, insertSpaces: true } }, ANSWER_WITHIN), []);
    assert.deepEqual(await client.request('textDocument/inlayHint', { textDocument, range: wholeRange(huge) }, ANSWER_WITHIN), []);
    const actions = await client.request(
      'textDocument/codeAction',
      { textDocument, range: wholeRange(huge), context: { diagnostics: [], only: ['source.fixAll.polysync'] } },
      ANSWER_WITHIN,
    );
    assert.deepEqual(actions, []);
  });

  test('other documents are served meanwhile', async () => {
    const items = await client.diagnostics(small);
    assert.ok(items.some((d: { code: string }) => d.code === 'PS104'), JSON.stringify(items));
  });

  test('edits to it are accepted, and it is checked again once it is under the limit', async () => {
    // An edit inside the huge text first: still over the limit.
    client.change(uri, 2, [{ range: { start: { line: 1, character: 11 }, end: { line: 1, character: 17 } }, text: 'Events' }]);
    const still = await client.request('textDocument/diagnostic', { textDocument: { uri } }, ANSWER_WITHIN);
    assert.equal(still.items.length, 1);
    assert.equal(still.items[0].code, 'PS005');
    // Then everything after the schema list's first lines goes: a small, checkable document.
    const shrunk = `${VALID}    "public.orders",\n    "public.orders"\n  ]\n}\n`;
    client.change(uri, 3, [{ range: wholeRange(huge), text: shrunk }]);
    const report = await client.request('textDocument/diagnostic', { textDocument: { uri } }, ANSWER_WITHIN);
    assert.deepEqual(
      report.items.map((d: { code: string }) => d.code),
      ['PS209'],
      'checked normally: the one problem is the schema selected twice',
    );
    const completion = await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 2, character: 11 } }, ANSWER_WITHIN);
    assert.ok(completion.items.some((i: { label: string }) => i.label === 'replicate'), 'completion works again');
  });
});

describe('the limit can be set', () => {
  let client: LspTestClient;
  before(async () => {
    client = await startServer({ initializationOptions: { maxDocumentBytes: 4096 } });
  });
  after(async () => {
    await client.close();
  });

  test('by the initialization option maxDocumentBytes', async () => {
    const uri = fileUri('eight-k.polysync.json');
    client.open(uri, documentOf(8192));
    const items = await client.diagnostics(uri);
    assert.equal(items.length, 1);
    assert.equal(items[0].message, 'This document is 8.0 KB, over the 4 KB limit Polysync checks; raise polysync.maxDocumentSizeMB to check it.');
    const fits = fileUri('two-k.polysync.json');
    client.open(fits, documentOf(2048));
    assert.deepEqual(await client.diagnostics(fits), []);
  });

  test('by the polysync.maxDocumentSizeMB setting, which wins until it is removed', async () => {
    const uri = fileUri('three-mb.polysync.json');
    client.open(uri, documentOf(3 * MB));
    assert.equal((await client.diagnostics(uri))[0].message, 'This document is 3.0 MB, over the 4 KB limit Polysync checks; raise polysync.maxDocumentSizeMB to check it.');

    client.notify('workspace/didChangeConfiguration', { settings: { polysync: { maxDocumentSizeMB: 2.5 } } });
    const over = await client.diagnostics(uri);
    assert.equal(over[0].message, 'This document is 3.0 MB, over the 2.5 MB limit Polysync checks; raise polysync.maxDocumentSizeMB to check it.');

    client.notify('workspace/didChangeConfiguration', { settings: { polysync: { maxDocumentSizeMB: 4 } } });
    assert.deepEqual(await client.diagnostics(uri), [], 'under the raised limit it is checked (and valid)');

    // Settings without the limit (or with an unusable one) fall back to the initialization option.
    client.notify('workspace/didChangeConfiguration', { settings: { polysync: { maxDocumentSizeMB: 'lots' } } });
    assert.match((await client.diagnostics(uri))[0].message, /over the 4 KB limit/);
  });
});

describe('push diagnostics for an oversized document', () => {
  let client: LspTestClient;
  before(async () => {
    client = await startServer({ pullDiagnostics: false, initializationOptions: { diagnosticsDelayMs: 10, maxDocumentBytes: MB } });
  });
  after(async () => {
    await client.close();
  });

  test('the one diagnostic is pushed, and replaced by the real ones once the document shrinks', async () => {
    const uri = fileUri('pushed.polysync.json');
    const big = documentOf(2 * MB);
    client.open(uri, big);
    const pushed = await client.waitForNotification('textDocument/publishDiagnostics', (p) => p.uri === uri);
    assert.equal(pushed.diagnostics.length, 1);
    assert.match(pushed.diagnostics[0].message, /^This document is 2\.0 MB, over the 1 MB limit/);
    client.change(uri, 2, [{ range: wholeRange(big), text: '{"mode": "snap"}' }]);
    const after = await client.waitForNotification('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === 2);
    assert.ok(after.diagnostics.some((d: { code: string }) => d.code === 'PS104'), JSON.stringify(after.diagnostics));
  });
});
