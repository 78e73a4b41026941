// An in-place edit records the offsets it moves instead of moving them (shiftLog.ts, treeNodes.ts):
// every node must still read exactly what a fresh parse of the new text gives, whenever it is read
// (between edits, after many edits, past the log's bound), in each of several documents edited in
// turn, and a node that left its tree keeps the offsets it had.
import * as fc from 'fast-check';
import { parseTree, type Node } from 'jsonc-parser';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentCache, type ParsedDocument } from '../../server/src/service/document/document';
import { parseTreeFast } from '../../server/src/service/document/fastParse';
import { addStep, shifted } from '../../server/src/service/document/shiftLog';
import { applyChange, findChange } from '../../server/src/service/document/treeEdit';
import { generateDocument, random } from '../bench/generate';

const OPTIONS = { disallowComments: false, allowTrailingComma: true, allowEmptyContent: true };

/** Every node of a tree in document order, collected without reading any offset. */
function nodesOf(root: Node | undefined): Node[] {
  const out: Node[] = [];
  const walk = (node: Node) => {
    out.push(node);
    for (const child of node.children ?? []) walk(child);
  };
  if (root) walk(root);
  return out;
}

/** The first node where the two trees differ in offset, length, colonOffset, value, type or shape. */
function difference(actual: Node | undefined, expected: Node | undefined, where = '$'): string | undefined {
  if (!actual || !expected) return actual === expected ? undefined : `${where}: one tree is missing`;
  for (const field of ['type', 'offset', 'length', 'colonOffset', 'value'] as const) {
    if (!Object.is(actual[field], expected[field])) return `${where}: ${field} ${String(actual[field])} vs ${String(expected[field])}`;
  }
  if (actual.children?.length !== expected.children?.length) return `${where}: ${actual.children?.length} vs ${expected.children?.length} children`;
  for (let i = 0; i < (actual.children ?? []).length; i++) {
    const problem = difference(actual.children![i], expected.children![i], `${where}[${i}]`);
    if (problem) return problem;
  }
  return undefined;
}

function assertMatchesFreshParse(doc: ParsedDocument, text: string, label: string): void {
  const problem = difference(doc.root, parseTree(text, [], OPTIONS));
  if (problem) assert.fail(`${label}: ${problem}`);
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** The first match of `pattern` at or after `from` (wrapping round to the start), or undefined. */
function matchFrom(text: string, pattern: RegExp, from: number): RegExpExecArray | undefined {
  const sticky = new RegExp(pattern.source, 'g');
  sticky.lastIndex = from;
  const found = sticky.exec(text);
  if (found) return found;
  sticky.lastIndex = 0;
  return sticky.exec(text) ?? undefined;
}

/**
 * Edits that keep a pretty-printed document valid JSON, so that each is applied in place: typing into
 * or deleting from strings, whitespace around items, pasted items and properties, digits in ids.
 */
function validEdit(text: string, next: () => number): Edit {
  const from = Math.floor(next() * text.length);
  const roll = next();
  if (roll < 0.3) {
    // Type into a string: right after an opening quote (a closing one is never followed by a letter).
    const found = matchFrom(text, /"[A-Za-z]/, from);
    if (found) return { start: found.index + 1, end: found.index + 1, text: 'aZ_ 9'[Math.floor(next() * 5)].repeat(1 + Math.floor(next() * 3)) };
  } else if (roll < 0.5) {
    // Delete a letter of a string.
    const found = matchFrom(text, /"[A-Za-z]{2}/, from);
    if (found) return { start: found.index + 2, end: found.index + 3, text: '' };
  } else if (roll < 0.65) {
    // Indent, or break a line, between items: the object or array around them is read again.
    const found = matchFrom(text, /,\n/, from);
    if (found) return { start: found.index + 1, end: found.index + 1, text: next() < 0.5 ? '\n    ' : ' ' };
  } else if (roll < 0.75) {
    // Remove a line break between items.
    const found = matchFrom(text, /,\n/, from);
    if (found) return { start: found.index + 1, end: found.index + 2, text: '' };
  } else if (roll < 0.88) {
    // Paste a property into an object or an item into an array, after a comma that ends a line.
    const found = matchFrom(text, /,\n\s*("[^"\n]*"\s*:)?/, from);
    if (found) {
      const pasted = found[1] ? ' "pasted": {"id": "X", "fields": ["a", {"id": "b"}]},' : ' "Pasted_Object",';
      return { start: found.index + 1, end: found.index + 1, text: pasted };
    }
  } else {
    // Change a digit of an id (inside a string, where any digit is valid).
    const found = matchFrom(text, /[A-Za-z_]\d/, from);
    if (found) return { start: found.index + 1, end: found.index + 2, text: String(Math.floor(next() * 10)) };
  }
  return { start: from, end: from, text: '' };
}

/** One open document: its editor-side text and the cache's parse of it. */
class Session {
  document: TextDocument;
  parsed: ParsedDocument;
  inPlace = 0;
  constructor(
    readonly cache: DocumentCache,
    uri: string,
    text: string,
  ) {
    this.document = TextDocument.create(uri, 'polysync', 1, text);
    this.parsed = cache.get(this.document);
  }
  get text(): string {
    return this.document.getText();
  }
  apply(edit: Edit): void {
    const range = { start: this.document.positionAt(edit.start), end: this.document.positionAt(edit.end) };
    const before = this.parsed.root;
    this.document = TextDocument.update(this.document, [{ range, text: edit.text }], this.document.version + 1);
    this.parsed = this.cache.get(this.document);
    if (before && this.parsed.root === before) this.inPlace++;
  }
}

describe('offsets after an in-place edit are applied when read', () => {
  test('an edit leaves the nodes after it untouched until one is read, which then reads the fresh value', () => {
    const session = new Session(new DocumentCache(), 'file:///lazy.polysync.json', generateDocument(70_000));
    const nodes = nodesOf(session.parsed.root);
    const far = nodes[nodes.length - 2];
    const storedBefore = (far as unknown as { storedOffset: number }).storedOffset;
    const at = session.text.indexOf('"name": "') + '"name": "'.length;
    session.apply({ start: at, end: at, text: 'abc' });
    assert.equal(session.inPlace, 1, 'the edit is applied in place');
    // Nothing wrote the far node's offset: the edit did not visit it.
    assert.equal((far as unknown as { storedOffset: number }).storedOffset, storedBefore);
    const fresh = nodesOf(parseTree(session.text, [], OPTIONS));
    assert.equal(far.offset, fresh[fresh.length - 2].offset);
    assert.equal(far.offset, storedBefore + 3);
    assertMatchesFreshParse(session.parsed, session.text, 'after one edit');
  });

  test('random edits with random reads between them read exactly a fresh parse, past the log bound', () => {
    for (const seed of [1, 2, 3]) {
      const next = random(seed);
      const session = new Session(new DocumentCache(), `file:///random-${seed}.polysync.json`, generateDocument(40_000, { seed }));
      for (let step = 0; step < 300; step++) {
        session.apply(validEdit(session.text, next));
        // Read a few nodes anywhere: nodes then lag behind the log by different numbers of entries.
        const nodes = nodesOf(session.parsed.root);
        const fresh = nodesOf(parseTree(session.text, [], OPTIONS));
        if (step % 3 === 0 && nodes.length === fresh.length) {
          for (let k = 0; k < 5; k++) {
            const i = Math.floor(next() * nodes.length);
            assert.equal(nodes[i].offset, fresh[i].offset, `seed ${seed} step ${step}: node ${i}`);
            assert.equal(nodes[i].colonOffset, fresh[i].colonOffset, `seed ${seed} step ${step}: colon of node ${i}`);
          }
        }
        if (step % 50 === 49) assertMatchesFreshParse(session.parsed, session.text, `seed ${seed} step ${step}`);
      }
      assertMatchesFreshParse(session.parsed, session.text, `seed ${seed} at the end`);
      assert.ok(session.inPlace > 200, `seed ${seed}: only ${session.inPlace} of 300 edits were applied in place`);
    }
  });

  test('many edits with no read between them, then every node read', () => {
    for (const count of [10, 64, 65, 200, 1000]) {
      const next = random(count);
      const session = new Session(new DocumentCache(), `file:///unread-${count}.polysync.json`, generateDocument(30_000, { seed: count }));
      for (let step = 0; step < count; step++) session.apply(validEdit(session.text, next));
      assert.ok(session.inPlace > count * 0.6, `${count} edits: only ${session.inPlace} in place`);
      assertMatchesFreshParse(session.parsed, session.text, `after ${count} unread edits`);
    }
  });

  test('typing and deleting at one place, then reading the far end', () => {
    const session = new Session(new DocumentCache(), 'file:///typing.polysync.json', generateDocument(50_000));
    const at = session.text.indexOf('"Field_00010_12__c"') + 5;
    const next = random(7);
    for (let i = 0; i < 600; i++) {
      if (next() < 0.6) session.apply({ start: at + (i % 7), end: at + (i % 7), text: 'x' });
      else session.apply({ start: at, end: at + 1, text: '' });
      if (i % 97 === 0) assertMatchesFreshParse(session.parsed, session.text, `after ${i + 1} keystrokes`);
    }
    assert.equal(session.inPlace, 600);
    assertMatchesFreshParse(session.parsed, session.text, 'after 600 keystrokes (past the bound on pending edits)');
  });

  test('two documents edited in turn never move each other', () => {
    const cache = new DocumentCache();
    const sessions = [new Session(cache, 'file:///one.polysync.json', generateDocument(30_000, { seed: 4 })), new Session(cache, 'file:///two.polysync.json', generateDocument(30_000, { seed: 5 }))];
    const next = random(9);
    for (let step = 0; step < 300; step++) {
      const session = sessions[step % 2];
      session.apply(validEdit(session.text, next));
      const other = sessions[(step + 1) % 2];
      if (step % 5 === 0) assertMatchesFreshParse(other.parsed, other.text, `step ${step}: the document not edited`);
      if (step % 25 === 0) assertMatchesFreshParse(session.parsed, session.text, `step ${step}: the document edited`);
    }
    for (const session of sessions) {
      assert.ok(session.inPlace > 100, `${session.document.uri}: ${session.inPlace} in place`);
      assertMatchesFreshParse(session.parsed, session.text, `${session.document.uri} at the end`);
    }
  });

  test('children an edit replaced keep the offsets they had, however the tree moves later', () => {
    const session = new Session(new DocumentCache(), 'file:///replaced.polysync.json', generateDocument(30_000));
    const before = session.text;
    // Whitespace typed after a comma inside the first `fields` array: the array is read again.
    // The generated document's second `schemas` item is an object whose second property is `fields`.
    const fields = session.parsed.root!.children!.find((p) => p.children![0].value === 'schemas')!.children![1].children![1].children![1].children![1];
    const lastItem = fields.children![fields.children!.length - 1];
    const fieldsOffset = fields.offset;
    const comma = before.indexOf(',', fields.offset);
    session.apply({ start: comma + 1, end: comma + 1, text: '  ' });
    assert.equal(session.inPlace, 1);
    assert.notEqual(fields.children![fields.children!.length - 1], lastItem, 'the array was read again');
    // Edits before the old item and a read far after it, past the log's bound.
    const at = session.text.indexOf('"name": "') + '"name": "'.length;
    for (let i = 0; i < 100; i++) session.apply({ start: at, end: at, text: 'y' });
    assertMatchesFreshParse(session.parsed, session.text, 'after the edits');
    // What the replaced item's offset was when it left the tree: its place in the text before the edit.
    const oldFields = nodesOf(parseTree(before, [], OPTIONS)).find((n) => n.type === 'array' && n.offset === fieldsOffset)!;
    const oldLast = oldFields.children![oldFields.children!.length - 1];
    assert.equal(lastItem.offset, oldLast.offset);
    assert.equal(lastItem.length, oldLast.length);
  });

  test('a tree built by jsonc-parser is never edited in place', () => {
    const text = '{"a": [1, 2, 3], "b": "c"}';
    const plain = parseTree(text, [], OPTIONS)!;
    const change = findChange(text, '{"a": [1, 2, 3], "b": "cd"}')!;
    assert.equal(applyChange(plain, '{"a": [1, 2, 3], "b": "cd"}', change), false);
    assert.equal(plain.children![1].children![1].value, 'c');
    const fast = parseTreeFast(text)!;
    assert.equal(applyChange(fast, '{"a": [1, 2, 3], "b": "cd"}', change), true);
    assert.equal(fast.children![1].children![1].value, 'cd');
  });
});

describe('merged shift steps move every offset as the shifts one by one do', () => {
  test('for arbitrary sequences of shifts', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: -8, max: 8 })), { maxLength: 30 }), (shifts) => {
        const steps: number[] = [];
        const oneByOne: number[] = [];
        for (let x = -5; x <= 120; x++) oneByOne.push(x);
        for (const [at, delta] of shifts) {
          if (delta === 0) continue;
          for (let i = 0; i < oneByOne.length; i++) if (oneByOne[i] >= at) oneByOne[i] += delta;
          addStep(steps, at, delta);
        }
        for (let x = -5; x <= 120; x++) assert.equal(shifted(x, steps), oneByOne[x + 5], `offset ${x}`);
      }),
      { numRuns: 3000 },
    );
  });

  test('typing and deleting at one place stays one step or none', () => {
    const steps: number[] = [];
    for (let i = 0; i < 50; i++) addStep(steps, 100 + i, 1); // typing forward
    assert.deepEqual(steps, [100, 50]);
    for (let i = 0; i < 50; i++) addStep(steps, 150 - i, -1); // then backspace over what was typed
    assert.deepEqual(steps, []);
    const again: number[] = [];
    for (let i = 0; i < 50; i++) {
      addStep(again, 100, 1); // type a character
      addStep(again, 101, -1); // and delete it
    }
    assert.deepEqual(again, []);
  });
});
