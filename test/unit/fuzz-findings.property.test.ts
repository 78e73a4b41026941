// Inputs the property suites found, kept as plain examples so each fix stays fixed whatever seed
// the suites run with.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse as parseJsonc } from 'jsonc-parser';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionItem, Position, TextEdit } from 'vscode-languageserver-types';
import { complete } from '../../server/src/service/completion/complete';
import { MAX_NESTING, type ParsedDocument, parseDocument } from '../../server/src/service/document/document';
import { foldingRanges } from '../../server/src/service/folding';
import { format } from '../../server/src/service/format';
import { hover } from '../../server/src/service/hover';
import { documentSymbols } from '../../server/src/service/symbols';
import { validateDocument } from '../../server/src/service/diagnostics/validate';
import { Lines, significantTokens } from '../fuzz/oracle';
import { createGuard } from '../../server/src/lsp/guard';

const URI = 'file:///finding.polysync.json';
const doc = (text: string) => parseDocument(URI, 1, text);
const apply = (text: string, edits: TextEdit[]) => TextDocument.applyEdits(TextDocument.create(URI, 'polysync', 1, text), edits);

describe('positions past the end of a line', () => {
  test('mean the end of that line, not the start of the next (as LSP says)', () => {
    const parsed = doc('{\n  "name": "x"\n}');
    assert.equal(parsed.offsetAt({ line: 0, character: 2 }), 1);
    assert.equal(parsed.offsetAt({ line: 1, character: 99 }), 15);
    const crlf = doc('{\r\n}');
    assert.equal(crlf.offsetAt({ line: 0, character: 3 }), 1);
  });
});

describe('offsets between \\r and \\n', () => {
  test('map to the end of the line, as editors count it', () => {
    const parsed = doc('{\r\n}');
    assert.deepEqual(parsed.positionAt(2), { line: 0, character: 1 });
    assert.deepEqual(parsed.positionAt(3), { line: 1, character: 0 });
  });

  test('so a string cut off by a backslash before CRLF has a range editors accept', () => {
    const text = '{\r\n  "a": "x\\\r\n  "b": 1\r\n}';
    const lines = new Lines(text);
    for (const d of validateDocument(doc(text)) ?? []) {
      assert.ok(lines.isValid(d.range.start) && lines.isValid(d.range.end), `${d.message} at ${JSON.stringify(d.range)}`);
    }
  });
});

describe('a syntax error at the very end of a CRLF document', () => {
  test('is shown on the last character, not between \\r and \\n', () => {
    const text = '{\r\n  "name": "x",\r\n';
    const lines = new Lines(text);
    const diagnostics = validateDocument(doc(text)) ?? [];
    assert.ok(diagnostics.length > 0);
    for (const d of diagnostics) {
      assert.ok(lines.isValid(d.range.start) && lines.isValid(d.range.end), `${d.message} at ${JSON.stringify(d.range)}`);
    }
    const last = diagnostics.find((d) => d.code === 'PS001' && d.range.start.line === 1);
    assert.deepEqual(last?.range, { start: { line: 1, character: 13 }, end: { line: 1, character: 14 } });
  });
});

describe('formatting', () => {
  test('does not join an unterminated string with the next line', () => {
    // jsonc-parser would remove the line break after "x and so close the string at the next quote.
    const text = '{\n  "a": "x\n  "b": 1\n}';
    const out = apply(text, format(doc(text), undefined, { tabSize: 2, insertSpaces: true }));
    assert.deepEqual(significantTokens(out), significantTokens(text));
  });

  test('indents a line at exactly 200 columns (jsonc-parser gives no text for it)', () => {
    const text = `{"a": ${'['.repeat(99)}1${']'.repeat(99)}}`;
    const edits = format(doc(text), undefined, { tabSize: 2, insertSpaces: true });
    assert.ok(edits.every((e) => typeof e.newText === 'string'));
    const out = apply(text, edits);
    assert.deepEqual(parseJsonc(out), parseJsonc(text));
    assert.ok(out.split('\n').some((line) => line === `${' '.repeat(200)}1`), 'the innermost value sits at column 200');
    assert.deepEqual(format(parseDocument(URI, 2, out), undefined, { tabSize: 2, insertSpaces: true }), [], 'and formatting again changes nothing');
  });

  test('ends with the line break the text starts with, so formatting twice changes nothing', () => {
    // jsonc-parser writes the first line break it finds (here a lone \r) for every line break.
    for (const text of ['\r//\n', '{"a": 1}\r', '\r\n{"a": [1,\n2]}\n']) {
      const options = { tabSize: 2, insertSpaces: true };
      const once = apply(text, format(doc(text), undefined, options));
      assert.deepEqual(format(parseDocument(URI, 2, once), undefined, options), [], JSON.stringify(text));
    }
  });

  test('a range whose lines start or end inside a block comment leaves the comment\'s text alone', () => {
    // jsonc-parser reads a range from its first line's start: here that is inside the comment opened
    // on line 1, whose text it would take for JSON and respace ("a":2 -> "a": 2).
    const text = '{\n  "a":1, /* was:\n  "a":2,\n  */ "b":3\n}';
    const options = { tabSize: 2, insertSpaces: true };
    const line = (n: number) => ({ start: { line: n, character: 0 }, end: { line: n, character: 99 } });
    assert.deepEqual(format(doc(text), line(2), options), [], 'a line wholly inside the comment');
    // As the whole document is formatted: "b" on a line of its own, after the comment.
    assert.equal(apply(text, format(doc(text), line(3), options)), '{\n  "a":1, /* was:\n  "a":2,\n  */\n  "b": 3\n}', 'the code after the comment on its last line');
    assert.equal(apply(text, format(doc(text), line(1), options)), '{\n  "a": 1, /* was:\n  "a":2,\n  */ "b":3\n}', 'a line that ends inside the comment');
    assert.equal(apply(text, format(doc(text), { start: { line: 2, character: 0 }, end: { line: 3, character: 0 } }, options)), text, 'a range that ends where the comment goes on');
  });

  test('leaves text alone whose indentation would grow quadratically', () => {
    // 3000 levels: formatting would add about 36 million spaces.
    const text = `{"a": ${'['.repeat(2900)}${']'.repeat(2900)}}`;
    assert.deepEqual(format(doc(text), undefined, { tabSize: 8, insertSpaces: true }), []);
    const moderate = `{"a": ${'['.repeat(300)}${']'.repeat(300)}}`;
    assert.ok(format(doc(moderate), undefined, { tabSize: 2, insertSpaces: true }).length > 0, 'moderately deep text is still formatted');
  });
});

describe('completion', () => {
  test('a comma due where the replaced text starts is part of the main edit, not a touching extra edit', () => {
    const text = '{\n  "name": "x",\n  "mode": "snapshot",\n  "source_conne: "0b6a7c3e-5d21-4f8a-9c4e-2a1f7e3b9d10",\n  "active": true\n}';
    const parsed = doc(text);
    const position: Position = { line: 3, character: 20 };
    const items = complete(parsed, position).items;
    assert.ok(items.length > 0);
    for (const item of items) {
      const main = item.textEdit as TextEdit;
      for (const extra of item.additionalTextEdits ?? []) {
        const start = parsed.offsetAt(main.range.start);
        const at = parsed.offsetAt(extra.range.start);
        assert.ok(at < start || at > parsed.offsetAt(main.range.end), `${item.label}: an extra edit at ${at} touches the main edit from ${start}`);
      }
    }
    const schema = items.find((i: CompletionItem) => i.label === '$schema');
    assert.ok((schema?.textEdit as TextEdit).newText.startsWith(','), 'the comma comes first in the main edit');
  });
});

describe('completion in a string continued by a backslash onto the next line', () => {
  test('replaces only on the cursor line (LSP allows no multi-line completion edit)', () => {
    const text = '{\n  "name": "Salesforce to Snowflak\\\n.5  "mode": "replicate"\n}';
    const position: Position = { line: 1, character: 11 };
    const items = complete(doc(text), position).items;
    assert.ok(items.length > 0);
    for (const item of items) {
      const range = (item.textEdit as TextEdit).range;
      assert.equal(range.start.line, 1, item.label);
      assert.equal(range.end.line, 1, item.label);
    }
  });
});

describe(`nesting deeper than ${MAX_NESTING} levels`, () => {
  const nested = (levels: number) => `{"name": ${'['.repeat(levels - 1)}${']'.repeat(levels - 1)}}`;

  test('is reported once, at the bracket that goes too deep, and nothing else runs', () => {
    const text = nested(MAX_NESTING + 1);
    const parsed = doc(text);
    const diagnostics = validateDocument(parsed) ?? [];
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].code, 'PS006');
    assert.match(String(diagnostics[0].message), /nested more than 1000 levels deep/);
    assert.equal(parsed.offsetAt(diagnostics[0].range.start), 9 + MAX_NESTING - 1, 'on the 1001st opening bracket');
    assert.equal(parsed.root, undefined);
    assert.deepEqual(complete(parsed, { line: 0, character: 100 }).items, []);
    assert.equal(hover(parsed, { line: 0, character: 3 }), null);
    assert.deepEqual(documentSymbols(parsed), []);
    assert.deepEqual(format(parsed, undefined, { tabSize: 2, insertSpaces: true }), []);
    assert.ok(Array.isArray(foldingRanges(parsed)));
  });

  test('up to the limit is checked as usual', () => {
    const diagnostics = validateDocument(doc(nested(MAX_NESTING))) ?? [];
    assert.ok(!diagnostics.some((d) => d.code === 'PS006'));
    assert.ok(diagnostics.some((d) => d.code === 'PS102'), 'name is reported as the wrong type');
  });

  test('broken text many thousands of levels deep gives the same one diagnostic, never a stack overflow', () => {
    for (const text of ['[{"b":['.repeat(5000), `{"a": ${'{"a": 1]'.repeat(4000)}`, '['.repeat(100_000)]) {
      const diagnostics = validateDocument(doc(text)) ?? [];
      assert.deepEqual(diagnostics.map((d) => d.code), ['PS006'], text.slice(0, 40));
    }
  });
});

describe('the adapter\'s guard is where a feature\'s bug surfaces', () => {
  test('an error inside completion reaches the guard, which logs its stack and answers empty', () => {
    const logged: string[] = [];
    const guarded = createGuard((line) => logged.push(line));
    // A document without its text makes completion fail inside; nothing in the service hides it. (Its
    // line index is built first, from the real text: the failure is then completion's own.)
    const whole = doc('{}');
    whole.positionAt(0);
    const broken = Object.create(whole, { text: { value: undefined } }) as ParsedDocument;
    assert.throws(() => complete(broken, { line: 0, character: 1 }), TypeError);
    assert.equal(guarded('Completion', 'file:///x.polysync.json', null, undefined, () => complete(broken, { line: 0, character: 1 })), null);
    assert.equal(logged.length, 1);
    assert.match(logged[0], /^Completion failed for file:\/\/\/x\.polysync\.json: TypeError/);
    assert.match(logged[0], /completion\/context\.ts/, 'with its stack');
  });

  test('a cancelled request is answered as cancelled, before or after the work', () => {
    const guarded = createGuard(() => assert.fail('nothing is logged'));
    let ran = 0;
    const before = guarded('Hover', 'u', null, { isCancellationRequested: true }, () => ++ran);
    assert.equal(ran, 0);
    assert.equal((before as { code?: number }).code, -32800);
    const token = { isCancellationRequested: false };
    const after = guarded('Hover', 'u', null, token, () => {
      token.isCancellationRequested = true;
      return ++ran;
    });
    assert.equal(ran, 1);
    assert.equal((after as { code?: number }).code, -32800);
  });
});
