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
import { changedNodes, DocumentCache, isCleanParse, parseDocument, type ParsedDocument, propertyNode, propertyValue } from '../../server/src/service/document/document';
import { parseTreeFast } from '../../server/src/service/document/fastParse';
import { StoredDocument } from '../../server/src/service/document/storedDocument';
import { findChange, latestEdit, unchangedSince } from '../../server/src/service/document/treeEdit';
import { validateDocument } from '../../server/src/service/diagnostics/validate';
import { reuseCounts } from '../../server/src/service/diagnostics/incremental';
import type { RuleSettings } from '../../server/src/service/diagnostics/config';
import type { AccountSnapshot } from '../../server/src/service/account/snapshot';
import { LanguageService } from '../../server/src/service/languageService';
import { IDS } from '../sandbox/fixtures';
import { sandboxSnapshot, unknownSnapshot } from './account-fixtures';
import { generateDocument, generateTypicalFile, random } from '../bench/generate';

const ROOT = path.resolve(__dirname, '..', '..');
const OPTIONS = { disallowComments: false, allowTrailingComma: true, allowEmptyContent: true };

function jsoncTree(text: string): { root: Node | undefined; errors: ParseError[] } {
  const errors: ParseError[] = [];
  return { root: parseTree(text, errors, OPTIONS), errors };
}

/** Every field of jsonc-parser's Node. */
const NODE_FIELDS = ['type', 'offset', 'length', 'parent', 'value', 'children', 'colonOffset'];

/** Deep comparison of two trees on every field jsonc-parser sets, which fields they have, and parent links. */
function assertSameTree(actual: Node | undefined, expected: Node | undefined, where = '$'): void {
  // Plain comparisons with one assert on failure: trees of megabyte documents have 100,000s of nodes.
  const problem = treeDifference(actual, expected, where);
  if (problem) assert.fail(problem);
}

function treeDifference(actual: Node | undefined, expected: Node | undefined, where: string): string | undefined {
  if (expected === undefined || actual === undefined) return actual === expected ? undefined : `${where}: one tree is missing`;
  // The fast parser's nodes read `offset` and `colonOffset` through accessors (treeNodes.ts): what must
  // match is which of jsonc-parser's fields a node has, own or inherited, and that there are no others.
  const unknown = Object.keys(expected).filter((key) => !NODE_FIELDS.includes(key));
  if (unknown.length > 0) return `${where}: jsonc-parser's node has fields ${unknown.join()} this comparison does not know`;
  const actualKeys = NODE_FIELDS.filter((key) => key in actual).join();
  const expectedKeys = NODE_FIELDS.filter((key) => key in expected).join();
  if (actualKeys !== expectedKeys) return `${where}: fields ${actualKeys} vs ${expectedKeys}`;
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

// ---- the incremental check -------------------------------------------------------------------------
// After an edit, what the schema walk and the rules found in parts of the tree the edit left alone is
// reported again instead of found afresh (diagnostics/incremental.ts). These sessions make the edits
// that could leave such a result stale, and compare every check with a fresh check of the same text.

/** The generated document, with the sandbox's connections so that the account checks have work. */
function accountReadyDocument(size: number, crlf = false): string {
  const text = generateDocument(size, { plantError: true })
    .replace(/"source_connection_id": "[^"]*"/, `"source_connection_id": "${IDS.salesforce}"`)
    .replace(/"destination_connection_id": "[^"]*"/, `"destination_connection_id": "${IDS.snowflake}"`);
  return crlf ? text.replace(/\n/g, '\r\n') : text;
}

/** Every match of `pattern` in `text`: [offset, matched text, groups...]. */
function matchesOf(text: string, pattern: RegExp): RegExpExecArray[] {
  return [...text.matchAll(new RegExp(pattern.source, 'g'))];
}

function pickOf<T>(list: readonly T[], next: () => number): T | undefined {
  return list.length === 0 ? undefined : list[Math.floor(next() * list.length)];
}

/** A replacement of `match`'s group 1 (or the whole match) by `text`. */
function replaceGroup(match: RegExpExecArray, text: string): Edit {
  const whole = match.index!;
  const start = match[1] === undefined ? whole : whole + match[0].indexOf(match[1]);
  return { start, end: start + (match[1] ?? match[0]).length, text };
}

const FUNCTIONS_TO_TRY = ['Equality', 'IsNotNull', 'Equals', 'IsNull', 'StringOneOf', 'GreaterThan'];

/**
 * Edits aimed at what the incremental check keeps: ids made equal to a far item's (same length, so no
 * offset moves), digits flipped, fields listed twice, items inserted and removed, keys renamed (same
 * length), filter functions and values changed (which changes which schema branch applies), lines and
 * comments added above findings that cite lines, suppression comments added and removed.
 */
function targetedEdit(text: string, next: () => number): Edit | undefined {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  switch (Math.floor(next() * 12)) {
    case 0: {
      // A schema id made equal to another item's: same length, a duplicate far away (PS209 cites its line).
      const ids = matchesOf(text, /"id": "(Custom_\d{5}__c)"/);
      const a = pickOf(ids, next);
      const b = pickOf(ids, next);
      return a && b ? replaceGroup(a, b[1]) : undefined;
    }
    case 1: {
      // One digit of an id or a number changed in place: the same length, every offset kept.
      const digits = matchesOf(text, /_(\d)\d*_/);
      const m = pickOf(digits, next);
      return m ? replaceGroup(m, String(Math.floor(next() * 10))) : undefined;
    }
    case 2: {
      // A field listed twice in its item (the array is read again: its items are new nodes).
      const lists = matchesOf(text, /"fields": \[\s*("[^"]*")/);
      const m = pickOf(lists, next);
      if (!m) return undefined;
      const at = m.index! + m[0].indexOf(m[1]);
      return { start: at, end: at, text: `${m[1]}, ` };
    }
    case 3: {
      // An item inserted at the top of `schemas`, or a string item removed.
      if (next() < 0.5) {
        const m = /"schemas": \[/.exec(text);
        return m ? { start: m.index + m[0].length, end: m.index + m[0].length, text: `${eol}    "${next() < 0.5 ? 'Account' : 'Inserted_Object'}",` } : undefined;
      }
      const items = matchesOf(text, /\n {4}"[A-Za-z_0-9]+",\r?(?=\n)/);
      const m = pickOf(items, next);
      return m ? { start: m.index!, end: m.index! + m[0].length, text: '' } : undefined;
    }
    case 4: {
      // A key renamed in place (same length): unknown property, missing property, different schema.
      const pairs: [RegExp, string][] = [[/"(filters)"/, 'filterz'], [/"(filterz)"/, 'filters'], [/"(field_id)"/, 'field_ix'], [/"(field_ix)"/, 'field_id'], [/"(id)": "Custom/, 'ix'], [/"(ix)": "Custom/, 'id'], [/"(fields)"/, 'fieldz'], [/"(fieldz)"/, 'fields']];
      const [pattern, to] = pickOf(pairs, next)!;
      const m = pickOf(matchesOf(text, pattern), next);
      return m ? replaceGroup(m, to) : undefined;
    }
    case 5: {
      // A filter's function changed: valid, invalid (PS104), with or without a value (PS217, PS218).
      const m = pickOf(matchesOf(text, /"function": "(\w+)"/), next);
      return m ? replaceGroup(m, pickOf(FUNCTIONS_TO_TRY, next)!) : undefined;
    }
    case 6: {
      // A value of another type: the schema branch and the rules' view of the filter change.
      const m = pickOf(matchesOf(text, /"value": ("[^"]*"|\d+|null|\[[^\]]*\])/), next);
      return m ? replaceGroup(m, pickOf(['"2024-01-01T00:00:00Z"', '12', 'null', '["open", "pending"]', '{}', 'true'], next)!) : undefined;
    }
    case 7: {
      // A field item turned into its object form and back.
      if (next() < 0.5) {
        const m = pickOf(matchesOf(text, /"fields": \[\s*("[A-Za-z_0-9]+")/), next);
        return m ? replaceGroup(m, `{ "id": ${m[1]}, "obfuscate": true }`) : undefined;
      }
      const m = pickOf(matchesOf(text, /\{ "id": ("[A-Za-z_0-9]+"), "obfuscate": true \}/), next);
      return m ? replaceGroup(m, m[1]) : undefined;
    }
    case 8: {
      // Lines added or removed above findings that cite line numbers (the text of PS109 and PS209).
      const lines = matchesOf(text, /\n( *)"/);
      const m = pickOf(lines, next);
      if (!m) return undefined;
      const at = m.index! + 1;
      return next() < 0.5 ? { start: at, end: at, text: `${m[1]}// a note${eol}` } : { start: at, end: at, text: `${m[1]}/* two${eol}lines */${eol}` };
    }
    case 9: {
      // A comment or blank line removed.
      const m = pickOf(matchesOf(text, /\n *(\/\/[^\n]*|\/\*[^*]*\*\/)\r?(?=\n)/), next);
      return m ? { start: m.index!, end: m.index! + m[0].length, text: '' } : undefined;
    }
    case 10: {
      // A suppression comment above the planted error, or on a random line (which may silence nothing: PS007).
      const planted = /\n( *)"function": "Equals"/.exec(text);
      const lines = matchesOf(text, /\n( *)"/);
      const m = planted && next() < 0.6 ? planted : pickOf(lines, next);
      if (!m) return undefined;
      const at = m.index! + 1;
      const codes = pickOf(['PS104', '', 'PS104, PS213', 'PS209', 'PS999'], next)!;
      return { start: at, end: at, text: `${m[1]}// polysync-disable-next-line ${codes}${eol}` };
    }
    default: {
      // A key duplicated in an item (PS109 cites the first one's line).
      const m = pickOf(matchesOf(text, /\{\r?\n( *)"id": ("[^"]*"),/), next);
      if (!m) return undefined;
      const at = m.index! + m[0].length;
      return { start: at, end: at, text: `${eol}${m[1]}"id": ${m[2]},` };
    }
  }
}

const RULE_SETTINGS: (RuleSettings | undefined)[] = [
  undefined,
  new Map([['PS104', 'off']]),
  new Map([['PS209', 'error'], ['PS213', 'info']]),
  new Map([['PS109', 'off'], ['PS007', 'warning']]),
];

/** The account as it may be known, changing between checks (a new snapshot object each time). */
function accountFor(next: () => number): AccountSnapshot | undefined {
  switch (Math.floor(next() * 5)) {
    case 0:
      return undefined;
    case 1:
      return sandboxSnapshot();
    case 2:
      return sandboxSnapshot({ withFields: false });
    case 3:
      return unknownSnapshot('loading');
    default:
      return sandboxSnapshot({ sources: new Map() });
  }
}

/**
 * An editing session through the server's path (StoredDocument, LanguageService), comparing every check
 * with a fresh check of the same text; some versions are skipped (never checked) or their check is
 * cancelled part-way, as happens while typing fast.
 */
function runIncrementalSession(base: string, seed: number, steps: number): { checks: number; reusedTree: number } {
  const next = random(seed);
  const service = new LanguageService();
  const uri = 'file:///incremental.polysync.json';
  let document = StoredDocument.create(uri, 'polysync', 1, base);
  let lastClean = base;
  let checks = 0;
  let reusedTree = 0;
  let previousRoot = service.parse(document).root;
  for (let step = 0; step < steps; step++) {
    const text = document.getText();
    const clean = isCleanParse(service.parse(document));
    const back = !clean && next() < 0.8 ? findChange(text, lastClean) : undefined;
    const edit = back
      ? { start: back.start, end: back.oldEnd, text: lastClean.slice(back.start, back.newEnd) }
      : next() < 0.75
        ? targetedEdit(text, next)
        : randomEdit(text, next);
    if (!edit) continue;
    const splits = (offset: number) => text[offset - 1] === '\r' && text[offset] === '\n';
    if (splits(edit.start) || splits(edit.end)) continue;
    const range = { start: document.positionAt(edit.start), end: document.positionAt(edit.end) };
    document = StoredDocument.update(document, [{ range, text: edit.text }], document.version + 1);
    const newText = document.getText();
    assert.equal(newText, text.slice(0, edit.start) + edit.text + text.slice(edit.end));
    const roll = next();
    // Some versions are only parsed (as for a hover), some not even that: the next check spans several edits.
    if (roll < 0.1) continue;
    const parsed = service.parse(document);
    if (parsed.root && parsed.root === previousRoot) reusedTree++;
    previousRoot = parsed.root;
    if (isCleanParse(parsed)) lastClean = newText;
    if (roll < 0.2) continue;
    const account = accountFor(next);
    const rules = pickOf(RULE_SETTINGS, next);
    if (roll < 0.3) {
      // A check cancelled part-way: what it had kept must not leak into the next one.
      let polls = Math.floor(next() * 3);
      const token = { get isCancellationRequested() { return polls-- <= 0; } };
      service.diagnostics(document, token, account, rules);
    }
    const incremental = service.diagnostics(document, undefined, account, rules);
    const fresh = validateDocument(parseDocument(uri, document.version, newText), { account, rules });
    assert.deepEqual(incremental, fresh, `step ${step} (seed ${seed}): the incremental check differs from a fresh one`);
    checks++;
  }
  return { checks, reusedTree };
}

describe('the incremental check gives exactly what a fresh check gives', () => {
  test('an edit marks exactly the nodes it changed in place, same-length edits too', () => {
    const cache = new DocumentCache();
    const text = generateDocument(30_000, { plantError: true });
    const first = StoredDocument.create('file:///marks.polysync.json', 'polysync', 1, text);
    const before = cache.get(first);
    const root = before.root!;
    assert.equal(changedNodes(before), undefined, 'a fresh parse has no previous tree');
    const items = propertyValue(root, 'schemas')!.children!;
    const edited = items.findIndex((item) => item.type === 'object');
    const idNode = propertyValue(items[edited], 'id')!;
    const since = latestEdit();
    // Same length: the digit of the id changes, no offset moves.
    const at = idNode.offset + 8;
    const second = StoredDocument.update(first, [{ range: { start: first.positionAt(at), end: first.positionAt(at + 1) }, text: text[at] === '9' ? '8' : '9' }], 2);
    const after = cache.get(second);
    assert.equal(after.root, root, 'the tree is reused');
    const changed = changedNodes(after)!;
    assert.equal(changed[0], idNode, 'the re-read node comes first');
    assert.equal(changed[changed.length - 1], root, 'then its ancestors up to the root');
    assert.ok(changed.includes(items[edited]) && changed.includes(propertyValue(root, 'schemas')!));
    for (const node of changed) assert.equal(unchangedSince(node, since), false);
    const other = items.find((item, i) => i !== edited && item.type === 'object')!;
    assert.equal(unchangedSince(other, since), true, 'an item the edit did not touch is unchanged');
    // A key re-read: everything under its value now has another path, so it counts as changed.
    const key = propertyNode(items[edited], 'fields')!.children![0];
    const fieldsSince = latestEdit();
    const third = StoredDocument.update(second, [{ range: { start: second.positionAt(key.offset + 2), end: second.positionAt(key.offset + 3) }, text: 'X' }], 3);
    cache.get(third);
    const fields = propertyValue(items[edited], 'fXelds');
    assert.ok(fields && fields.type === 'array');
    assert.equal(unchangedSince(fields, fieldsSince), false, 'the value under a renamed key counts as changed');
  });

  test('over editing sessions aimed at what it keeps (70 KB, with the account and rule settings changing)', () => {
    const counts = { ...reuseCounts };
    const base = accountReadyDocument(40_000);
    const { checks, reusedTree } = runIncrementalSession(base, 101, 260);
    assert.ok(checks > 120, `only ${checks} checks compared`);
    assert.ok(reusedTree > 80, `the tree was reused only ${reusedTree} times`);
    // The comparison is only worth something if results were actually reported again.
    assert.ok(reuseCounts.schemaWalk - counts.schemaWalk > 1000, 'the schema walk reused nothing');
    // (Items are looked up one by one only when the array's results cannot be brought up to date from the edit log, after a key is renamed for instance.)
    assert.ok(reuseCounts.items - counts.items > 100, 'the rules reused no item');
    assert.ok(reuseCounts.arrays - counts.arrays > 10, 'the rules never reused the whole schemas array');
    assert.ok(reuseCounts.arrayUpdates - counts.arrayUpdates > 10, 'the rules never brought the schemas array\'s results up to date from the changed items');
  });

  test('over an editing session with \\r\\n line ends', () => {
    const { checks } = runIncrementalSession(accountReadyDocument(25_000, true), 202, 160);
    assert.ok(checks > 80, `only ${checks} checks compared`);
  });

  test('over an editing session on an example with comments', () => {
    const text = readFileSync(path.join(ROOT, 'examples', 'salesforce-to-snowflake.polysync.json'), 'utf8');
    runIncrementalSession(text, 303, 200);
  });
});
