// Outline, folding, smart selection and inlay hints over parsed documents.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { DocumentSymbol, Position, Range, SelectionRange } from 'vscode-languageserver-types';
import { parseDocument } from '../../server/src/service/document/document';
import { foldingRanges } from '../../server/src/service/folding';
import { inlayHints } from '../../server/src/service/inlayHints';
import { selectionRanges } from '../../server/src/service/selection';
import { documentSymbols } from '../../server/src/service/symbols';
import { withMarkers } from './markers';

const EXAMPLES = path.resolve(__dirname, '..', '..', 'examples');
const doc = (text: string) => parseDocument('file:///t.polysync.json', 1, text);
const example = (name: string) => readFileSync(path.join(EXAMPLES, name), 'utf8');

const SYNC = `{
  "name": "CRM nightly",
  "mode": "replicate",
  "source_connection_id": "0b6a7c3e-5d21-4f8a-9c4e-2a1f7e3b9d10",
  "destination_connection_id": "a2b4c6d8-1e3f-4a5b-8c7d-9e0f1a2b3c80",
  "destination_configuration": { "schema": "crm", "advanced": { "table_prefix": "sf_" } },
  "default_schedule": { "frequency": "daily", "hour": "2", "minute": "30" },
  "additional_schedules": [
    { "frequency": "continuous", "selective_mode": "incrementalFields" },
    { "frequency": "weekly", "day_of_week": "sunday", "hour": "3", "minute": "0", "resync_mode": "refetch", "schemas": ["Contact"] }
  ],
  "schemas": [
    "Account",
    { "id": "Contact", "fields": ["Id", "Email"], "filters": [{ "field_id": "Email", "function": "IsNotNull" }] },
    { "enabled": false }
  ]
}`;

function contains(outer: Range, inner: Range): boolean {
  const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

function walk(symbols: DocumentSymbol[], visit: (s: DocumentSymbol, parent?: DocumentSymbol) => void, parent?: DocumentSymbol): void {
  for (const s of symbols) {
    visit(s, parent);
    walk(s.children ?? [], visit, s);
  }
}

describe('document symbols', () => {
  const symbols = documentSymbols(doc(SYNC));
  const byName = (list: DocumentSymbol[] | undefined, name: string) => list?.find((s) => s.name === name);

  test('one symbol per top-level property, in document order', () => {
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['name', 'mode', 'source_connection_id', 'destination_connection_id', 'destination_configuration', 'default_schedule', 'additional_schedules', 'schemas'],
    );
  });

  test('scalars show their value; the default schedule shows itself in words', () => {
    assert.equal(byName(symbols, 'name')?.detail, 'CRM nightly');
    assert.equal(byName(symbols, 'mode')?.detail, 'replicate');
    assert.equal(byName(symbols, 'source_connection_id')?.detail, '0b6a7c3e-5d21-4f8a-9c4e-2a1f7e3b9d10');
    assert.equal(byName(symbols, 'default_schedule')?.detail, 'daily at 02:30 UTC');
  });

  test('additional schedules are named by what they do', () => {
    const additional = byName(symbols, 'additional_schedules')!;
    assert.equal(additional.detail, '2 schedules');
    assert.deepEqual(
      additional.children!.map((c) => [c.name, c.detail]),
      [
        ['continuously', 'incrementalFields'],
        ['weekly on Sunday at 03:00 UTC', 'refetch, Contact'],
      ],
    );
  });

  test('each schema is listed by id, with its fields and filters counted', () => {
    const schemas = byName(symbols, 'schemas')!;
    assert.equal(schemas.detail, '3 schemas');
    assert.deepEqual(
      schemas.children!.map((c) => [c.name, c.detail]),
      [
        ['Account', 'all fields'],
        ['Contact', '2 fields, 1 filter'],
        ['(no id)', 'all fields, disabled'],
      ],
    );
    const contact = schemas.children![1];
    assert.deepEqual(byName(contact.children, 'fields')?.children?.map((c) => c.name), ['Id', 'Email']);
  });

  test('nested configuration objects are outlined', () => {
    const config = byName(symbols, 'destination_configuration')!;
    assert.deepEqual(config.children?.map((c) => c.name), ['schema', 'advanced']);
    assert.equal(byName(config.children, 'advanced')?.children?.[0].name, 'table_prefix');
  });

  test('every symbol has a name, and its selection range lies in its range, inside its parent', () => {
    for (const text of [SYNC, example('salesforce-to-snowflake.polysync.json'), example('postgres-to-s3.polysync.json'), '{"": {"": [""]}}']) {
      walk(documentSymbols(doc(text)), (s, parent) => {
        assert.ok(s.name.length > 0);
        assert.ok(contains(s.range, s.selectionRange), `${s.name}: selection outside range`);
        if (parent) assert.ok(contains(parent.range, s.range), `${s.name}: outside ${parent.name}`);
      });
    }
  });

  test('the selection range of a property is its key', () => {
    const { doc: d, ranges } = withMarkers('{\n  ⟦"mode"⟧: "snapshot"\n}');
    assert.deepEqual(documentSymbols(d)[0].selectionRange, ranges[0]);
  });

  test('documents that are not objects, empty or broken still answer', () => {
    assert.deepEqual(documentSymbols(doc('')), []);
    assert.deepEqual(documentSymbols(doc('[1, 2]')), []);
    assert.deepEqual(documentSymbols(doc('"text"')), []);
    const broken = documentSymbols(doc('{ "name": "x", "default_schedule": { "frequency": '));
    assert.deepEqual(broken.map((s) => s.name), ['name', 'default_schedule']);
  });
});

describe('folding ranges', () => {
  test('multi-line objects and arrays fold up to the line before their closing bracket', () => {
    const text = '{\n  "a": {\n    "b": 1\n  },\n  "c": [\n    1,\n    2\n  ],\n  "d": { "e": 1 }\n}';
    assert.deepEqual(
      foldingRanges(doc(text)).map((r) => [r.startLine, r.endLine, r.kind]),
      [
        [0, 8, undefined],
        [1, 2, undefined],
        [4, 6, undefined],
      ],
    );
  });

  test('block comments and #region markers fold', () => {
    const text = '{\n  /*\n   * notes\n   */\n  // #region schedules\n  "a": 1,\n  "b": 2\n  // #endregion\n}';
    const ranges = foldingRanges(doc(text)).map((r) => [r.startLine, r.endLine, r.kind]);
    assert.deepEqual(ranges, [
      [0, 7, undefined],
      [1, 3, 'comment'],
      [4, 7, 'region'],
    ]);
  });

  test('broken documents still fold what can be folded, without throwing', () => {
    assert.deepEqual(foldingRanges(doc('')), []);
    const ranges = foldingRanges(doc('{\n  "a": [\n    1,\n    2\n  }\n  ]\n'));
    assert.ok(Array.isArray(ranges));
    assert.ok(foldingRanges(doc('}\n]\n{\n "x": 1\n\n')).every((r) => r.endLine >= r.startLine));
  });
});

describe('selection ranges', () => {
  function chain(selection: SelectionRange): Range[] {
    const out: Range[] = [];
    for (let s: SelectionRange | undefined = selection; s; s = s.parent) out.push(s.range);
    return out;
  }

  test('from inside a string value outwards: contents, string, property, object, document', () => {
    const text = '{\n  "mode": "replicate",\n  "name": "x"\n}\n';
    const d = doc(text);
    const [selection] = selectionRanges(d, [d.positionAt(text.indexOf('plicate'))]);
    const spans = chain(selection).map((r) => text.slice(d.offsetAt(r.start), d.offsetAt(r.end)));
    assert.deepEqual(spans, ['replicate', '"replicate"', '"mode": "replicate"', text.trimEnd(), text]);
  });

  test('from a key: key contents, key, property, ...', () => {
    const text = '{ "name": "x" }';
    const d = doc(text);
    const [selection] = selectionRanges(d, [d.positionAt(2)]);
    const spans = chain(selection).map((r) => text.slice(d.offsetAt(r.start), d.offsetAt(r.end)));
    assert.deepEqual(spans, ['"name"', '"name": "x"', text]);
  });

  test('nested values: item, array, property, ...', () => {
    const text = '{ "schemas": ["Account", "Contact"] }';
    const d = doc(text);
    const [selection] = selectionRanges(d, [d.positionAt(text.indexOf('Contact'))]);
    const spans = chain(selection).map((r) => text.slice(d.offsetAt(r.start), d.offsetAt(r.end)));
    assert.deepEqual(spans, ['Contact', '"Contact"', '["Account", "Contact"]', '"schemas": ["Account", "Contact"]', text]);
  });

  test('one answer per position, even outside the document or in an empty one', () => {
    const d = doc('');
    const result = selectionRanges(d, [{ line: 0, character: 0 }, { line: 5, character: 3 }]);
    assert.equal(result.length, 2);
    for (const r of result) assert.ok(r.range);
  });

  test('every step strictly grows', () => {
    const d = doc(SYNC);
    for (let offset = 0; offset < SYNC.length; offset += 7) {
      const ranges = chain(selectionRanges(d, [d.positionAt(offset)])[0]);
      for (let i = 1; i < ranges.length; i++) {
        assert.ok(contains(ranges[i], ranges[i - 1]) && JSON.stringify(ranges[i]) !== JSON.stringify(ranges[i - 1]));
      }
    }
  });
});

describe('inlay hints', () => {
  const everything = (d: ReturnType<typeof doc>): Range => d.rangeOf(0, d.text.length);

  test('each schedule is read back in words after its frequency', () => {
    const d = doc(SYNC);
    const hints = inlayHints(d, everything(d));
    assert.deepEqual(
      hints.map((h) => h.label),
      ['daily at 02:30 UTC', 'continuously', 'weekly on Sunday at 03:00 UTC'],
    );
    // Placed after `"daily",`, so the value and its comma stay together.
    const first = hints[0];
    const offset = d.offsetAt(first.position);
    assert.equal(SYNC.slice(offset - 8, offset), '"daily",');
    assert.equal(first.paddingLeft, true);
  });

  test('a frequency at the end of its object gets the hint right after the value', () => {
    const text = '{\n  "default_schedule": {\n    "hour": "6",\n    "minute": "5",\n    "frequency": "daily"\n  }\n}';
    const d = doc(text);
    const [hint] = inlayHints(d, everything(d));
    assert.equal(hint.label, 'daily at 06:05 UTC');
    assert.deepEqual(hint.position, { line: 4, character: 24 });
    assert.equal(hint.paddingRight, false);
  });

  test('only hints inside the requested range are returned', () => {
    const d = doc(SYNC);
    const line = SYNC.split('\n').findIndex((l) => l.includes('"weekly"'));
    const hints = inlayHints(d, { start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
    assert.deepEqual(hints.map((h) => h.label), ['weekly on Sunday at 03:00 UTC']);
  });

  test('schedules that cannot be read honestly get no hint', () => {
    const d = doc('{ "default_schedule": { "frequency": "daily", "hour": "25", "minute": "0" }, "additional_schedules": [{ "frequency": "sometimes" }] }');
    assert.deepEqual(inlayHints(d, everything(d)), []);
    assert.deepEqual(inlayHints(doc(''), { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }), []);
  });
});
