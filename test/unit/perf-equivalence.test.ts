// The performance work must not change a single result: the fast parser builds exactly jsonc-parser's
// tree, the edited-in-place tree of a new version equals a fresh parse, positions agree with an
// independent line index, and full diagnostics equal those of the same checks run on a plain
// jsonc-parser document (the slow path: parseDocument with the fast path turned off).
import * as fc from 'fast-check';
import { parseTree, type Node, type ParseError } from 'jsonc-parser';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentCache, isCleanParse, parseDocument, type ParsedDocument } from '../../server/src/service/document/document';
import { parseTreeFast } from '../../server/src/service/document/fastParse';
import { findChange } from '../../server/src/service/document/treeEdit';
import { validateDocument } from '../../server/src/service/diagnostics/validate';
import { generateDocument, generateTypicalFile } from '../bench/generate';

const ROOT = path.resolve(__dirname, '..', '..');
const OPTIONS = { disallowComments: false, allowTrailingComma: true, allowEmptyContent: true };

function jsoncTree(text: string): { root: Node | undefined; errors: ParseError[] } {
  const errors: ParseError[] = [];
  return { root: parseTree(text, errors, OPTIONS), errors };
}

/** Deep comparison of two trees on every field jsonc-parser sets, their own keys and parent links. */
function assertSameTree(actual: Node | undefined, expected: Node | undefined, where = '$'): void {
  // Plain comparisons with one assert on failure: trees of megabyte documents have 100,000s of nodes.
  const problem = treeDifference(actual, expected, where);
  if (problem) assert.fail(problem);
}

function treeDifference(actual: Node | undefined, expected: Node | undefined, where: string): string | undefined {
  if (expected === undefined || actual === undefined) return actual === expected ? undefined : `${where}: one tree is missing`;
  const actualKeys = Object.keys(actual).sort().join();
  const expectedKeys = Object.keys(expected).sort().join();
  if (actualKeys !== expectedKeys) return `${where}: own keys ${actualKeys} vs ${expectedKeys}`;
  for (const field of ['type', 'offset', 'length', 'value', 'colonOffset'] as const) {
    if (!Object.is(actual[field], expected[field])) return `${where}: ${field} ${String(actual[field])} vs ${String(expected[field])}`;
  }
  if (actual.children?.length !== expected.children?.length) return `${where}: ${actual.children?.length} vs ${expected.children?.length} children`;
  const children = actual.children ?? [];
  for (let i = 0; i < children.length; i++) {
    if (children[i].parent !== actual) return `${where}[${i}]: parent link`;
    const problem = treeDifference(children[i], expected.children![i], `${where}[${i}]`);
    if (problem) return problem;
  }
  return undefined;
}

/** Files a user could open: the examples, the test fixtures, and other JSON in the repository. */
function repositoryTexts(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.json')) out.push({ name: path.relative(ROOT, full), text: readFileSync(full, 'utf8') });
    }
  };
  for (const dir of ['examples', 'test', 'schemas']) walk(path.join(ROOT, dir));
  return out;
}

/** A small seeded generator so the mutated variants are the same on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Characters that matter to a JSON scanner, plus a few that must send the fast path away.
const INTERESTING = ['"', ',', '{', '}', '[', ']', ':', '/', '*', '\\', '\n', '\r', ' ', '\t', 'a', 'e', 'E', '0', '1', '-', '+', '.', 't', 'n', 'u', '\u2028', '\u0000', '\u001f', '\ufeff', '\u00a0', 'é', '😀'];

function mutations(text: string, seed: number, count: number): string[] {
  const next = random(seed);
  const out: string[] = [];
  const pick = () => Math.floor(next() * (text.length + 1));
  for (let i = 0; i < count; i++) {
    const at = pick();
    const ch = INTERESTING[Math.floor(next() * INTERESTING.length)];
    switch (i % 5) {
      case 0:
        out.push(text.slice(0, at)); // truncated, as while typing at the end
        break;
      case 1:
        out.push(text.slice(0, at) + ch + text.slice(at)); // one character typed
        break;
      case 2:
        out.push(text.slice(0, at) + text.slice(at + 1)); // one character deleted
        break;
      case 3:
        out.push(text.slice(0, at) + ch + text.slice(at + 1)); // one character replaced
        break;
      default: {
        const end = Math.min(text.length, at + Math.floor(next() * 40));
        out.push(text.slice(0, at) + text.slice(end)); // a selection deleted
      }
    }
  }
  return out;
}

/** The diagnostics of the same checks on a plain jsonc-parser document, with no fast path and no reuse. */
function slowPathDiagnostics(uri: string, version: number, text: string) {
  return validateDocument(parseDocument(uri, version, text, { fastPath: false }));
}

/** The document's diagnostics equal the slow path's (the schema walk itself is held to Ajv's verdicts in schema-differential). */
function assertSameDiagnostics(doc: ParsedDocument, text: string, label: string): void {
  assert.deepEqual(validateDocument(doc), slowPathDiagnostics(doc.uri, doc.version, text), `${label}: diagnostics differ`);
}

/** Checks one text: the fast tree (when the fast path takes it) and the diagnostics against the slow path. */
function checkText(text: string, label: string, withDiagnostics = true): 'fast' | 'fallback' {
  const fast = parseTreeFast(text);
  const reference = jsoncTree(text);
  if (fast) {
    assert.deepEqual(reference.errors, [], `${label}: the fast path accepted a text with syntax errors`);
    assertSameTree(fast, reference.root);
  }
  if (withDiagnostics) assertSameDiagnostics(parseDocument('file:///t.polysync.json', 1, text), text, label);
  return fast ? 'fast' : 'fallback';
}

describe('fast parser equals jsonc-parser', () => {
  const files = repositoryTexts();

  test('on every JSON file of the repository (examples, fixtures, schema)', () => {
    assert.ok(files.length >= 4, 'expected the examples and fixtures');
    let fastCount = 0;
    for (const { name, text } of files) if (checkText(text, name) === 'fast') fastCount++;
    // Most are well-formed (with comments): the fast path must actually be taken, not only skipped.
    assert.ok(fastCount >= files.length / 2, `fast path taken for only ${fastCount} of ${files.length} files`);
  });

  test('on many truncated and mutated variants of those files', () => {
    let fastCount = 0;
    let total = 0;
    files.forEach(({ name, text }, i) => {
      for (const variant of mutations(text, 17 + i, text.length > 20000 ? 20 : 50)) {
        total++;
        if (checkText(variant, `${name} (mutated)`, text.length < 20000) === 'fast') fastCount++;
      }
    });
    assert.ok(fastCount > total / 10 && fastCount < total, `fast path on ${fastCount} of ${total} variants`);
  });

  test('on generated documents of 70 KB and 1 MB, and typical files', () => {
    for (const size of [70_000, 1_000_000]) {
      const text = generateDocument(size, { plantError: true });
      assert.equal(checkText(text, `generated ${size}`), 'fast');
      for (const variant of mutations(text, size, 25)) checkText(variant, `generated ${size} (mutated)`, size < 100_000);
    }
    for (let i = 0; i < 60; i++) checkText(generateTypicalFile(i), `typical ${i}`);
  });

  test('on edge cases of numbers, strings, keywords, comments and whitespace', () => {
    const cases = [
      '', ' ', '\n', '// only a comment', '/* open', '0', '-0', '-', '01', '1.', '1.5', '.5', '1e5', '1E+5', '1e-5', '1e', '-1.25e-3',
      '123456789012345', '1234567890123456789', '9007199254740993', '1e400', '-1e400',
      'true', 'false', 'null', 'tru', 'truex', 'true/', 'true/*c*/', 'nul', 'NaN', 'Infinity',
      '""', '"a"', '"\\n"', '"\\u00e9"', '"\\uD83D\\uDE00"', '"\\ud800"', '"\\u12"', '"\\x"', '"\\/"', '"a\tb"', '"a\u007fb"', '"\u2028"', '"unterminated',
      '{}', '[]', '{"a":1}', '{"a":1,}', '[1,]', '[,]', '{,}', '{"a"}', '{"a":}', '{"a" 1}', '{"a":1 "b":2}', '{a:1}', "{'a':1}",
      '{"a":1}x', '{"a":1} // trailing comment', '{"a":1}/* c */', '{"a":1}/* c', '/*a*/{/*b*/"a"/*c*/:/*d*/1/*e*/}/*f*/',
      '{"a"://c\n1}', '[1//c\r,2]', '\ufeff{}', '\u00a0{}', '{\r\n"a": [1, 2, {"b": null}]\r\n}', '{\v}', '[1 2]', '[[[[[]]]]]',
      '{"a":{"a":{"a":{}}}}', '{"__proto__": 1, "constructor": {"x": 1}, "toString": [] }', '{"a":1,"a":2,"a":3}',
      '[' + '['.repeat(600) + ']'.repeat(600) + ']',
    ];
    for (const text of cases) checkText(text, JSON.stringify(text));
  });

  test('on arbitrary JSON values, formatted in several ways, with comments', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(0, 2, '\t', '\r\n  '), fc.boolean(), (value, indent, comments) => {
        let text = JSON.stringify(value, null, typeof indent === 'string' && indent.startsWith('\r') ? 1 : indent);
        if (indent === '\r\n  ') text = text.replace(/\n/g, '\r\n');
        if (comments) text = `/* head */ ${text.replace(/,\n/g, ', // note\n')} // tail`;
        const fast = parseTreeFast(text);
        const reference = jsoncTree(text);
        if (reference.errors.length === 0 && !/,\s*(\/\/[^\n]*\n\s*)?[}\]]/.test(text)) assert.ok(fast, `fast path declined valid JSON: ${text.slice(0, 200)}`);
        if (fast) {
          assert.deepEqual(reference.errors, []);
          assertSameTree(fast, reference.root);
        }
      }),
      { numRuns: 400, seed: 42 },
    );
  });

  test('on arbitrary short texts made of JSON characters', () => {
    const chars = fc.constantFrom(...INTERESTING, '1', '2', 'r', 'l', 's', 'f');
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 24 }), (parts) => {
        checkText(parts.join(''), JSON.stringify(parts.join('')));
      }),
      { numRuns: 3000, seed: 7 },
    );
  });
});

/**
 * Positions and offsets of a document (whose line index may have been derived from the previous
 * version's) agree with an independent line index (vscode-languageserver-textdocument's) and with a line index built from scratch.
 */
function assertSameLines(doc: ParsedDocument, text: string, seed: number): void {
  // An independent line index: the one vscode-languageserver-textdocument keeps.
  const reference = TextDocument.create(doc.uri, 'polysync', doc.version, text);
  const fresh = parseDocument(doc.uri, doc.version, text);
  const next = random(seed);
  const offsets = [0, text.length, text.length + 5, -3];
  for (let i = 0; i < 40; i++) offsets.push(Math.floor(next() * (text.length + 1)));
  for (const offset of offsets) {
    const position = reference.positionAt(offset);
    // Between \r and \n both answer the end of the line, as editors do.
    assert.deepEqual(doc.positionAt(offset), position, `positionAt(${offset})`);
    assert.equal(doc.offsetAt(position), fresh.offsetAt(position), `offsetAt(${JSON.stringify(position)})`);
    const beyond = { line: position.line, character: position.character + 1000 };
    assert.equal(doc.offsetAt(beyond), fresh.offsetAt(beyond), `offsetAt(${JSON.stringify(beyond)})`);
    const below = { line: position.line + 1, character: 0 };
    assert.equal(doc.offsetAt(below), fresh.offsetAt(below), `offsetAt(${JSON.stringify(below)})`);
  }
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

// A lone \r typed next to a \n would make a pair an editor cannot split again; the \r\n session covers \r.
const TYPED = INTERESTING.filter((c) => c !== '\r');

/** Edits an editor would send: typing inside values and keys, new lines, pasted blocks, deletions, mistakes. */
function randomEdit(text: string, next: () => number): Edit {
  const at = Math.floor(next() * (text.length + 1));
  const roll = next();
  if (roll < 0.3) {
    // Type a character right after a quote or inside a string, the usual keystroke.
    const quote = text.indexOf('"', at);
    const pos = quote < 0 ? at : quote + 1;
    return { start: pos, end: pos, text: 'abcXYZ_9 '[Math.floor(next() * 9)] };
  }
  if (roll < 0.45) return { start: at, end: Math.min(text.length, at + 1), text: '' };
  if (roll < 0.55) return { start: at, end: at, text: '\n    ' };
  if (roll < 0.65) {
    const digit = text.slice(at).search(/\d/);
    const pos = digit < 0 ? at : at + digit;
    return { start: pos, end: pos + 1, text: String(Math.floor(next() * 10)) };
  }
  if (roll < 0.75) return { start: at, end: at, text: TYPED[Math.floor(next() * TYPED.length)] };
  if (roll < 0.85) return { start: at, end: Math.min(text.length, at + Math.floor(next() * 200)), text: '' };
  if (roll < 0.93) {
    // Paste a property or an item after a comma.
    const comma = text.indexOf(',', at);
    const pos = comma < 0 ? at : comma + 1;
    return { start: pos, end: pos, text: next() < 0.5 ? ' "pasted": {"id": "X", "fields": ["a", {"id": "b"}]},' : ' "Pasted_Object",' };
  }
  return { start: at, end: at, text: ' /* note */ ' };
}

function positionIn(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split(/\r\n|\r|\n/).length - 1;
  const lastBreak = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r'));
  return { line, character: offset - (lastBreak + 1) };
}

function runEditSession(base: string, seed: number, steps: number, withDiagnostics: (step: number) => boolean): { reused: number; steps: number } {
  const next = random(seed);
  const cache = new DocumentCache();
  let document = TextDocument.create('file:///session.polysync.json', 'polysync', 1, base);
  let previous = cache.get(document);
  let reused = 0;
  let lastClean = base;
  for (let step = 0; step < steps; step++) {
    const text = document.getText();
    // Most mistakes (including trailing commas) are fixed soon after, as when a user undoes or finishes a token.
    const back = !isCleanParse(previous) && next() < 0.8 ? findChange(text, lastClean) : undefined;
    const edit = back ? { start: back.start, end: back.oldEnd, text: lastClean.slice(back.start, back.newEnd) } : randomEdit(text, next);
    // A position between \r and \n does not exist for an editor: keep edits off the middle of those pairs.
    const splits = (offset: number) => text[offset - 1] === '\r' && text[offset] === '\n';
    if (splits(edit.start) || splits(edit.end)) continue;
    const range = { start: positionIn(text, edit.start), end: positionIn(text, edit.end) };
    document = TextDocument.update(document, [{ range, text: edit.text }], document.version + 1);
    const newText = document.getText();
    assert.equal(newText, text.slice(0, edit.start) + edit.text + text.slice(edit.end));
    const previousRoot = previous.root;
    const parsed = cache.get(document);
    const reference = jsoncTree(newText);
    if (reference.errors.length === 0) assertSameTree(parsed.root, reference.root, `step ${step}`);
    else assert.deepEqual(parsed.syntaxErrors, reference.errors, `step ${step}: syntax errors`);
    if (previousRoot && parsed.root === previousRoot) reused++;
    if (isCleanParse(parsed)) lastClean = newText;
    // The previous version still answers for its own text, even though its tree moved on.
    if (step % 7 === 0) assertSameTree(previous.root, jsoncTree(text).root, `step ${step}: previous version`);
    if (withDiagnostics(step)) {
      assertSameDiagnostics(parsed, newText, `step ${step}`);
      assertSameLines(parsed, newText, step);
    }
    previous = parsed;
  }
  return { reused, steps };
}

describe('a new version reuses the previous tree, edited in place, with identical results', () => {
  test('finds the smallest change between two texts', () => {
    assert.equal(findChange('abc', 'abc'), undefined);
    assert.deepEqual(findChange('abc', 'abXc'), { start: 2, oldEnd: 2, newEnd: 3 });
    assert.deepEqual(findChange('aaaa', 'aaa'), { start: 3, oldEnd: 4, newEnd: 3 });
    assert.deepEqual(findChange('abc', ''), { start: 0, oldEnd: 3, newEnd: 0 });
    const big = 'x'.repeat(70000);
    assert.deepEqual(findChange(big, big.slice(0, 40000) + 'y' + big.slice(40000)), { start: 40000, oldEnd: 40000, newEnd: 40001 });
    // Among equal characters the change is placed as late as the common prefix allows.
    assert.deepEqual(findChange(big, big + 'x'), { start: 70000, oldEnd: 70000, newEnd: 70001 });
    const varied = generateDocument(100_000);
    assert.deepEqual(findChange(varied, varied.slice(0, 50000) + 'Q' + varied.slice(50001)), { start: 50000, oldEnd: 50001, newEnd: 50001 });
  });

  test('over a long editing session on an example with comments', () => {
    const text = readFileSync(path.join(ROOT, 'examples', 'salesforce-to-snowflake.polysync.json'), 'utf8');
    const { reused } = runEditSession(text, 3, 400, () => true);
    assert.ok(reused > 50, `the tree was reused only ${reused} times`);
  });

  test('over an editing session with \\r\\n line ends', () => {
    const text = readFileSync(path.join(ROOT, 'examples', 'postgres-to-s3.polysync.json'), 'utf8').replace(/\n/g, '\r\n');
    runEditSession(text, 5, 250, () => true);
  });

  test('over an editing session on a generated 70 KB document', () => {
    const { reused } = runEditSession(generateDocument(70_000, { plantError: true }), 11, 150, (step) => step % 5 === 0);
    assert.ok(reused > 30, `the tree was reused only ${reused} times`);
  });

  test('typing a value character by character in a 1 MB document keeps every result identical', () => {
    const cache = new DocumentCache();
    const base = generateDocument(1_000_000, { plantError: true });
    let document = TextDocument.create('file:///big.polysync.json', 'polysync', 1, base);
    const first = cache.get(document);
    const firstRoot = first.root;
    validateDocument(first); // builds the line index the next versions derive theirs from
    const at = base.indexOf('"Field_00500_12__c"') + 5;
    const word = 'Renamed';
    for (let i = 0; i <= word.length; i++) {
      const text = document.getText();
      const position = positionIn(text, at + i);
      const change = i < word.length ? { range: { start: position, end: position }, text: word[i] } : { range: { start: positionIn(text, at), end: positionIn(text, at + i) }, text: '' };
      document = TextDocument.update(document, [change], document.version + 1);
      const parsed = cache.get(document);
      assert.equal(parsed.root, firstRoot, 'the tree is reused');
      if (i === 3 || i === word.length) {
        assertSameTree(parsed.root, jsoncTree(document.getText()).root);
        assertSameDiagnostics(parsed, document.getText(), `after ${i} characters`);
        assertSameLines(parsed, document.getText(), i);
      }
    }
    assert.equal(document.getText(), base);
  });
});
