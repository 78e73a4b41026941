// The pure parts of the levers: suppression comments, the configuration file's reading and merging
// (through an in-memory reader), severities, and the silence quick fix.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { codeActions } from '../../server/src/service/actions/codeActions';
import { applyRuleSettings, type ConfigReader, findConfigFiles, mergeConfigFiles, parseConfigFile } from '../../server/src/service/diagnostics/config';
import { findDirectives } from '../../server/src/service/diagnostics/suppressions';
import { validateDocument } from '../../server/src/service/diagnostics/validate';
import { parseDocument } from '../../server/src/service/document/document';
import { checkForCreate } from '../../server/src/operations/create';

const URI = 'file:///w/a.polysync.json';
const BASE = `{
  "name": "n",
  "mode": "replicate",
  "source_connection_id": "0b6a7c3e-5d21-4f8a-9c4e-2a1f7e3b9d10",
  "destination_connection_id": "a2b4c6d8-1e3f-4a5b-8c7d-9e0f1a2b3c80",
  "destination_configuration": {},
  "default_schedule": { "frequency": "manual" },
  "concurrency_limit": 0
}`;
const codesOf = (text: string, rules?: Map<string, 'off' | 'info' | 'warning' | 'error'>) => (validateDocument(parseDocument(URI, 1, text), { rules }) ?? []).map((d) => `${d.code}:${d.range.start.line}`);

describe('suppression comments', () => {
  test('directives: kinds, codes by comma or space, a reason after --, block comments target the line after their end', () => {
    const doc = parseDocument(URI, 1, '{\n  // polysync-disable-next-line PS214,PS215 PS216 -- why\n  "a": 1, /* polysync-disable-line */\n  /* polysync-disable-next-line\n     PS204 */\n  "b": 2 // "polysync-disable-line" in a string is no directive\n}');
    const found = findDirectives(doc).directives.map((d) => [d.kind, d.targetLine, d.codes.map((c) => c.code)]);
    assert.deepEqual(found, [
      ['next-line', 2, ['PS214', 'PS215', 'PS216']],
      ['line', 2, []],
      ['next-line', 5, ['PS204']],
    ]);
    assert.equal(findDirectives(parseDocument(URI, 1, '{ "polysync-disable-line": 1 }')).directives.length, 0);
  });

  test('silences only its own line and its codes; codes in any case', () => {
    assert.deepEqual(codesOf(BASE), ['PS214:7']);
    assert.deepEqual(codesOf(BASE.replace('"concurrency_limit": 0', '"concurrency_limit": 0 // polysync-disable-line ps214')), []);
    assert.deepEqual(codesOf(BASE.replace('"concurrency_limit": 0', '// polysync-disable-next-line PS214\n\n  "concurrency_limit": 0')), ['PS007:7', 'PS214:9']);
  });

  test('a code the configuration turns off makes a comment naming it unused; PS007 follows the rules too', () => {
    const text = BASE.replace('"concurrency_limit": 0', '"concurrency_limit": 0 // polysync-disable-line PS214');
    assert.deepEqual(codesOf(text, new Map([['PS214', 'off']])), ['PS007:7']);
    assert.deepEqual(codesOf(text, new Map([['PS214', 'off'], ['PS007', 'off']])), []);
  });

  test('Create refuses an error a comment hides and says why; a hidden warning does not block it', () => {
    const hidden = parseDocument(URI, 1, BASE.replace('"mode": "replicate",', '"mode": "replicate", "x": 1, // polysync-disable-line PS108'));
    const check = checkForCreate(hidden);
    assert.equal(check.ok, false);
    assert.ok(!check.ok && check.reason === 'document');
    assert.match(String(check.errors[0].message), /silenced in the editor by `polysync-disable-line` on line 3, but the API rejects this/);
    const warning = checkForCreate(parseDocument(URI, 1, BASE.replace('"concurrency_limit": 0', '"concurrency_limit": 0 // polysync-disable-line PS214')));
    assert.equal(warning.ok, true);
  });

  test('the silence fix is offered for warnings, not errors, and adds to a comment already there', () => {
    const options = { tabSize: 2, insertSpaces: true };
    const text = BASE.replace('"mode": "replicate",', '"mode": "replicat",');
    const doc = parseDocument(URI, 1, text);
    const diagnostics = validateDocument(doc) ?? [];
    const titles = (code: string) => codeActions(doc, diagnostics.find((d) => d.code === code)!.range, diagnostics.filter((d) => d.code === code), options).map((a) => a.title);
    assert.ok(!titles('PS104').some((t) => t.startsWith('Silence')), 'an error is not offered it');
    assert.ok(titles('PS214').includes('Silence PS214 on this line (polysync-disable-next-line)'));
    const commented = parseDocument(URI, 1, BASE.replace('"concurrency_limit": 0', '// polysync-disable-next-line PS204\n  "concurrency_limit": 0'));
    const warning = (validateDocument(commented) ?? []).find((d) => d.code === 'PS214')!;
    const [silence] = codeActions(commented, warning.range, [warning], options).filter((a) => a.title.startsWith('Silence'));
    assert.deepEqual(silence.edit?.changes?.[URI], [{ range: { start: { line: 7, character: 37 }, end: { line: 7, character: 37 } }, newText: ', PS214' }]);
  });

  test('the silence fix on a line that starts inside a block comment goes after that comment, not into it', () => {
    const options = { tabSize: 2, insertSpaces: true };
    // Line 8 starts inside the comment opened on line 7: a `//` comment inserted above it would be
    // part of that comment and silence nothing.
    const text = BASE.replace('"concurrency_limit": 0', '/* was 1\n  */ "concurrency_limit": 0');
    const doc = parseDocument(URI, 1, text);
    const warning = (validateDocument(doc) ?? []).find((d) => d.code === 'PS214')!;
    assert.equal(warning.range.start.line, 8);
    const [silence] = codeActions(doc, warning.range, [warning], options).filter((a) => a.title.startsWith('Silence'));
    assert.equal(silence.title, 'Silence PS214 on this line (polysync-disable-line)');
    assert.deepEqual(silence.edit?.changes?.[URI], [{ range: { start: { line: 8, character: 4 }, end: { line: 8, character: 4 } }, newText: ' /* polysync-disable-line PS214 */' }]);
    const out = TextDocument.applyEdits(TextDocument.create(URI, 'json', 1, text), silence.edit!.changes![URI]);
    assert.equal(out.split('\n')[8], '  */ /* polysync-disable-line PS214 */ "concurrency_limit": 0');
    assert.deepEqual(codesOf(out), [], 'the warning is silenced and the comment is used');
  });

  test('the silence fix adds to a `polysync-disable-line` comment that already names codes on the line', () => {
    const options = { tabSize: 2, insertSpaces: true };
    const doc = parseDocument(URI, 1, BASE.replace('"concurrency_limit": 0', '"concurrency_limit": 0 // polysync-disable-line PS204 -- kept'));
    const warning = (validateDocument(doc) ?? []).find((d) => d.code === 'PS214')!;
    const [silence] = codeActions(doc, warning.range, [warning], options).filter((a) => a.title.startsWith('Silence'));
    assert.equal(silence.title, 'Silence PS214 on this line (polysync-disable-line)');
    assert.deepEqual(silence.edit?.changes?.[URI], [{ range: { start: { line: 7, character: 55 }, end: { line: 7, character: 55 } }, newText: ', PS214' }]);
  });
});

describe('polysync.config.json', () => {
  test('problems are located; the right entries apply', () => {
    const config = parseConfigFile('c.json', '/w', '{\n  "rules": { "PS214": "off", "PS216": "warn", "XX1": "off" },\n  "ignorePatterns": "drafts",\n  "maxWarnings": -1,\n  "root": "yes"\n}');
    assert.deepEqual([...config.rules], [['PS214', 'off']]);
    assert.deepEqual(
      config.problems.map((p) => [p.line, p.character]),
      [
        [1, 38],
        [1, 46],
        [2, 20],
        [3, 17],
        [4, 10],
      ],
    );
    assert.match(parseConfigFile('c.json', '/w', '{ "rules": ').problems[0].message, /./);
    assert.match(parseConfigFile('c.json', '/w', '[]').problems[0].message, /must hold a JSON object/);
  });

  test('found upwards to the repository root or "root": true; nearer files win', () => {
    const files: Record<string, string> = {
      '/repo/polysync.config.json': '{ "rules": { "PS214": "off", "PS216": "error" }, "maxWarnings": 3 }',
      '/repo/a/polysync.config.json': '{ "rules": { "PS216": "info" } }',
      '/repo/a/b/polysync.config.json': '{ "root": true, "maxWarnings": 0 }',
      '/polysync.config.json': '{ "rules": { "PS204": "off" } }',
    };
    const reader: ConfigReader = {
      read: (dir) => files[`${dir === '/' ? '' : dir}/polysync.config.json`],
      isRepositoryRoot: (dir) => dir === '/repo',
      parent: (dir) => (dir === '/' ? undefined : dir.slice(0, dir.lastIndexOf('/')) || '/'),
      fileIn: (dir) => `${dir}/polysync.config.json`,
    };
    const at = (dir: string) => mergeConfigFiles(findConfigFiles(dir, reader));
    assert.deepEqual([...at('/repo/a/c').rules].sort(), [['PS214', 'off'], ['PS216', 'info']]);
    assert.equal(at('/repo/a').maxWarnings, 3);
    assert.deepEqual(at('/repo/a/b').files.map((f) => f.file), ['/repo/a/b/polysync.config.json']);
    assert.equal(at('/repo/a/b').maxWarnings, 0);
    assert.deepEqual([...at('/elsewhere').rules], [['PS204', 'off']]);
  });

  test('severities: off drops, others set; a lowered API error says it still blocks', () => {
    const doc = parseDocument(URI, 1, BASE.replace('"mode": "replicate",', '"mode": "replicat",'));
    const found = validateDocument(doc) ?? [];
    const out = applyRuleSettings(found, new Map([['PS214', 'off'], ['PS104', 'warning']]));
    assert.deepEqual(out.map((d) => [d.code, d.severity]), [['PS104', DiagnosticSeverity.Warning]]);
    assert.match(String(out[0].message), /set to "warning" in polysync\.config\.json; the API still rejects this, so create and apply refuse the file/);
  });
});
