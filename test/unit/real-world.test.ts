// Request bodies from public Polytomic material (see test/fixtures/real-world/SOURCES.md): what Polysync
// says about each, against what the real API did with it.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { parse as parseJsonc } from 'jsonc-parser';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fixAll } from '../../server/src/service/actions/codeActions';
import { parseDocument } from '../../server/src/service/document/document';
import { validateDocument } from '../../server/src/service/diagnostics/validate';

const DIR = path.resolve(__dirname, '..', 'fixtures', 'real-world');
const files = readdirSync(DIR).filter((f) => f.endsWith('.polysync.json'));
const read = (file: string) => readFileSync(path.join(DIR, file), 'utf8');
const check = (text: string) => validateDocument(parseDocument(`file:///${Math.random()}.polysync.json`, 1, text)) ?? [];

describe('bodies the real API accepted (the Terraform provider\'s acceptance tests, API version 2024-02-08)', () => {
  const terraform = files.filter((f) => f.startsWith('terraform-'));

  test('there are some', () => assert.ok(terraform.length >= 9));

  for (const file of terraform) {
    test(`${file}: only the 2024-02-08 schedule is reported, and the migration leaves it clean with nothing lost`, () => {
      const text = read(file);
      assert.deepEqual(check(text).map((d) => d.code).sort(), ['PS101', 'PS201'], 'the 2025-09-18 shape needs default_schedule instead of schedule');
      const doc = parseDocument('file:///tf.polysync.json', 1, text);
      const after = TextDocument.applyEdits(TextDocument.create(doc.uri, 'json', 1, text), fixAll(doc, { tabSize: 2, insertSpaces: true }).edits);
      assert.deepEqual(check(after), [], after);
      const before = parseJsonc(text);
      const migrated = parseJsonc(after);
      assert.deepEqual(migrated.default_schedule, before.schedule);
      delete before.schedule;
      delete migrated.default_schedule;
      assert.deepEqual(migrated, before, 'every other field is unchanged');
    });
  }
});

describe('the official SDK\'s create example (API version 2025-09-18; the API\'s answer to it is not recorded)', () => {
  test('a missing mode is an error that says the SDK itself leaves it out; the shared id is a warning', () => {
    const diagnostics = check(read('sdk-create-example.polysync.json'));
    assert.deepEqual(diagnostics.map((d) => [d.code, d.severity]), [['PS101', 1], ['PS208', 2]]);
    assert.match(diagnostics[0].message as string, /Missing required property `mode`\. The API reference marks `mode` required, though the official SDK's own create example leaves it out/);
  });
});
