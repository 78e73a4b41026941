// docs/schemastore.md prepares the schema's SchemaStore listing; its table of custom keywords must name
// every keyword the schema uses beyond draft-07, and its catalog entry must be valid JSON that matches
// the files the extension claims.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { readTables } from './markdown';

const root = path.resolve(__dirname, '..', '..');
const schema = JSON.parse(readFileSync(path.join(root, 'schemas', 'bulk-sync.schema.json'), 'utf8'));
const doc = readFileSync(path.join(root, 'docs', 'schemastore.md'), 'utf8');

const DRAFT7 = new Set([
  '$schema', '$id', '$ref', '$comment', 'title', 'description', 'default', 'readOnly', 'writeOnly', 'examples',
  'multipleOf', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum', 'maxLength', 'minLength', 'pattern',
  'additionalItems', 'items', 'maxItems', 'minItems', 'uniqueItems', 'contains', 'maxProperties', 'minProperties',
  'required', 'additionalProperties', 'definitions', 'properties', 'patternProperties', 'dependencies',
  'propertyNames', 'const', 'enum', 'type', 'format', 'contentMediaType', 'contentEncoding', 'if', 'then', 'else',
  'allOf', 'anyOf', 'oneOf', 'not',
]);
/** Keywords whose values are data (or names of properties), not subschemas: not walked into. */
const VALUES = new Set(['enum', 'const', 'default', 'examples', 'required', 'enumDescriptions', 'markdownEnumDescriptions', 'defaultSnippets']);
const NAMED_SUBSCHEMAS = new Set(['properties', 'definitions', 'patternProperties', 'dependencies']);

function keywordsOf(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((item) => keywordsOf(item, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      found.add(key);
      if (VALUES.has(key) || key.startsWith('x-')) continue;
      if (NAMED_SUBSCHEMAS.has(key) && value && typeof value === 'object') Object.values(value).forEach((sub) => keywordsOf(sub, found));
      else keywordsOf(value, found);
    }
  }
  return found;
}

test('every keyword beyond draft-07 that the schema uses is in the table, and the table lists no other', () => {
  const custom = [...keywordsOf(schema)].filter((k) => !DRAFT7.has(k)).sort();
  assert.ok(custom.includes('markdownDescription') && custom.includes('x-apiVersion'), custom.join(', '));
  const { tables } = readTables(doc);
  const listed = tables.flatMap((t) => (t.header[0] === 'keyword' ? t.rows.map((r) => r.cells[0].replace(/`/g, '')) : [])).sort();
  assert.deepEqual(listed, custom);
});

test('the catalog entry is JSON matching the files the extension claims, at a per-version address', () => {
  const entry = JSON.parse(/## The catalog entry[\s\S]*?```json\n([\s\S]*?)```/.exec(doc)?.[1] ?? 'null');
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  assert.deepEqual(entry.fileMatch, [manifest.contributes.jsonValidation[0].fileMatch]);
  assert.equal(entry.url, `https://json.schemastore.org/polysync-bulk-sync-${schema['x-apiVersion']}.json`);
  assert.ok(entry.name && entry.description);
  assert.ok(doc.includes(schema.$id), 'the page names the $id the schema has today');
});
