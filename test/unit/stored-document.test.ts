// The server's document store (StoredDocument) and its line index must give exactly what
// vscode-languageserver-textdocument's TextDocument gives for every change an editor can send, and the
// parse of a stored version (which takes the store's line index and the editor's change instead of
// comparing texts) must equal a fresh parse. The reference for each step is TextDocument fed the same
// changes, a LineIndex built from scratch, jsonc-parser and the slow-path diagnostics.
import { parseTree, type Node } from 'jsonc-parser';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { DocumentCache, isCleanParse, parseDocument } from '../../server/src/service/document/document';
import { LineIndex } from '../../server/src/service/document/lineIndex';
import { compose, StoredDocument } from '../../server/src/service/document/storedDocument';
import { findChange } from '../../server/src/service/document/treeEdit';
import { validateDocument } from '../../server/src/service/diagnostics/validate';
import { generateDocument, random } from '../bench/generate';

const OPTIONS = { disallowComments: false, allowTrailingComma: true, allowEmptyContent: true };


/** Pieces that stress line breaks and UTF-16: every kind of break, pairs split and joined, surrogate pairs. */
const PIECES = ['\n', '\r', '\r\n', '\n\r', 'a', 'bc', ' ', '😀', '\ud83d', '\ude00', 'é', '{"k": 1}', '', '\r\r\n\n', 'line\r\nline\n'];

function randomText(next: () => number, pieces: number): string {
  let text = '';
  for (let i = 0; i < pieces; i++) text += PIECES[Math.floor(next() * PIECES.length)];
  return text;
}

/** A position as an editor may send it: mostly inside the text, sometimes past a line's end or the last line, or negative. */
function randomPosition(reference: TextDocument, next: () => number): { line: number; character: number } {
  const roll = next();
  if (roll < 0.05) return { line: 0, character: 0 };
  if (roll < 0.1) return reference.positionAt(reference.getText().length);
  if (roll < 0.13) return { line: reference.lineCount + 2, character: 3 };
  if (roll < 0.16) return { line: Math.floor(next() * reference.lineCount), character: 500 };
  if (roll < 0.18) return { line: Math.floor(next() * reference.lineCount), character: -2 };
  // Any offset, including the middle of a \r\n pair or of a surrogate pair, converted by line and character.
  const offset = Math.floor(next() * (reference.getText().length + 1));
  const text = reference.getText();
  const lineStart = Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
  const line = reference.positionAt(lineStart).line;
  return { line, character: offset - lineStart };
}

function randomChange(reference: TextDocument, next: () => number): TextDocumentContentChangeEvent {
  if (next() < 0.03) return { text: randomText(next, Math.floor(next() * 12)) };
  const a = randomPosition(reference, next);
  const b = next() < 0.5 ? a : randomPosition(reference, next);
  // Sometimes end before start: both must put it right the same way.
  const range = next() < 0.1 ? { start: b, end: a } : { start: a, end: b };
  return { range, text: randomText(next, Math.floor(next() * 3)) };
}

/** Everything a TextDocument answers, compared with the reference; line starts with an index built from scratch. */
function assertSameDocument(actual: StoredDocument, reference: TextDocument, label: string): void {
  const text = reference.getText();
  assert.equal(actual.getText(), text, `${label}: text`);
  assert.equal(actual.version, reference.version, `${label}: version`);
  assert.equal(actual.lineCount, reference.lineCount, `${label}: lineCount`);
  assert.equal(actual.utf8Bytes, Buffer.byteLength(text, 'utf8'), `${label}: UTF-8 size`);
  const fresh = LineIndex.build(text);
  for (let line = 0; line < fresh.lineCount; line++) assert.equal(actual.lines.lineStart(line), fresh.lineStart(line), `${label}: start of line ${line}`);
  const step = Math.max(1, Math.floor(text.length / 300));
  for (let offset = -1; offset <= text.length + 1; offset += offset < 3 || offset > text.length - 3 ? 1 : step) {
    const position = reference.positionAt(offset);
    assert.deepEqual(actual.positionAt(offset), position, `${label}: positionAt(${offset})`);
    assert.equal(actual.offsetAt(position), reference.offsetAt(position), `${label}: offsetAt(${JSON.stringify(position)})`);
  }
  for (let line = -1; line <= reference.lineCount; line++) {
    for (const character of [-1, 0, 1, 2, 1000]) {
      assert.equal(actual.offsetAt({ line, character }), reference.offsetAt({ line, character }), `${label}: offsetAt(${line}, ${character})`);
    }
    assert.deepEqual(actual.getLineRange(line), reference.getLineRange(line), `${label}: getLineRange(${line})`);
    assert.equal(actual.getEOLCharacters(line), reference.getEOLCharacters(line), `${label}: getEOLCharacters(${line})`);
  }
  const range = { start: reference.positionAt(Math.floor(text.length / 3)), end: reference.positionAt(Math.floor((2 * text.length) / 3)) };
  assert.equal(actual.getText(range), reference.getText(range), `${label}: getText(range)`);
}

describe('StoredDocument answers exactly as TextDocument', () => {
  test('over random changes of texts with every kind of line break and surrogate pairs', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const next = random(seed);
      const initial = randomText(next, 5 + Math.floor(next() * 30));
      let reference = TextDocument.create('file:///a.txt', 'plaintext', 1, initial);
      let stored = StoredDocument.create('file:///a.txt', 'plaintext', 1, initial);
      assertSameDocument(stored, reference, `seed ${seed}, opened`);
      for (let step = 0; step < 40; step++) {
        // One to three changes per event, each in the text left by the previous one (as LSP says).
        const changes: TextDocumentContentChangeEvent[] = [];
        const count = 1 + Math.floor(next() * 3);
        const copy = TextDocument.create('file:///a.txt', 'plaintext', reference.version, reference.getText());
        for (let i = 0; i < count; i++) {
          const change = randomChange(copy, next);
          changes.push(change);
          TextDocument.update(copy, [change], copy.version);
        }
        const before = stored;
        const beforeText = before.getText();
        reference = TextDocument.update(reference, changes, reference.version + 1);
        stored = StoredDocument.update(stored, changes, stored.version + 1);
        assertSameDocument(stored, reference, `seed ${seed}, step ${step}`);
        // The previous version is left as it was, line index included (the new version took its buffer over).
        assert.equal(before.getText(), beforeText);
        if (step % 4 === 0) assertSameDocument(before, TextDocument.create('file:///a.txt', 'plaintext', before.version, beforeText), `seed ${seed}, step ${step}: the previous version`);
        // The change the store reports covers every difference between the two texts.
        const edit = stored.edit;
        if (edit) {
          assert.equal(edit.fromVersion, before.version);
          const after = stored.getText();
          assert.equal(beforeText.slice(0, edit.change.start), after.slice(0, edit.change.start), `seed ${seed}, step ${step}: before the change`);
          assert.equal(beforeText.slice(edit.change.oldEnd), after.slice(edit.change.newEnd), `seed ${seed}, step ${step}: after the change`);
        } else {
          assert.ok(changes.some((c) => !('range' in c)), 'only a full-text change leaves the region unknown');
        }
      }
    }
  });

  test('over runs of typing: keystrokes on one line, then on lines above and below, line breaks between runs', () => {
    // Typing moves the lines after the cursor by the same amount each keystroke; the index keeps that
    // as one pending shift, carried to the next run's line. Every step is compared with the reference.
    for (let seed = 1; seed <= 12; seed++) {
      const next = random(seed);
      const initial = Array.from({ length: 40 }, (_, i) => `line ${i} ${'x'.repeat(i % 7)}`).join(seed % 2 ? '\n' : '\r\n');
      let reference = TextDocument.create('file:///t.txt', 'plaintext', 1, initial);
      let stored = StoredDocument.create('file:///t.txt', 'plaintext', 1, initial);
      for (let run = 0; run < 10; run++) {
        const line = Math.floor(next() * reference.lineCount);
        let character = Math.floor(next() * 8);
        for (let key = 0; key < 6; key++) {
          const erase = next() < 0.3 && character > 0;
          const change: TextDocumentContentChangeEvent = erase
            ? { range: { start: { line, character: character - 1 }, end: { line, character } }, text: '' }
            : { range: { start: { line, character }, end: { line, character } }, text: next() < 0.5 ? 'ab' : 'q' };
          character = erase ? character - 1 : character + (change.text.length);
          const before = stored;
          const beforeText = before.getText();
          reference = TextDocument.update(reference, [change], reference.version + 1);
          stored = StoredDocument.update(stored, [change], stored.version + 1);
          assertSameDocument(stored, reference, `seed ${seed}, run ${run}, key ${key}`);
          if (key % 3 === 0) assertSameDocument(before, TextDocument.create('file:///t.txt', 'plaintext', before.version, beforeText), `seed ${seed}, run ${run}, key ${key}: the previous version`);
        }
        if (run % 3 === 2) {
          const at = { line: Math.floor(next() * reference.lineCount), character: 2 };
          const change = { range: { start: at, end: at }, text: next() < 0.5 ? '\n' : 'a\r\nb' };
          reference = TextDocument.update(reference, [change], reference.version + 1);
          stored = StoredDocument.update(stored, [change], stored.version + 1);
          assertSameDocument(stored, reference, `seed ${seed}, run ${run}: line break`);
        }
      }
    }
  });

  test('at the very start and end of the text, and on \\r\\n pairs joined and split there', () => {
    const cases: [string, TextDocumentContentChangeEvent][] = [
      ['ab\r\ncd', { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\n' }],
      ['ab\r\ncd', { range: { start: { line: 0, character: 2 }, end: { line: 0, character: 2 } }, text: 'x' }],
      ['ab\rcd', { range: { start: { line: 0, character: 3 }, end: { line: 1, character: 0 } }, text: '\n' }],
      ['ab\r', { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '\ncd' }],
      ['ab\ncd', { range: { start: { line: 0, character: 2 }, end: { line: 0, character: 2 } }, text: '\r' }],
      ['\r\n', { range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, text: '' }],
      ['x😀y', { range: { start: { line: 0, character: 2 }, end: { line: 0, character: 2 } }, text: '\r\n' }],
      ['abc', { range: { start: { line: 0, character: 3 }, end: { line: 0, character: 3 } }, text: '\r' }],
      ['abc\r', { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '\n' }],
      ['', { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\r\n\r\n' }],
      ['a\nb', { range: { start: { line: 0, character: 0 }, end: { line: 9, character: 9 } }, text: '' }],
    ];
    for (const [text, change] of cases) {
      const reference = TextDocument.update(TextDocument.create('u', 'p', 1, text), [change], 2);
      const stored = StoredDocument.update(StoredDocument.create('u', 'p', 1, text), [change], 2);
      assertSameDocument(stored, reference, JSON.stringify([text, change]));
    }
  });

  test('compose gives one region outside which the texts are equal', () => {
    const next = random(99);
    for (let i = 0; i < 2000; i++) {
      const t0 = randomText(next, 1 + Math.floor(next() * 8));
      const s1 = Math.floor(next() * (t0.length + 1));
      const e1 = s1 + Math.floor(next() * (t0.length - s1 + 1));
      const i1 = randomText(next, Math.floor(next() * 3));
      const t1 = t0.slice(0, s1) + i1 + t0.slice(e1);
      const s2 = Math.floor(next() * (t1.length + 1));
      const e2 = s2 + Math.floor(next() * (t1.length - s2 + 1));
      const i2 = randomText(next, Math.floor(next() * 3));
      const t2 = t1.slice(0, s2) + i2 + t1.slice(e2);
      const c = compose({ start: s1, oldEnd: e1, newEnd: s1 + i1.length }, { start: s2, oldEnd: e2, newEnd: s2 + i2.length });
      assert.ok(c.start <= c.oldEnd && c.start <= c.newEnd && c.oldEnd <= t0.length && c.newEnd <= t2.length, JSON.stringify(c));
      assert.equal(t0.slice(0, c.start), t2.slice(0, c.start));
      assert.equal(t0.slice(c.oldEnd), t2.slice(c.newEnd));
    }
  });
});

function slowPathDiagnostics(uri: string, version: number, text: string) {
  return validateDocument(parseDocument(uri, version, text, { fastPath: false }));
}

function sameTree(a: Node | undefined, b: Node | undefined, where = '$'): void {
  if (!a || !b) return assert.equal(a, b, `${where}: one tree is missing`);
  for (const field of ['type', 'offset', 'length', 'value', 'colonOffset'] as const) assert.ok(Object.is(a[field], b[field]), `${where}: ${field} ${String(a[field])} vs ${String(b[field])}`);
  assert.equal(a.children?.length, b.children?.length, `${where}: children`);
  a.children?.forEach((child, i) => {
    assert.equal(child.parent, a, `${where}[${i}]: parent`);
    sameTree(child, b.children![i], `${where}[${i}]`);
  });
}

/** Typing-like changes on JSON: characters in strings, new lines with \r\n, pasted items, several changes at once. */
function jsonChange(reference: TextDocument, next: () => number, crlf: boolean): TextDocumentContentChangeEvent {
  const text = reference.getText();
  const at = Math.floor(next() * (text.length + 1));
  const roll = next();
  const position = (offset: number) => reference.positionAt(offset);
  if (roll < 0.4) {
    const quote = text.indexOf('"', at);
    const p = quote < 0 ? at : quote + 1;
    return { range: { start: position(p), end: position(p) }, text: ['a', 'Z', '😀', 'é', '_'][Math.floor(next() * 5)] };
  }
  if (roll < 0.55) return { range: { start: position(at), end: position(Math.min(text.length, at + 1)) }, text: '' };
  if (roll < 0.7) return { range: { start: position(at), end: position(at) }, text: crlf ? '\r\n  ' : '\n  ' };
  if (roll < 0.8) {
    const comma = text.indexOf(',', at);
    const p = comma < 0 ? at : comma + 1;
    return { range: { start: position(p), end: position(p) }, text: crlf ? ' "Pasted",\r\n' : ' "Pasted",\n' };
  }
  return { range: { start: position(at), end: position(Math.min(text.length, at + Math.floor(next() * 40))) }, text: '' };
}

function parseSession(base: string, seed: number, steps: number, crlf: boolean): number {
  const next = random(seed);
  const cache = new DocumentCache();
  let reference = TextDocument.create('file:///s.polysync.json', 'polysync', 1, base);
  let stored = StoredDocument.create('file:///s.polysync.json', 'polysync', 1, base);
  let previous = cache.get(stored);
  let reused = 0;
  let lastClean = base;
  for (let step = 0; step < steps; step++) {
    const text = stored.getText();
    const changes: TextDocumentContentChangeEvent[] = [];
    const back = !isCleanParse(previous) && next() < 0.8 ? findChange(text, lastClean) : undefined;
    if (back) {
      changes.push({ range: { start: reference.positionAt(back.start), end: reference.positionAt(back.oldEnd) }, text: lastClean.slice(back.start, back.newEnd) });
    } else {
      const copy = TextDocument.create(reference.uri, 'polysync', 1, text);
      for (let i = 0, n = next() < 0.2 ? 2 : 1; i < n; i++) {
        const change = jsonChange(copy, next, crlf);
        changes.push(change);
        TextDocument.update(copy, [change], 1);
      }
    }
    reference = TextDocument.update(reference, changes, reference.version + 1);
    stored = StoredDocument.update(stored, changes, stored.version + 1);
    const newText = reference.getText();
    assert.equal(stored.getText(), newText, `step ${step}: text`);
    const previousRoot = previous.root;
    const parsed = cache.get(stored);
    const errors: never[] = [];
    const fresh = parseTree(newText, errors, OPTIONS);
    if (errors.length === 0) sameTree(parsed.root, fresh, `step ${step}`);
    if (previousRoot && parsed.root === previousRoot) reused++;
    if (isCleanParse(parsed)) lastClean = newText;
    if (step % 5 === 0) {
      assert.deepEqual(validateDocument(parsed), slowPathDiagnostics(parsed.uri, parsed.version, newText), `step ${step}: diagnostics`);
      for (let i = 0; i < 30; i++) {
        const offset = Math.floor(next() * (newText.length + 1));
        assert.deepEqual(parsed.positionAt(offset), reference.positionAt(offset), `step ${step}: positionAt(${offset})`);
      }
    }
    previous = parsed;
  }
  return reused;
}

describe('the parse of a stored version equals a fresh parse', () => {
  test('on a generated 70 KB document, with \\n line ends', () => {
    const reused = parseSession(generateDocument(70_000, { plantError: true }), 7, 150, false);
    assert.ok(reused > 25, `the tree was reused only ${reused} times`);
  });

  test('on the same document with \\r\\n line ends', () => {
    const reused = parseSession(generateDocument(70_000, { plantError: true }).replace(/\n/g, '\r\n'), 8, 150, true);
    assert.ok(reused > 25, `the tree was reused only ${reused} times`);
  });

  test('the parse answers positions of its own version', () => {
    const stored = StoredDocument.update(StoredDocument.create('file:///x.polysync.json', 'polysync', 1, '{\n  "name": "a"\n}\n'), [{ range: { start: { line: 1, character: 11 }, end: { line: 1, character: 11 } }, text: 'b' }], 2);
    const parsed = new DocumentCache().get(stored);
    assert.deepEqual(parsed.positionAt(stored.getText().indexOf('ba')), { line: 1, character: 11 });
    assert.equal(parsed.offsetAt({ line: 2, character: 0 }), stored.lines.lineStart(2));
  });
});
