// Formatting: whole document and ranges, comments kept, indentation as asked, idempotent, and the
// parsed value never changes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { createScanner, parse as parseJsonc } from 'jsonc-parser';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDocument } from '../../server/src/service/document/document';
import { format, type FormatOptions } from '../../server/src/service/format';

const URI = 'file:///t.polysync.json';
const SPACES2: FormatOptions = { tabSize: 2, insertSpaces: true };

function formatted(text: string, options: FormatOptions = SPACES2, range?: { start: { line: number; character: number }; end: { line: number; character: number } }): string {
  const edits = format(parseDocument(URI, 1, text), range, options);
  return TextDocument.applyEdits(TextDocument.create(URI, 'json', 1, text), edits);
}

function comments(text: string): string[] {
  const out: string[] = [];
  const scanner = createScanner(text, false);
  for (let kind = scanner.scan() as number; kind !== 17; kind = scanner.scan() as number) {
    if (kind === 12 || kind === 13) out.push(text.slice(scanner.getTokenOffset(), scanner.getTokenOffset() + scanner.getTokenLength()));
  }
  return out;
}

const MESSY = `{"name":"CRM",   // the name
"mode":"replicate",
    /* schedule */ "default_schedule":{"frequency":"daily","hour":"2","minute":"30"},
"schemas":["Account",{"id":"Contact","fields":["Id"]}]}
`;

describe('formatting a document', () => {
  test('lays out a messy document with two spaces, keeping every comment', () => {
    assert.equal(
      formatted(MESSY),
      `{
  "name": "CRM", // the name
  "mode": "replicate",
  /* schedule */ "default_schedule": {
    "frequency": "daily",
    "hour": "2",
    "minute": "30"
  },
  "schemas": [
    "Account",
    {
      "id": "Contact",
      "fields": [
        "Id"
      ]
    }
  ]
}
`,
    );
  });

  test('honours tabs and tab size', () => {
    const tabs = formatted(MESSY, { tabSize: 4, insertSpaces: false });
    assert.match(tabs, /\n\t"mode": "replicate",\n/);
    assert.match(tabs, /\n\t\t"frequency": "daily",\n/);
    const four = formatted(MESSY, { tabSize: 4, insertSpaces: true });
    assert.match(four, /\n {4}"mode": "replicate",\n/);
    assert.match(four, /\n {8}"frequency": "daily",\n/);
  });

  test('keeps the line endings and the final newline the file has', () => {
    const crlf = formatted('{"a": 1,\r\n"b": 2}\r\n');
    assert.equal(crlf, '{\r\n  "a": 1,\r\n  "b": 2\r\n}\r\n');
    assert.equal(formatted('{"a":1}'), '{\n  "a": 1\n}');
  });

  test('is idempotent on the examples', () => {
    const examples = path.resolve(__dirname, '..', '..', 'examples');
    for (const name of ['salesforce-to-snowflake.polysync.json', 'postgres-to-s3.polysync.json', 'hubspot-to-postgres.polysync.json']) {
      const once = formatted(readFileSync(path.join(examples, name), 'utf8'));
      assert.deepEqual(format(parseDocument(URI, 2, once), undefined, SPACES2), [], `${name} changes on a second format`);
    }
  });

  test('formats a range without touching the lines outside it', () => {
    const text = '{\n"a":   1,\n"b":{"c":2},\n"d":    3\n}';
    const out = formatted(text, SPACES2, { start: { line: 2, character: 0 }, end: { line: 2, character: 11 } });
    const lines = out.split('\n');
    assert.equal(lines[1], '"a":   1,');
    assert.match(out, /"b": \{\n\s+"c": 2\n\s*\},\n"d":    3/);
  });

  test('garbage in, no crash and no change to its tokens', () => {
    for (const text of ['', '   ', '{', '}}}', '{"a": [1, 2', '"unterminated', '/* open comment', '{"a":1}{"b":2}']) {
      const out = formatted(text);
      assert.equal(out.replace(/\s+/g, ''), text.replace(/\s+/g, ''), `tokens changed for ${JSON.stringify(text)}`);
    }
  });
});

describe('formatting properties', () => {
  /** Compact JSON for a value, with comments sprinkled between tokens and random spacing. */
  const documents = fc
    .tuple(fc.jsonValue({ maxDepth: 4 }), fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 50 }))
    .map(([value, choices]) => {
      const compact = JSON.stringify({ wrapped: value });
      const scanner = createScanner(compact, true);
      let out = '';
      let cursor = 0;
      let i = 0;
      for (let kind = scanner.scan() as number; kind !== 17; kind = scanner.scan() as number) {
        const end = scanner.getTokenOffset() + scanner.getTokenLength();
        out += compact.slice(cursor, end);
        cursor = end;
        const choice = choices[i++ % choices.length];
        if (choice === 1) out += ' /* c */ ';
        else if (choice === 2) out += ' // line\n';
        else if (choice === 3) out += '\n\t  ';
      }
      return out + compact.slice(cursor);
    });

  test('never changes the parsed value, keeps every comment, and is idempotent', () => {
    fc.assert(
      fc.property(documents, fc.integer({ min: 1, max: 8 }), fc.boolean(), (text, tabSize, insertSpaces) => {
        const options = { tabSize, insertSpaces };
        const out = formatted(text, options);
        assert.deepEqual(parseJsonc(out), parseJsonc(text));
        assert.deepEqual(comments(out), comments(text));
        assert.deepEqual(format(parseDocument(URI, 2, out), undefined, options), []);
        const unit = insertSpaces ? ' '.repeat(tabSize) : '\t';
        for (const line of out.split('\n')) {
          const indent = /^[ \t]*/.exec(line)![0];
          assert.equal(indent, unit.repeat(indent.length / unit.length), `indentation ${JSON.stringify(indent)} is not made of ${JSON.stringify(unit)}`);
        }
      }),
      { numRuns: 200, seed: 918 },
    );
  });
});
