// Completion reads tokens from the innermost object or array around the cursor when the document is
// well formed, instead of from the top of the text. These tests check that the shortcut gives exactly
// what the walk from the top gives, and that it is really taken.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { complete } from '../../server/src/service/completion/complete';
import { completionContext, documentCompletionContext, enclosingContainer } from '../../server/src/service/completion/context';
import { type ParsedDocument, parseDocument } from '../../server/src/service/document/document';
import { generateDocument } from '../bench/generate';

const examplesDir = join(__dirname, '..', '..', 'examples');
const examples = readdirSync(examplesDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ name: f, text: readFileSync(join(examplesDir, f), 'utf8') }));

/** The same document, except that it claims a syntax error, so completion walks from the top. */
function withoutShortcut(doc: ParsedDocument): ParsedDocument {
  const error = { error: 1, offset: 0, length: 0 };
  return Object.create(doc, { syntaxErrors: { value: [error] } }) as ParsedDocument;
}

function compareAt(doc: ParsedDocument, offsets: Iterable<number>, label: string): number {
  const slow = withoutShortcut(doc);
  let shortcuts = 0;
  for (const offset of offsets) {
    if (enclosingContainer(doc, offset)) shortcuts++;
    assert.deepEqual(documentCompletionContext(doc, offset), completionContext(doc.text, offset), `${label}: context at offset ${offset}`);
    const position = doc.positionAt(offset);
    assert.deepEqual(complete(doc, position), complete(slow, position), `${label}: completion list at offset ${offset}`);
  }
  return shortcuts;
}

function every(step: number, length: number): number[] {
  const offsets: number[] = [];
  for (let offset = 0; offset <= length; offset += step) offsets.push(offset);
  return offsets;
}

describe('completion from the innermost container', () => {
  test('the examples: same context and list at every offset, and the shortcut is taken', () => {
    for (const { name, text } of examples) {
      const doc = parseDocument(`file:///${name}`, 1, text);
      const offsets = every(1, text.length);
      const shortcuts = compareAt(doc, offsets, name);
      assert.ok(shortcuts > offsets.length * 0.9, `${name}: shortcut taken at ${shortcuts} of ${offsets.length} offsets`);
    }
  });

  test('a generated 70 KB bulk sync: same context and list at many offsets', () => {
    const text = generateDocument(70_000);
    const doc = parseDocument('file:///generated.polysync.json', 1, text);
    const offsets = every(41, text.length);
    // Also right inside filter values and field lists, where completion is asked for most.
    for (let at = text.indexOf('"function": "'); at >= 0; at = text.indexOf('"function": "', at + 1)) offsets.push(at + 13, at + 14, at + 12);
    const shortcuts = compareAt(doc, offsets, 'generated');
    assert.ok(shortcuts > offsets.length * 0.9, `shortcut taken at ${shortcuts} of ${offsets.length} offsets`);
  });

  test('comments and trailing commas, which parse without syntax errors, give the same answers', () => {
    const text = [
      '{ // top',
      '  "name": "x", /* block , { [ */',
      '  "schemas": [',
      '    { "id": "Account", "fields": ["Id", { "id": "Email", }, ], },',
      '    "Contact", // a plain id',
      '  ],',
      '  "mode": "",',
      '}',
    ].join('\n');
    const doc = parseDocument('file:///c.polysync.json', 1, text);
    assert.equal(doc.syntaxErrors.length, 0);
    const offsets = every(1, text.length);
    assert.ok(compareAt(doc, offsets, 'comments') > 0);
  });

  test('text with syntax errors is read from the top, as before', () => {
    const text = '{ "schemas": [ { "id": "Account", "fields": [ "Id" "Name" ] } ], "mode": ';
    const doc = parseDocument('file:///e.polysync.json', 1, text);
    assert.ok(doc.syntaxErrors.length > 0);
    for (let offset = 0; offset <= text.length; offset++) {
      assert.equal(enclosingContainer(doc, offset), undefined);
      assert.deepEqual(documentCompletionContext(doc, offset), completionContext(text, offset));
    }
  });

  test('a second read at the same place in the same version is the first answer, not a new walk', () => {
    const doc = parseDocument('a.polysync.json', 1, '{ "mode": "replicate", "default_schedule": { "frequency": "daily" } }');
    const at = doc.text.indexOf('"frequency"') + 1;
    const first = documentCompletionContext(doc, at);
    assert.equal(documentCompletionContext(doc, at), first);
    const elsewhere = documentCompletionContext(doc, doc.text.indexOf('"mode"') + 1);
    assert.notEqual(elsewhere, first);
    assert.deepEqual(documentCompletionContext(doc, at), first, 'another place in between reads this one again, the same');
    const next = parseDocument('a.polysync.json', 2, doc.text);
    assert.notEqual(documentCompletionContext(next, at), first, 'a new version is read afresh');
  });
});
