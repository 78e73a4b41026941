// The bundled server under a storm of edits: thousands of random incremental changes with requests
// interleaved and half of them cancelled. Every answer must be well-formed for the version it was
// computed on, nothing may fail except by cancellation, and at the end the server must hold exactly
// the text the client holds: its diagnostics equal those of the same text opened fresh.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Position, Range } from 'vscode-languageserver-types';
import { parseDocument } from '../../server/src/service/document/document';
import { validateDocument } from '../../server/src/service/diagnostics/validate';
import { fileUri, type LspTestClient, ROOT, startServer } from './harness';

const SEED = 20250918;
const EDITS = 3000;
const REQUEST_CANCELLED = -32800;
const SERVER_CANCELLED = -32802;

const EXAMPLES = ['salesforce-to-snowflake', 'hubspot-to-postgres', 'postgres-to-s3'].map((name) =>
  readFileSync(path.join(ROOT, 'examples', `${name}.polysync.json`), 'utf8'),
);

/** mulberry32: a small seeded generator, so a failing storm can be replayed exactly. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPED = [
  '"', ':', ',', '{', '}', '[', ']', ' ', '\n', '\r\n', '\t', 'a', 'e', '1', '0', '-', '.', '\\', '/', '*',
  '"frequency": "hourly"', '"minute": "15"', '"mode": "snapshot"', '"schemas": ["Account", "Account"]', 'true', 'null',
  '// note\n', '/* c */', '\u{1F600}', '\u00e9', '\u2028', '"\u0000"', '1e400',
];

/** The client's side of the document: edits are generated against it and applied to it. */
class Mirror {
  doc: TextDocument;
  /** Text of every version, so each answer can be judged against the version it was computed on. */
  readonly texts = new Map<number, string>();
  constructor(readonly uri: string, text: string) {
    this.doc = TextDocument.create(uri, 'polysync', 1, text);
    this.texts.set(1, text);
  }
  get version(): number {
    return this.doc.version;
  }
  get text(): string {
    return this.doc.getText();
  }
  randomPosition(next: () => number): Position {
    return this.doc.positionAt(Math.floor(next() * (this.text.length + 1)));
  }
  /** One to three random changes, applied in order as LSP prescribes. */
  randomChanges(next: () => number): TextDocumentContentChangeEvent[] {
    const changes: TextDocumentContentChangeEvent[] = [];
    const count = next() < 0.8 ? 1 : 1 + Math.floor(next() * 3);
    let scratch = this.doc;
    for (let i = 0; i < count; i++) {
      const roll = next();
      let change: TextDocumentContentChangeEvent;
      if (roll < 0.01) {
        change = { text: EXAMPLES[Math.floor(next() * EXAMPLES.length)] }; // a whole-document change
      } else {
        const length = scratch.getText().length;
        const start = Math.floor(next() * (length + 1));
        const removed = roll < 0.45 ? 0 : Math.min(length - start, Math.floor(next() * (roll < 0.9 ? 4 : 60)));
        const text = roll < 0.75 ? TYPED[Math.floor(next() * TYPED.length)] : '';
        change = { range: { start: scratch.positionAt(start), end: scratch.positionAt(start + removed) }, text };
      }
      changes.push(change);
      scratch = TextDocument.update(TextDocument.create(this.uri, 'polysync', 0, scratch.getText()), [change], 0);
    }
    return changes;
  }
  apply(changes: TextDocumentContentChangeEvent[]): void {
    this.doc = TextDocument.update(this.doc, changes, this.version + 1);
    this.texts.set(this.version, this.text);
  }
}

/**
 * Diagnostics as compared here: what they say and where, leaving out the document's own URI in related
 * places and the docs link the server adds (both tested in documents-and-links.test.ts).
 */
function comparable(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.map(({ codeDescription: _link, relatedInformation, ...rest }) => ({
    ...rest,
    ...(relatedInformation ? { relatedInformation: relatedInformation.map((r) => ({ ...r, location: { ...r.location, uri: '(this document)' } })) } : {}),
  }));
}

/** The diagnostics of `text` computed in this process, as they look after a trip through JSON. */
function freshDiagnostics(text: string): Diagnostic[] {
  return comparable(JSON.parse(JSON.stringify(validateDocument(parseDocument('file:///fresh.polysync.json', 1, text)) ?? [])));
}

function rangeInside(text: string, range: Range): boolean {
  const doc = TextDocument.create('file:///x', 'polysync', 1, text);
  const valid = (p: Position) => p.line >= 0 && p.line < doc.lineCount && p.character >= 0 && doc.offsetAt(p) - doc.offsetAt({ line: p.line, character: 0 }) === p.character;
  return valid(range.start) && valid(range.end) && doc.offsetAt(range.start) <= doc.offsetAt(range.end);
}

const errorLogs = (client: LspTestClient) =>
  client.notifications.filter((n) => n.method === 'window/logMessage' && n.params.type === 1).map((n) => String(n.params.message).split('\n')[0]);

interface Outcome {
  method: string;
  version: number;
  cancelled: boolean;
  result?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  error?: Error & { code?: number };
}

/**
 * Sends the storm: after each change, sometimes a request (half of them cancelled at once or a
 * little later). Returns every request's outcome once all have settled.
 */
async function storm(client: LspTestClient, mirror: Mirror, next: () => number, pull: boolean): Promise<Outcome[]> {
  const pending: Promise<Outcome>[] = [];
  const toCancel: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    const changes = mirror.randomChanges(next);
    mirror.apply(changes);
    client.change(mirror.uri, mirror.version, changes);
    for (const id of toCancel.splice(0)) client.notify('$/cancelRequest', { id });
    if (next() < 0.5) continue;
    const textDocument = { uri: mirror.uri };
    const position = mirror.randomPosition(next);
    const kinds: [string, unknown][] = [
      ['textDocument/completion', { textDocument, position }],
      ['textDocument/hover', { textDocument, position }],
      ['textDocument/documentSymbol', { textDocument }],
      // The quick fixes for everything the client would show for this version.
      ['textDocument/codeAction', { textDocument, range: { start: { line: 0, character: 0 }, end: position }, context: { diagnostics: freshDiagnostics(mirror.text) } }],
    ];
    if (pull) kinds.push(['textDocument/diagnostic', { textDocument }], ['textDocument/diagnostic', { textDocument }]);
    const [method, params] = kinds[Math.floor(next() * kinds.length)];
    const cancel = next() < 0.5 ? (next() < 0.5 ? 'now' : 'later') : undefined;
    const version = mirror.version;
    let id = -1;
    const request = client.request(method, params, { timeoutMs: 60_000, onId: (i) => (id = i) });
    if (cancel === 'now') client.notify('$/cancelRequest', { id });
    else if (cancel === 'later') toCancel.push(id);
    pending.push(
      request.then(
        (result) => ({ method, version, cancelled: cancel !== undefined, result }),
        (error) => ({ method, version, cancelled: cancel !== undefined, error }),
      ),
    );
  }
  return Promise.all(pending);
}

/** Every answer is a success, or a cancellation of a request that was cancelled (or a pull superseded). */
function checkOutcomes(outcomes: Outcome[], mirror: Mirror): { answered: number; cancelled: number; diagnostics: number } {
  let cancelled = 0;
  let diagnostics = 0;
  for (const outcome of outcomes) {
    const what = `${outcome.method} sent at version ${outcome.version}`;
    if (outcome.error) {
      const code = outcome.error.code;
      const allowed = outcome.cancelled ? code === REQUEST_CANCELLED || code === SERVER_CANCELLED : outcome.method === 'textDocument/diagnostic' && code === SERVER_CANCELLED;
      assert.ok(allowed, `${what} failed: ${outcome.error.message} (code ${code})`);
      cancelled++;
      continue;
    }
    const text = mirror.texts.get(outcome.version)!;
    if (outcome.method === 'textDocument/completion' && outcome.result) {
      // Completion runs on the version it was sent for (requests and changes are handled in order).
      for (const item of outcome.result.items) {
        if (item.textEdit) assert.ok(rangeInside(text, item.textEdit.range), `${what}: completion edit ${JSON.stringify(item.textEdit.range)} is outside that version`);
      }
    }
    if (outcome.method === 'textDocument/codeAction') {
      for (const action of outcome.result) {
        for (const edit of action.edit?.changes?.[mirror.uri] ?? []) {
          assert.ok(rangeInside(text, edit.range), `${what}: "${action.title}" edits outside that version`);
        }
      }
    }
    if (outcome.method === 'textDocument/hover' && outcome.result?.range) {
      assert.ok(rangeInside(text, outcome.result.range), `${what}: hover range outside that version`);
    }
    if (outcome.method === 'textDocument/diagnostic') {
      // A pull may be answered for a newer version (edits that arrived while it waited): its
      // result id says which, and the items must be exactly that version's fresh diagnostics.
      const answered = Number(String(outcome.result.resultId).split('.')[0]);
      assert.ok(answered >= outcome.version && mirror.texts.has(answered), `${what}: answered for version ${answered}`);
      assert.deepEqual(comparable(outcome.result.items), freshDiagnostics(mirror.texts.get(answered)!), `${what}: diagnostics differ from a fresh check of version ${answered}`);
      diagnostics++;
    }
  }
  return { answered: outcomes.length - cancelled, cancelled, diagnostics };
}

describe('a storm of edits and requests (pull diagnostics)', () => {
  let client: LspTestClient;
  before(async () => {
    client = await startServer();
  });
  after(async () => {
    await client.close();
  });

  test(`${EDITS} random edits, requests interleaved and half cancelled: final state equals a fresh open`, async () => {
    const next = random(SEED);
    const mirror = new Mirror(fileUri('storm.polysync.json'), EXAMPLES[0]);
    client.open(mirror.uri, mirror.text);
    const outcomes = await storm(client, mirror, next, true);
    const counts = checkOutcomes(outcomes, mirror);
    assert.ok(counts.diagnostics > 100 && counts.cancelled > 50, `too few answers to be a test: ${JSON.stringify(counts)}`);

    const final = await client.diagnostics(mirror.uri);
    const twin = fileUri('storm-twin.polysync.json');
    client.open(twin, mirror.text);
    assert.deepEqual(comparable(final), comparable(await client.diagnostics(twin)), 'the edited document and a fresh open of its text disagree');
    assert.deepEqual(comparable(final), freshDiagnostics(mirror.text));

    // The server's text is the client's, character for character: the outermost selection is all of it.
    const selection = await client.request('textDocument/selectionRange', { textDocument: { uri: mirror.uri }, positions: [{ line: 0, character: 0 }] });
    let outer = selection[0];
    while (outer.parent) outer = outer.parent;
    assert.deepEqual(outer.range.end, mirror.doc.positionAt(mirror.text.length));

    assert.deepEqual(errorLogs(client), [], 'no feature failed inside the server');
    assert.equal(client.process.exitCode, null, 'the server is still running');
  });

  test('a fresh server agrees, and the stormed one still answers', async () => {
    const next = random(SEED + 1);
    const mirror = new Mirror(fileUri('storm-2.polysync.json'), EXAMPLES[1]);
    client.open(mirror.uri, mirror.text);
    checkOutcomes(await storm(client, mirror, next, true), mirror);
    const fresh = await startServer();
    try {
      fresh.open(fileUri('fresh.polysync.json'), mirror.text);
      assert.deepEqual(comparable(await client.diagnostics(mirror.uri)), comparable(await fresh.diagnostics(fileUri('fresh.polysync.json'))));
    } finally {
      await fresh.close();
    }
    // Normal service on a normal document afterwards.
    const uri = fileUri('after-storm.polysync.json');
    client.open(uri, EXAMPLES[2]);
    assert.deepEqual(await client.diagnostics(uri), []);
    const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 5 } });
    assert.match(hover.contents.value, /name/i);
  });
});

describe('a storm of edits and requests (push diagnostics)', () => {
  let client: LspTestClient;
  before(async () => {
    // A short debounce, so pushes happen during the storm too.
    client = await startServer({ pullDiagnostics: false, initializationOptions: { diagnosticsDelayMs: 2 } });
  });
  after(async () => {
    await client.close();
  });

  test('the last push is for the last version and equals a fresh check of its text', async () => {
    const next = random(SEED + 2);
    const mirror = new Mirror(fileUri('push-storm.polysync.json'), EXAMPLES[2]);
    client.open(mirror.uri, mirror.text);
    checkOutcomes(await storm(client, mirror, next, false), mirror);
    const last = mirror.version;
    const final = await client.waitForNotification('textDocument/publishDiagnostics', (p) => p.uri === mirror.uri && p.version === last, 30_000);
    // A round trip after it: anything pushed before the request was answered has arrived by now.
    await client.request('textDocument/documentSymbol', { textDocument: { uri: mirror.uri } });
    const pushes = client.notifications.filter((n) => n.method === 'textDocument/publishDiagnostics' && n.params.uri === mirror.uri).map((n) => n.params);
    assert.ok(pushes.length > 1, 'diagnostics were pushed during the storm');
    assert.equal(pushes[pushes.length - 1].version, last, 'the last push is for the last version');
    for (let i = 1; i < pushes.length; i++) assert.ok(pushes[i].version >= pushes[i - 1].version, 'pushes never go back to an older version');
    for (const push of pushes) assert.deepEqual(comparable(push.diagnostics), freshDiagnostics(mirror.texts.get(push.version)!), `the push for version ${push.version}`);

    const twin = fileUri('push-twin.polysync.json');
    client.open(twin, mirror.text);
    const fresh = await client.waitForNotification('textDocument/publishDiagnostics', (p) => p.uri === twin);
    assert.deepEqual(comparable(final.diagnostics), comparable(fresh.diagnostics));
    assert.deepEqual(errorLogs(client), []);
  });
});

describe('requests with positions and ranges that do not fit the document', () => {
  let client: LspTestClient;
  before(async () => {
    client = await startServer();
  });
  after(async () => {
    await client.close();
  });

  test('are answered (clamped or empty), and the server carries on', async () => {
    const uri = fileUri('odd-params.polysync.json');
    client.open(uri, EXAMPLES[0]);
    const textDocument = { uri };
    const positions = [
      { line: 1e9, character: 0 },
      { line: 0, character: 1e9 },
      { line: -1, character: -5 },
      { line: 2.5, character: 1.5 },
    ];
    const inverted = { start: { line: 20, character: 0 }, end: { line: 1, character: 0 } };
    const requests: [string, unknown][] = [];
    for (const position of positions) {
      requests.push(['textDocument/completion', { textDocument, position }], ['textDocument/hover', { textDocument, position }]);
      requests.push(['textDocument/selectionRange', { textDocument, positions: [position] }]);
    }
    for (const range of [inverted, { start: positions[2], end: positions[0] }]) {
      requests.push(['textDocument/rangeFormatting', { textDocument, range, options: { tabSize: 2, insertSpaces: true } }]);
      requests.push(['textDocument/inlayHint', { textDocument, range }]);
      requests.push(['textDocument/codeAction', { textDocument, range, context: { diagnostics: freshDiagnostics('{"mode": "snap"}') } }]);
    }
    requests.push(['textDocument/formatting', { textDocument, options: { tabSize: -4, insertSpaces: 'yes' } }]);
    requests.push(['textDocument/completion', { textDocument: { uri: fileUri('never-opened.polysync.json') }, position: positions[0] }]);
    for (const [method, params] of requests) {
      // An error answer is acceptable for nonsense; silence or a crash is not.
      await client.request(method, params).catch((error: Error & { code?: number }) => assert.ok(error.code !== undefined, `${method}: ${error.message}`));
    }
    assert.deepEqual(await client.diagnostics(uri), [], 'and the document is still checked as usual');
    assert.deepEqual(errorLogs(client), [], 'no feature failed inside the server');
  });
});
