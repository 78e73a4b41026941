// An in-place edit records the offsets it moves instead of moving them (shiftLog.ts, treeNodes.ts):
// every node must still read exactly what a fresh parse of the new text gives, whenever it is read
// (between edits, after many edits, past the log's bound), in each of several documents edited in
// turn, and a node that left its tree keeps the offsets it had.
import * as fc from 'fast-check';
import { parseTree, type Node } from 'jsonc-parser';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentCache, type ParsedDocument, propertyValue, textIncludes } from '../../server/src/service/document/document';
import { parseTreeFast } from '../../server/src/service/document/fastParse';
import { ShiftLog, shiftLogLimits } from '../../server/src/service/document/shiftLog';
import { ShiftMap } from '../../server/src/service/document/shiftMap';
import { StoredDocument } from '../../server/src/service/document/storedDocument';
import { ContainerNode, freeze, LeafNode, PropertyNode, type TreeNode } from '../../server/src/service/document/treeNodes';
import { applyChange, findChange, settleLimits, settleTree } from '../../server/src/service/document/treeEdit';
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

/**
 * Edits in the shape treeEdit.ts makes them, applied to a set of live offsets: [start, oldEnd) becomes
 * [start, newEnd), no live offset lies in [start, oldEnd) (the node read again contains the change
 * strictly, and its old children leave the tree), and the offsets from oldEnd on move by the difference.
 */
const liveEdits = fc.array(fc.tuple(fc.nat(200), fc.nat(6), fc.nat(6)), { maxLength: 60 });

/** Applies the edits to `live`, one by one, returning the shifts (at, delta) they recorded. */
function applyLiveEdits(live: number[], edits: [number, number, number][]): [number, number][] {
  const shifts: [number, number][] = [];
  for (const [startAt, removed, inserted] of edits) {
    // The change starts just after a live offset (or anywhere) and removes no live offset.
    const start = live.length > 0 ? live[startAt % live.length] + 1 + (startAt % 3) : startAt;
    let oldEnd = start + removed;
    const blocking = live.find((x) => x >= start && x < oldEnd);
    if (blocking !== undefined) oldEnd = blocking;
    const delta = inserted - (oldEnd - start);
    if (delta === 0) continue;
    for (let i = 0; i < live.length; i++) if (live[i] >= oldEnd) live[i] += delta;
    shifts.push([oldEnd, delta]);
  }
  return shifts;
}

describe('a ShiftMap moves every live offset as the shifts one by one do', () => {
  test('for arbitrary edits in the shape an in-place edit makes them', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat(150), { maxLength: 40 }), liveEdits, (initial, edits) => {
        const original = [...initial].sort((a, b) => a - b);
        const live = [...original];
        const map = new ShiftMap();
        for (const [at, delta] of applyLiveEdits(live, edits)) map.add(at, delta);
        for (let i = 0; i < original.length; i++) assert.equal(map.apply(original[i]), live[i], `offset ${original[i]}`);
      }),
      { numRuns: 5000 },
    );
  });

  test('composed in pieces, read in between', () => {
    // Maps made at different moments (as the entries of a log are) each read what the shifts since give.
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat(150), { minLength: 1, maxLength: 30 }), liveEdits, liveEdits, (initial, first, second) => {
        const live = [...initial].sort((a, b) => a - b);
        const early = new ShiftMap();
        for (const [at, delta] of applyLiveEdits(live, first)) early.add(at, delta);
        const middle = [...live];
        const late = new ShiftMap();
        for (const [at, delta] of applyLiveEdits(live, second)) {
          early.add(at, delta);
          late.add(at, delta);
        }
        const sorted = [...initial].sort((a, b) => a - b);
        for (let i = 0; i < live.length; i++) {
          assert.equal(early.apply(sorted[i]), live[i]);
          assert.equal(late.apply(middle[i]), live[i]);
        }
      }),
      { numRuns: 2000 },
    );
  });

  test('composed from the newest shift back (as the walk makes them), the same as composed in order', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat(150), { maxLength: 40 }), liveEdits, (initial, edits) => {
        const original = [...initial].sort((a, b) => a - b);
        const live = [...original];
        const shifts = applyLiveEdits(live, edits);
        const backward = new ShiftMap();
        for (let i = shifts.length - 1; i >= 0; i--) backward.addBefore(shifts[i][0], shifts[i][1]);
        for (let i = 0; i < original.length; i++) assert.equal(backward.apply(original[i]), live[i], `offset ${original[i]}`);
      }),
      { numRuns: 5000 },
    );
  });

  test('typing and deleting at one place stays one piece or none', () => {
    const map = new ShiftMap();
    for (let i = 0; i < 50; i++) map.add(100 + i, 1); // typing forward
    assert.equal(map.size, 1);
    assert.equal(map.apply(100), 150);
    assert.equal(map.apply(99), 99);
    for (let i = 0; i < 50; i++) map.add(150 - i, -1); // then backspace over what was typed
    assert.equal(map.size, 0);
    for (let i = 0; i < 50; i++) {
      map.add(100, 1); // type a character
      map.add(101, -1); // and delete it
    }
    assert.equal(map.size, 0);
  });

  test('edits in k places make at most 2k pieces, and reading them does not scan them all', () => {
    const map = new ShiftMap();
    for (let place = 0; place < 1000; place++) map.add(100_000 - place * 50, place % 3 === 0 ? -2 : 3);
    assert.ok(map.size <= 2000, `${map.size} pieces`);
    // Offsets after each place moved by the shifts at every place before them.
    let expected = 0;
    for (let place = 999; place >= 0; place--) {
      expected += place % 3 === 0 ? -2 : 3;
      assert.equal(map.apply(100_000 - place * 50 + 10), 100_000 - place * 50 + 10 + expected, `after place ${place}`);
    }
  });
});

/** Runs `body` with the log's limits lowered, so that a short run crosses them many times. */
function withLimits(limits: Partial<typeof shiftLogLimits & typeof settleLimits>, body: () => void): void {
  const saved = { log: { ...shiftLogLimits }, settle: { ...settleLimits } };
  for (const key of Object.keys(shiftLogLimits) as (keyof typeof shiftLogLimits)[]) shiftLogLimits[key] = limits[key] ?? saved.log[key];
  for (const key of Object.keys(settleLimits) as (keyof typeof settleLimits)[]) settleLimits[key] = limits[key] ?? saved.settle[key];
  try {
    body();
  } finally {
    Object.assign(shiftLogLimits, saved.log);
    Object.assign(settleLimits, saved.settle);
  }
}

describe('nodes of one log, edited far apart and read at random', () => {
  /**
   * Nodes (leaves and properties, whose colons move too) made directly on a log, and the offsets that
   * moving every node at each edit gives. Edits happen at random nodes, as far apart as the nodes are,
   * or several in a row at one place; each adds nodes inside its new text (as a re-read does), some
   * nodes leave (freeze) and must keep their offsets; reads come at random, so nodes lag behind by
   * every number of entries; now and then the walk brings them all up to date and the log restarts.
   */
  function simulate(seed: number, steps: number): { settled: number; reads: number } {
    const next = random(seed);
    const log = new ShiftLog();
    interface Tracked {
      node: LeafNode | PropertyNode;
      offset: number;
      colon?: number;
    }
    const live: Tracked[] = [];
    const frozen: Tracked[] = [];
    const make = (offset: number): Tracked => {
      if (next() < 0.3) {
        const node = new PropertyNode(offset, undefined, [], log.head);
        node.storedColonOffset = offset + 5;
        return { node, offset, colon: offset + 5 };
      }
      return { node: new LeafNode('string', offset, 3, undefined, 'abc', log.head), offset };
    };
    for (let i = 0; i < 300; i++) live.push(make(i * 20));
    // The tree the walk goes over: one container holding the live nodes (at offset 0, which no edit moves).
    const root = new ContainerNode('array', 0, undefined, [], log.head);
    let settled = 0;
    let reads = 0;
    let place = 0;
    for (let step = 0; step < steps; step++) {
      // An edit just after a live offset, far from the last one or at the same place.
      if (next() < 0.7) place = Math.floor(next() * live.length);
      const anchor = live[place % live.length];
      const start = anchor.offset + 1 + Math.floor(next() * 3);
      const positions = live.flatMap((t) => (t.colon === undefined ? [t.offset] : [t.offset, t.colon]));
      const blocking = Math.min(...positions.filter((x) => x >= start), Infinity);
      const oldEnd = Math.min(start + Math.floor(next() * 4), blocking);
      const inserted = Math.floor(next() * 5);
      const delta = inserted - (oldEnd - start);
      if (delta !== 0) {
        for (const t of live) {
          if (t.offset >= oldEnd) t.offset += delta;
          if (t.colon !== undefined && t.colon >= oldEnd) t.colon += delta;
        }
        log.push(oldEnd, delta);
        for (let j = 0; j < inserted; j += 2) live.push(make(start + j));
        live.sort((a, b) => a.offset - b.offset);
      }
      // A node leaves its tree now and then: it keeps the offsets it has.
      if (next() < 0.05 && live.length > 50) {
        const [gone] = live.splice(Math.floor(next() * live.length), 1);
        freeze(gone.node);
        frozen.push(gone);
      }
      // Reads anywhere: a few nodes, or many.
      const count = next() < 0.1 ? 60 : Math.floor(next() * 4);
      for (let k = 0; k < count; k++) {
        const t = live[Math.floor(next() * live.length)];
        assert.equal(t.node.offset, t.offset, `seed ${seed} step ${step}: offset`);
        if (t.colon !== undefined) assert.equal((t.node as PropertyNode).colonOffset, t.colon, `seed ${seed} step ${step}: colon`);
        reads++;
      }
      if (log.pending > 0 && next() < 0.01) {
        root.children = live.map((t) => t.node);
        settleTree(root);
        assert.equal(log.pending, 0);
        settled++;
      }
    }
    for (const t of [...live, ...frozen]) {
      assert.equal(t.node.offset, t.offset, `seed ${seed} at the end: offset`);
      if (t.colon !== undefined) assert.equal((t.node as PropertyNode).colonOffset, t.colon, `seed ${seed} at the end: colon`);
    }
    return { settled, reads };
  }

  test('with the limits the server uses', () => {
    for (const seed of [1, 2, 3]) {
      const { settled, reads } = simulate(seed, 1500);
      assert.ok(settled > 3 && reads > 1000, `seed ${seed}: ${settled} walks, ${reads} reads`);
    }
  });

  test('with maps made after two entries and a cache budget of a few pieces, so that maps are dropped and made again', () => {
    withLimits({ oneByOne: 2, cacheBudget: 24 }, () => {
      for (const seed of [4, 5, 6, 7]) simulate(seed, 1500);
    });
  });

  test('with every node read through a map', () => {
    withLimits({ oneByOne: 0 }, () => {
      for (const seed of [8, 9]) simulate(seed, 1000);
    });
  });
});

describe('far-apart edits on a parsed document, past every bound', () => {
  /** Places spread over the text, each inside a field id string, advanced by what is typed there. */
  function fieldPlaces(text: string, count: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < count; i++) out.push(text.indexOf('"Field_', Math.floor(((i + 0.5) / count) * text.length)) + 3);
    return out;
  }

  test('typing and deleting in turn at places across the document, reads between, checked against fresh parses', () => {
    for (const limits of [{}, { maxPieces: 40, maxPending: 300, oneByOne: 3, cacheBudget: 64 }, { maxWork: 2000 }]) {
      withLimits(limits, () => {
        const session = new Session(new DocumentCache(), 'file:///far.polysync.json', generateDocument(60_000, { seed: 11 }));
        const next = random(12);
        const places = fieldPlaces(session.text, 48);
        for (let step = 0; step < 1200; step++) {
          const i = next() < 0.5 ? step % places.length : Math.floor(next() * places.length);
          const at = places[i];
          const typing = next() < 0.7;
          session.apply(typing ? { start: at, end: at, text: 'q' } : { start: at, end: at + 1, text: '' });
          for (let j = 0; j < places.length; j++) if (places[j] > at || (j === i && typing)) places[j] += typing ? 1 : j === i ? 0 : -1;
          if (step % 7 === 0) {
            const nodes = nodesOf(session.parsed.root);
            const fresh = nodesOf(parseTree(session.text, [], OPTIONS));
            assert.equal(nodes.length, fresh.length);
            for (let k = 0; k < 20; k++) {
              const n = Math.floor(next() * nodes.length);
              assert.equal(nodes[n].offset, fresh[n].offset, `step ${step}: node ${n}`);
              assert.equal(nodes[n].colonOffset, fresh[n].colonOffset, `step ${step}: colon of node ${n}`);
            }
          }
          if (step % 200 === 199) assertMatchesFreshParse(session.parsed, session.text, `${JSON.stringify(limits)} step ${step}`);
        }
        assert.equal(session.inPlace, 1200);
        assertMatchesFreshParse(session.parsed, session.text, `${JSON.stringify(limits)} at the end`);
        // With the limits lowered the tree was walked and its log restarted several times (with the
        // server's, 1200 edits in 48 places walk about three times).
        const pending = (session.parsed.root as TreeNode).shiftedTo.log.pending;
        if (Object.keys(limits).length > 0) assert.ok(pending < 300, `${pending} pending`);
      });
    }
  });

  test('many far-apart changes in one notification (a replace-all), then single edits, checked against fresh parses', () => {
    const cache = new DocumentCache();
    let document = StoredDocument.create('file:///replace-all.polysync.json', 'polysync', 1, generateDocument(80_000, { seed: 13 }));
    let parsed = cache.get(document);
    const next = random(14);
    for (let round = 0; round < 30; round++) {
      const text = document.getText();
      // Changes in descending order, each range in the text the ones before it left (LSP's rule).
      const places = fieldPlaces(text, 5 + Math.floor(next() * 60)).reverse();
      const changes = places.map((at) => {
        const start = document.positionAt(at);
        const roll = next();
        const end = roll < 0.3 ? document.positionAt(at + 1) : start;
        return { range: { start, end }, text: roll < 0.6 ? 'ab' : '' };
      });
      // An item between the first and the last change that no change touches.
      const items = propertyValue(parsed.root, 'schemas')!.children!;
      const untouched = items.filter((item) => item.type === 'object' && places.every((at) => at < item.offset || at >= item.offset + item.length));
      const between = untouched[untouched.length >> 1];
      document = StoredDocument.update(document, changes, document.version + 1);
      parsed = cache.get(document);
      assertMatchesFreshParse(parsed, document.getText(), `round ${round}: after ${changes.length} changes`);
      // Each change was applied in place: the item between them is the same object, not read again.
      assert.ok(propertyValue(parsed.root, 'schemas')!.children!.includes(between), `round ${round}: the item between the changes was read again`);
      // Then a single edit, applied in place.
      const before = parsed.root;
      const at = fieldPlaces(document.getText(), 7)[Math.floor(next() * 7)];
      const position = document.positionAt(at);
      document = StoredDocument.update(document, [{ range: { start: position, end: position }, text: 'z' }], document.version + 1);
      parsed = cache.get(document);
      assert.equal(parsed.root, before, `round ${round}: the single edit was applied in place`);
      assertMatchesFreshParse(parsed, document.getText(), `round ${round}: after one more edit`);
    }
  });

  test('a notification whose later change cannot be applied in place: the new version is parsed afresh, the old one still reads its own text', () => {
    const cache = new DocumentCache();
    const original = generateDocument(30_000, { seed: 15 });
    let document = StoredDocument.create('file:///partial.polysync.json', 'polysync', 1, original);
    const previous = cache.get(document);
    const [late, early] = fieldPlaces(original, 2).reverse();
    const quote = original.indexOf('"', early + 1); // the closing quote of the early field id
    // Typing at the late place applies in place; then the early id loses its closing quote (no tree
    // can take that), and gets it back.
    const at = (offset: number) => document.positionAt(offset);
    const changes = [
      { range: { start: at(late), end: at(late) }, text: 'abc' },
      { range: { start: at(quote), end: at(quote + 1) }, text: '' },
      { range: { start: at(quote), end: at(quote) }, text: '"' },
    ];
    document = StoredDocument.update(document, changes, 2);
    const parsed = cache.get(document);
    assert.equal(document.getText(), original.slice(0, late) + 'abc' + original.slice(late));
    assertMatchesFreshParse(parsed, document.getText(), 'the new version');
    assert.notEqual(parsed.root, undefined);
    // The first change had already been applied to the old version's tree: it parses its text again.
    assertMatchesFreshParse(previous, original, 'the old version');
  });

  test('whether the text contains a marker, after notifications of several changes, matches the text', () => {
    const next = random(16);
    const original = generateDocument(20_000, { seed: 17 });
    const places = fieldPlaces(original, 12);
    const pieces = ['NEE', 'DLE', 'NEEDLE', 'D', 'xy'];
    let contained = 0;
    for (let round = 0; round < 200; round++) {
      const cache = new DocumentCache();
      let document = StoredDocument.create(`file:///marker-${round}.polysync.json`, 'polysync', 1, original);
      assert.equal(textIncludes(cache.get(document), 'NEEDLE'), false);
      // Changes at a few places, last place first, several at the same place (each in the text the
      // ones before left): pieces of the marker can meet, and a later change can remove one.
      const changes = [];
      const chosen = places.filter(() => next() < 0.3).reverse();
      for (const at of chosen) {
        for (let k = 0; k < 1 + Math.floor(next() * 3); k++) {
          const start = document.positionAt(at + Math.floor(next() * 2));
          const removing = next() < 0.25;
          const end = removing ? document.positionAt(at + 3) : start;
          changes.push({ range: { start, end }, text: removing ? '' : pieces[Math.floor(next() * pieces.length)] });
        }
      }
      if (changes.length < 2) continue;
      document = StoredDocument.update(document, changes, 2);
      const truth = document.getText().includes('NEEDLE');
      if (truth) contained++;
      assert.equal(textIncludes(cache.get(document), 'NEEDLE'), truth, `round ${round}`);
    }
    assert.ok(contained > 20 && contained < 180, `the marker appeared in ${contained} of 200 rounds`);
  });
});
