// The "polysync" link key: documented by the schema, explained by hover, accepted by validation,
// never offered by completion, never sent, and written without touching the rest of the file.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { MarkupContent } from 'vscode-languageserver-types';
import { complete } from '../../server/src/service/completion/complete';
import { validateDocument } from '../../server/src/service/diagnostics/validate';
import { parseDocument } from '../../server/src/service/document/document';
import { hover } from '../../server/src/service/hover';
import { foldingRanges } from '../../server/src/service/folding';
import { documentSymbols } from '../../server/src/service/symbols';
import { prepareRequestBody, readLink, type SyncLink, writeLink } from '../../server/src/operations';
import { atCursor } from './cursor';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { minimalEdit } from '../../server/src/lsp/linkEdit';

const BODY = `{
  // nightly
  "name": "Orders",
  "mode": "snapshot",
  "source_connection_id": "7c1d5e9a-2b3f-4c8d-a6e1-9f0b2c3d4e70",
  "destination_connection_id": "c5d7e9f1-3a5b-4c7d-9e1f-2a4b6c8d0e90",
  "destination_configuration": { "schema": "orders" },
  "default_schedule": { "frequency": "manual" },
  "schemas": ["public.orders"] // the one table
}
`;
const BASE = { file: new Map([['name', '"Orders"'], ['mode', '"snapshot"']]), live: new Map([['name', '"Orders"'], ['mode', '"snapshot"'], ['active', 'true']]) };
const LINK: SyncLink = { sync_id: '4e5f6a7b-8c9d-4e0f-9a1b-2c3d4e5f6a70', updated_at: '2026-01-02T03:04:05Z', ignore: ['active'], base: BASE };
const doc = (text: string) => parseDocument('file:///t.polysync.json', 1, text);

describe('the sync link', () => {
  test('written at the end, keeping comments, layout and line ends; replaced in place the second time', () => {
    const once = writeLink(BODY, LINK)!;
    assert.ok(once.startsWith(BODY.slice(0, BODY.indexOf(' // the one table'))), 'the text before the new member is kept');
    assert.match(once, /"schemas": \["public\.orders"\], \/\/ the one table\n {2}"polysync": \{\n {4}"sync_id": "4e5f6a7b/);
    // The compact link: a few lines, the base on one of them, never fingerprints.
    const written = once.slice(once.indexOf('"polysync"'));
    assert.equal(written.split('\n').length, 8, written);
    assert.match(written, /\n {4}"ignore": \["active"\],\n {4}"base": "b1\.[A-Za-z0-9_-]+"\n {2}\}\n\}\n$/);
    const read = readLink(doc(once));
    assert.deepEqual(read, { linked: true, link: LINK });

    const twice = writeLink(once, { ...LINK, updated_at: '2026-02-02T00:00:00Z' })!;
    assert.equal(twice.split('"polysync"').length, 2, 'one link');
    assert.equal(twice.replace('2026-02-02T00:00:00Z', '2026-01-02T03:04:05Z'), once, 'only the value changed');

    const crlf = writeLink(BODY.replace(/\n/g, '\r\n').replace(/ {2}/g, '\t'), LINK)!;
    assert.ok(!/[^\r]\n/.test(crlf), 'CRLF kept');
    assert.match(crlf, /\r\n\t"polysync": \{\r\n\t\t"sync_id"/, 'tabs kept');
    assert.equal(writeLink('{ "name": ', LINK), undefined, 'a file with syntax errors is left alone');
  });

  test('a link written before bases (per-setting fingerprints) is read without a base, and rewritten compact', () => {
    const old = BODY.replace('"name"', '"polysync": {\n    "sync_id": "s-1",\n    "updated_at": "2026-01-02T03:04:05Z",\n    "fingerprints": { "name": "abc123", "mode": "def456" }\n  },\n  "name"');
    const read = readLink(doc(old));
    assert.deepEqual(read, { linked: true, link: { sync_id: 's-1', updated_at: '2026-01-02T03:04:05Z', ignore: [], fingerprints: { name: 'abc123', mode: 'def456' } } });
    const renewed = writeLink(old, { sync_id: 's-1', updated_at: '2026-01-03T00:00:00Z', ignore: [], base: BASE })!;
    assert.ok(!renewed.includes('fingerprints'), 'fingerprints are never written');
    assert.match(renewed, /"base": "b1\./);
    assert.ok(renewed.endsWith(BODY.slice(BODY.indexOf('"name"'))), 'the rest of the file is as it was');
  });

  test('a base edited or cut, and an ignore that is not a list of paths, are located problems', () => {
    const linked = writeLink(BODY, LINK)!;
    const cut = linked.replace(/"b1\.([A-Za-z0-9_-]{10})[A-Za-z0-9_-]+"/, '"b1.$1"');
    const badBase = readLink(doc(cut));
    assert.equal(badBase.linked, 'invalid');
    assert.match((badBase as { message: string }).message, /^The base cannot be read \(it was changed or cut\); pull the sync again to renew it\.$/);
    const at = (badBase as { range: { start: { line: number; character: number } } }).range.start;
    assert.equal(cut.split('\n')[at.line].slice(at.character, at.character + 4), '"b1.', 'the range is the base value');
    const badIgnore = readLink(doc(linked.replace('["active"]', '"active"')));
    assert.equal(badIgnore.linked, 'invalid');
    assert.match((badIgnore as { message: string }).message, /"ignore" must be a list of field paths/);
  });

  test('the link is one outline entry, named by its sync, and folds as one range', () => {
    const linked = doc(writeLink(BODY, LINK)!);
    const entry = documentSymbols(linked).find((symbol) => symbol.name === 'polysync');
    assert.deepEqual([entry?.detail, entry?.children], [`linked to ${LINK.sync_id}`, undefined]);
    const start = linked.text.split('\n').findIndex((line) => line.includes('"polysync"'));
    assert.deepEqual(foldingRanges(linked).filter((r) => r.startLine >= start), [{ startLine: start, endLine: start + 4 }]);
  });

  test('never sent; an unusable link is located', () => {
    const linked = writeLink(BODY, LINK)!;
    const prepared = prepareRequestBody(doc(linked));
    assert.ok('body' in prepared);
    assert.equal(prepared.body.polysync, undefined);
    assert.deepEqual(Object.keys(prepared.body), ['name', 'mode', 'source_connection_id', 'destination_connection_id', 'destination_configuration', 'default_schedule', 'schemas']);
    assert.deepEqual(readLink(doc(BODY)), { linked: false });
    const bad = readLink(doc('{ "polysync": { "updated_at": "x" } }'));
    assert.equal(bad.linked, 'invalid');
    assert.match((bad as { message: string }).message, /has no "sync_id"/);
    assert.equal((bad as { range: { start: { character: number } } }).range.start.character, 14);
  });

  test('validation accepts a link and reports a malformed one at its place', () => {
    assert.deepEqual(validateDocument(doc(writeLink(BODY, LINK)!))?.map((d) => d.message), []);
    const wrong = validateDocument(doc(BODY.replace('"name"', '"polysync": { "sync_id": 5, "extra": 1 },\n  "name"'))) ?? [];
    const messages = wrong.map((d) => String(d.message));
    assert.ok(messages.some((m) => /sync_id/.test(m)), messages.join('\n'));
    assert.ok(messages.some((m) => /extra/.test(m)), messages.join('\n'));
  });

  test('hover explains it from the schema; completion does not offer it in a new file', () => {
    const fixture = atCursor('{ "poly|sync": { "sync_id": "x" } }');
    const shown = hover(fixture.doc, fixture.position);
    assert.ok(shown);
    const text = (shown.contents as MarkupContent).value;
    assert.match(text, /Links this file to the Polytomic bulk sync it created or was pulled from/);
    assert.match(text, /never sent to the API/);

    const empty = atCursor('{\n  |\n}');
    const labels = complete(empty.doc, empty.position)?.items.map((i) => i.label) ?? [];
    assert.ok(labels.includes('name') && labels.includes('$schema'), labels.join(', '));
    assert.ok(!labels.includes('polysync'));
  });

  test('the editor gets one small edit: only the differing span, never half of a CRLF or of a surrogate pair', () => {
    const link = { sync_id: 'a1b2', updated_at: '2026-01-02T03:04:05Z', ignore: [] };
    for (const text of [BODY, BODY.replace(/\n/g, '\r\n'), BODY.replace('"Orders"', '"Orders 🚚"'), writeLink(BODY, { sync_id: 'old', ignore: [] })!]) {
      const written = writeLink(text, link)!;
      const edit = minimalEdit(text, written);
      const applied = TextDocument.applyEdits(TextDocument.create('file:///a.polysync.json', 'polysync', 1, text), [edit]);
      assert.equal(applied, written);
      assert.ok(edit.range.start.line >= text.split('\n').length - 4, `the edit starts near the end: ${JSON.stringify(edit.range)}`);
      assert.ok(!edit.newText.startsWith('\n') || !text.includes('\r\n'), 'a CRLF is not split');
    }
    // Around a line end and an astral character the cut moves back to a whole character.
    const crlf = minimalEdit('{\r\n}', '{\r\r\n}');
    assert.equal(TextDocument.applyEdits(TextDocument.create('file:///b', 'polysync', 1, '{\r\n}'), [crlf]), '{\r\r\n}');
    assert.ok(!crlf.newText.startsWith('\n'), JSON.stringify(crlf));
    const astral = minimalEdit('"🚚"', '"🚛"');
    assert.equal(astral.newText, '🚛');
    assert.deepEqual(minimalEdit('same', 'same'), { range: { start: { line: 0, character: 4 }, end: { line: 0, character: 4 } }, newText: '' });
  });
});
