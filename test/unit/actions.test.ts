// Quick fixes, checked against golden files: test/fixtures/quickfix/<name>.input.polysync.json is the
// document, <name>.expected.polysync.json the text after the fix named in cases.json is applied.
// Set UPDATE_GOLDEN=1 to rewrite the expected files after a deliberate change (then review the diff).
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { createScanner, parse as parseJsonc } from 'jsonc-parser';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { codeActions, FIX_ALL_KIND, fixAll } from '../../server/src/service/actions/codeActions';
import { applyRawEdits, removeMember } from '../../server/src/service/actions/textEdits';
import { parseDocument } from '../../server/src/service/document/document';
import { validateDocument } from '../../server/src/service/diagnostics/validate';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'quickfix');
const EXAMPLES = path.resolve(__dirname, '..', '..', 'examples');
const URI = 'file:///fixture.polysync.json';

interface GoldenCase {
  name: string;
  code?: string;
  kind?: string;
  title: string;
  preferred?: boolean;
  tabSize?: number;
  insertSpaces?: boolean;
  /** Other codes that must be gone after the fix. */
  alsoGone?: string[];
  /** The fix removes a member together with its trailing comment. */
  dropsComments?: boolean;
}

const cases: GoldenCase[] = JSON.parse(readFileSync(path.join(FIXTURES, 'cases.json'), 'utf8'));

function diagnose(text: string): Diagnostic[] {
  return validateDocument(parseDocument(URI, 1, text)) ?? [];
}

function apply(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  const doc = TextDocument.create(URI, 'json', 1, text);
  for (let i = 1; i < sorted.length; i++) {
    assert.ok(doc.offsetAt(sorted[i - 1].range.end) <= doc.offsetAt(sorted[i].range.start), 'edits overlap');
  }
  return TextDocument.applyEdits(doc, edits);
}

function editsOf(action: CodeAction): TextEdit[] {
  const edits = action.edit?.changes?.[URI];
  assert.ok(edits, `action "${action.title}" has no edits for the document`);
  return edits;
}

function comments(text: string): string[] {
  const out: string[] = [];
  const scanner = createScanner(text, false);
  for (let kind = scanner.scan() as number; kind !== 17; kind = scanner.scan() as number) {
    if (kind === 12 || kind === 13) out.push(text.slice(scanner.getTokenOffset(), scanner.getTokenOffset() + scanner.getTokenLength()));
  }
  return out;
}

describe('quick fixes (golden files)', () => {
  for (const c of cases) {
    test(`${c.name}: ${c.title}`, () => {
      const input = readFileSync(path.join(FIXTURES, `${c.name}.input.polysync.json`), 'utf8');
      const doc = parseDocument(URI, 1, input);
      const before = validateDocument(doc) ?? [];
      const options = { tabSize: c.tabSize ?? 2, insertSpaces: c.insertSpaces ?? true };
      let action: CodeAction | undefined;
      let diagnostic: Diagnostic | undefined;
      if (c.kind === FIX_ALL_KIND) {
        const actions = codeActions(doc, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], { ...options, only: [FIX_ALL_KIND] });
        assert.deepEqual(actions.map((a) => a.kind), [FIX_ALL_KIND]);
        action = actions[0];
      } else {
        diagnostic = before.find((d) => d.code === c.code);
        assert.ok(diagnostic, `no ${c.code} diagnostic in ${c.name}: ${JSON.stringify(before.map((d) => d.code))}`);
        const actions = codeActions(doc, diagnostic.range, [diagnostic], options);
        action = actions.find((a) => a.title === c.title);
        assert.ok(action, `no action "${c.title}"; offered: ${JSON.stringify(actions.map((a) => a.title))}`);
        assert.equal(action.kind, 'quickfix');
        assert.deepEqual(action.diagnostics, [diagnostic]);
        if (c.preferred !== undefined) assert.equal(action.isPreferred === true, c.preferred, 'isPreferred');
        assert.ok(actions.filter((a) => a.isPreferred).length <= 1, 'at most one preferred fix per diagnostic');
      }
      const output = apply(input, editsOf(action));
      const expectedPath = path.join(FIXTURES, `${c.name}.expected.polysync.json`);
      if (process.env.UPDATE_GOLDEN) writeFileSync(expectedPath, output);
      assert.ok(existsSync(expectedPath), `missing golden file ${expectedPath}`);
      assert.equal(output, readFileSync(expectedPath, 'utf8'));

      const after = diagnose(output);
      assert.equal(after.filter((d) => d.code === 'PS001').length, 0, 'the fix must not introduce syntax errors');
      if (diagnostic) {
        assert.ok(!after.some((d) => d.code === diagnostic.code && d.message === diagnostic.message), `the ${diagnostic.code} diagnostic is still there`);
      }
      for (const code of c.alsoGone ?? []) assert.ok(!after.some((d) => d.code === code), `${code} is still reported`);
      if (!c.dropsComments) {
        const kept = comments(output);
        for (const comment of comments(input)) assert.ok(kept.includes(comment), `comment lost: ${comment}`);
      }
      // Applying the fix twice is not possible: the problem is gone, so is the fix.
      if (diagnostic) {
        const again = codeActions(parseDocument(URI, 2, output), diagnostic.range, after.filter((d) => d.code === diagnostic.code), options);
        assert.ok(!again.some((a) => a.title === c.title && c.code !== 'PS104'), 'the same fix is still offered');
      }
    });
  }
});

describe('quick fix behaviour', () => {
  const valid = readFileSync(path.join(FIXTURES, 'enum-suggestion.input.polysync.json'), 'utf8');

  test('an enum value offers the suggestion first, then every other allowed value', () => {
    const doc = parseDocument(URI, 1, valid);
    const d = diagnose(valid).find((x) => x.code === 'PS104')!;
    const titles = codeActions(doc, d.range, [d], { tabSize: 2, insertSpaces: true }).map((a) => a.title);
    assert.deepEqual(titles, ['Change to "replicate"', 'Change to "snapshot"']);
  });

  test('a fix changes only the token it repairs', () => {
    const doc = parseDocument(URI, 1, valid);
    const d = diagnose(valid).find((x) => x.code === 'PS104')!;
    const [preferred] = codeActions(doc, d.range, [d], { tabSize: 2, insertSpaces: true });
    assert.deepEqual(editsOf(preferred), [{ range: d.range, newText: '"replicate"' }]);
  });

  test('diagnostics without fix data, from other tools or with mangled data offer nothing', () => {
    const doc = parseDocument(URI, 1, valid);
    const d = diagnose(valid).find((x) => x.code === 'PS104')!;
    const strip = (data: unknown): Diagnostic => ({ ...d, data });
    const options = { tabSize: 2, insertSpaces: true };
    assert.deepEqual(codeActions(doc, d.range, [strip(undefined)], options), []);
    assert.deepEqual(codeActions(doc, d.range, [strip({ fix: 'explode' })], options), []);
    assert.deepEqual(codeActions(doc, d.range, [strip({ fix: 'replaceValue', path: 'mode' })], options), []);
    assert.deepEqual(codeActions(doc, d.range, [strip({ fix: 'replaceValue', path: ['nowhere', 3], allowed: ['a'] })], options), []);
    assert.deepEqual(codeActions(doc, d.range, [strip({ fix: 'renameKey', path: [], suggestion: 'x' })], options), []);
  });

  test('"fix all" is a source action, offered only when asked for, and not as a quick fix', () => {
    const text = readFileSync(path.join(FIXTURES, 'fix-all.input.polysync.json'), 'utf8');
    const doc = parseDocument(URI, 1, text);
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const options = { tabSize: 2, insertSpaces: true };
    assert.ok(!codeActions(doc, range, [], options).some((a) => a.kind === FIX_ALL_KIND));
    assert.deepEqual(codeActions(doc, range, [], { ...options, only: ['quickfix'] }), []);
    assert.equal(codeActions(doc, range, [], { ...options, only: ['source'] })[0]?.kind, FIX_ALL_KIND);
    assert.equal(codeActions(doc, range, [], { ...options, only: ['source.fixAll'] })[0]?.kind, FIX_ALL_KIND);
  });

  test('"fix all" on a clean document changes nothing', () => {
    const text = readFileSync(path.join(EXAMPLES, 'salesforce-to-snowflake.polysync.json'), 'utf8');
    assert.deepEqual(fixAll(parseDocument(URI, 1, text), { tabSize: 2, insertSpaces: true }).edits, []);
  });

  test('"fix all" leaves removals and placeholders to the user', () => {
    const text = readFileSync(path.join(FIXTURES, 'remove-duplicate-key.input.polysync.json'), 'utf8');
    assert.deepEqual(fixAll(parseDocument(URI, 1, text), { tabSize: 2, insertSpaces: true }).edits, []);
  });

  test('a legacy `discover` already replaced is removed instead of renamed', () => {
    const text = '{\n  "automatically_add_new_objects": "all",\n  "discover": true\n}';
    const doc = parseDocument(URI, 1, text);
    const d = diagnose(text).find((x) => x.code === 'PS202')!;
    const actions = codeActions(doc, d.range, [d], { tabSize: 2, insertSpaces: true });
    assert.equal(actions[0].title, 'Remove `discover` (`automatically_add_new_objects` is already set)');
    assert.equal(apply(text, editsOf(actions[0])), '{\n  "automatically_add_new_objects": "all"\n}');
  });

  test('a multi schedule whose entries are all selective: a manual default and one additional schedule per entry, each keeping its scope', () => {
    const text = `{
  "schedule": {
    "frequency": "multi",
    "multi": { "schedules": [
      { "item": "incrementalFields", "schedule": { "frequency": "continuous" } },
      { "item": "nonincrementalFields", "schedule": { "frequency": "daily", "hour": "1", "minute": "0" } }
    ] }
  }
}`;
    const doc = parseDocument(URI, 1, text);
    const d = diagnose(text).find((x) => x.code === 'PS201')!;
    const [action] = codeActions(doc, d.range, [d], { tabSize: 2, insertSpaces: true });
    const out = apply(text, editsOf(action));
    assert.equal(parseDocument(URI, 2, out).syntaxErrors.length, 0);
    const value = parseJsonc(out);
    assert.deepEqual(value.default_schedule, { frequency: 'manual' });
    assert.deepEqual(value.additional_schedules, [
      { frequency: 'continuous', selective_mode: 'incrementalFields' },
      { frequency: 'daily', hour: '1', minute: '0', selective_mode: 'nonincrementalFields' },
    ]);
    // "Fix all" (and so `check --fix`) gives the same lossless result.
    const all = parseJsonc(apply(text, fixAll(doc, { tabSize: 2, insertSpaces: true }).edits));
    assert.deepEqual(all.default_schedule, { frequency: 'manual' });
    assert.equal(all.additional_schedules.length, 2);
  });

  test('a multi schedule with an all-fields entry: that entry is the default, the others keep their selective mode', () => {
    const text = `{
  "schedule": { "frequency": "multi", "multi": { "schedules": [
    { "item": "incrementalFields", "schedule": { "frequency": "continuous" } },
    { "item": "none", "schedule": { "frequency": "daily", "hour": "3", "minute": "0" } }
  ] } }
}`;
    const out = parseJsonc(apply(text, fixAll(parseDocument(URI, 1, text), { tabSize: 2, insertSpaces: true }).edits));
    assert.deepEqual(out.default_schedule, { frequency: 'daily', hour: '3', minute: '0' });
    assert.deepEqual(out.additional_schedules, [{ frequency: 'continuous', selective_mode: 'incrementalFields' }]);
  });
});

describe('the draft `schedules` array', () => {
  const options = { tabSize: 2, insertSpaces: true };
  const body = (extra: string) => `{
  "name": "Draft",
  "mode": "replicate",
  "source_connection_id": "0b6a7c3e-5d21-4f8a-9c4e-2a1f7e3b9d10",
  "destination_connection_id": "a2b4c6d8-1e3f-4a5b-8c7d-9e0f1a2b3c80",
  "destination_configuration": { "schema": "RAW" },
  ${extra}
}`;

  test('is explained (not a generic unknown property) and offers a migration', () => {
    const text = body(`"schedules": [
    { "frequency": "continuous", "selective_mode": "incrementalFields" },
    { "frequency": "daily", "hour": "2", "minute": "0" },
    { "frequency": "weekly", "day_of_week": "sunday", "hour": "3", "minute": "0", "resync_mode": "refetch", "schemas": ["Contact"] }
  ]`);
    const diagnostics = diagnose(text);
    assert.ok(!diagnostics.some((x) => x.code === 'PS108'), 'not reported as an unknown property');
    const d = diagnostics.find((x) => x.code === 'PS220')!;
    assert.equal(d.severity, 1);
    assert.match(d.message as string, /older revision of the 2025-09-18 migration guide; the API takes `default_schedule` plus `additional_schedules`/);
    const [action] = codeActions(parseDocument(URI, 1, text), d.range, [d], options);
    assert.equal(action.title, 'Move `schedules` to `default_schedule` and `additional_schedules` (API 2025-09-18)');
    assert.equal(action.isPreferred, true);
    const out = apply(text, editsOf(action));
    const value = parseJsonc(out);
    assert.deepEqual(value.default_schedule, { frequency: 'daily', hour: '2', minute: '0' });
    assert.deepEqual(value.additional_schedules, [
      { frequency: 'continuous', selective_mode: 'incrementalFields' },
      { frequency: 'weekly', day_of_week: 'sunday', hour: '3', minute: '0', resync_mode: 'refetch', schemas: ['Contact'] },
    ]);
    assert.equal(value.schedules, undefined);
    assert.deepEqual(diagnose(out), [], out);
  });

  test('with no plain entry the default is manual; with a default already set, every entry is added', () => {
    const selective = body(`"schedules": [{ "frequency": "continuous", "selective_mode": "incrementalFields" }]`);
    const moved = parseJsonc(apply(selective, fixAll(parseDocument(URI, 1, selective), options).edits));
    assert.deepEqual(moved.default_schedule, { frequency: 'manual' });
    assert.deepEqual(moved.additional_schedules, [{ frequency: 'continuous', selective_mode: 'incrementalFields' }]);

    const both = body(`"default_schedule": { "frequency": "daily", "hour": "1", "minute": "0" },
  "schedules": [{ "frequency": "hourly", "minute": "15" }],
  "additional_schedules": [{ "frequency": "manual", "resync_mode": "rebuild" }]`);
    const out = apply(both, fixAll(parseDocument(URI, 1, both), options).edits);
    const value = parseJsonc(out);
    assert.deepEqual(value.default_schedule, { frequency: 'daily', hour: '1', minute: '0' });
    assert.deepEqual(value.additional_schedules, [{ frequency: 'manual', resync_mode: 'rebuild' }, { frequency: 'hourly', minute: '15' }]);
    assert.equal(value.schedules, undefined);
    assert.deepEqual(diagnose(out), [], out);
  });

  test('the missing default_schedule offers the same move first', () => {
    const text = body(`"schedules": [{ "frequency": "hourly", "minute": "0" }]`);
    const d = diagnose(text).find((x) => x.code === 'PS101')!;
    const [action] = codeActions(parseDocument(URI, 1, text), d.range, [d], options);
    assert.equal(action.title, 'Move `schedules` to `default_schedule` and `additional_schedules` (API 2025-09-18)');
    assert.deepEqual(parseJsonc(apply(text, editsOf(action))).default_schedule, { frequency: 'hourly', minute: '0' });
  });

  test('a `schedules` that is not a list of objects is reported without a fix', () => {
    const d = diagnose(body('"schedules": "daily",\n  "default_schedule": { "frequency": "manual" }')).find((x) => x.code === 'PS220')!;
    assert.equal(d.data, undefined);
  });
});

describe('removing members keeps the separators right', () => {
  const remove = (text: string, pick: (root: NonNullable<ReturnType<typeof parseDocument>['root']>) => Parameters<typeof removeMember>[1]) => {
    const doc = parseDocument(URI, 1, text);
    return applyRawEdits(text, removeMember(text, pick(doc.root!)));
  };
  test('inline array items', () => {
    assert.equal(remove('[1, 2, 3]', (r) => r.children![0]), '[2, 3]');
    assert.equal(remove('[1, 2, 3]', (r) => r.children![1]), '[1, 3]');
    assert.equal(remove('[1, 2, 3]', (r) => r.children![2]), '[1, 2]');
    assert.equal(remove('[1]', (r) => r.children![0]), '[]');
    assert.equal(remove('[1, 2, ]', (r) => r.children![1]), '[1, ]');
  });
  test('properties on their own lines, with comments around them', () => {
    const text = '{\n  // first\n  "a": 1, // one\n  "b": 2 // two\n}';
    assert.equal(remove(text, (r) => r.children![0]), '{\n  // first\n  "b": 2 // two\n}');
    assert.equal(remove(text, (r) => r.children![1]), '{\n  // first\n  "a": 1 // one\n}');
  });
  test('the only property', () => {
    assert.equal(remove('{\n  "a": 1\n}', (r) => r.children![0]), '{\n}');
    assert.equal(remove('{ "a": 1 }', (r) => r.children![0]), '{  }');
  });
});

describe('quick fixes never break a document', () => {
  const sources = [
    ...cases.map((c) => readFileSync(path.join(FIXTURES, `${c.name}.input.polysync.json`), 'utf8')),
    readFileSync(path.join(EXAMPLES, 'salesforce-to-snowflake.polysync.json'), 'utf8'),
  ];
  test('every offered fix applies cleanly to truncated and spliced documents', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: sources.length - 1 }),
        fc.nat(),
        fc.nat(),
        fc.constantFrom('', '}', ',', '"', '5', '"x": ', '[', '/*', '\n'),
        (which, cutA, cutB, junk) => {
          const source = sources[which];
          const a = cutA % (source.length + 1);
          const b = a + (cutB % (source.length - a + 1));
          const text = source.slice(0, a) + junk + source.slice(b);
          const doc = parseDocument(URI, 1, text);
          const diagnostics = validateDocument(doc) ?? [];
          const options = { tabSize: 2, insertSpaces: true };
          for (const d of diagnostics) {
            for (const action of codeActions(doc, d.range, [d], options)) apply(text, editsOf(action));
          }
          const all = codeActions(doc, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], { ...options, only: [FIX_ALL_KIND] });
          for (const action of all) apply(text, editsOf(action));
        },
      ),
      { numRuns: 300, seed: 20250918 },
    );
  });

  test('on valid documents, every preferred fix removes its diagnostic without adding syntax errors', () => {
    for (const source of sources) {
      const doc = parseDocument(URI, 1, source);
      const before = validateDocument(doc) ?? [];
      for (const d of before) {
        const preferred = codeActions(doc, d.range, [d], { tabSize: 2, insertSpaces: true }).find((a) => a.isPreferred);
        if (!preferred) continue;
        const out = apply(source, editsOf(preferred));
        const after = diagnose(out);
        assert.ok(!after.some((x) => x.code === 'PS001'), `syntax error after "${preferred.title}":\n${out}`);
        // Counted, since two diagnostics can share code and message (two trailing commas).
        const same = (list: Diagnostic[]) => list.filter((x) => x.code === d.code && x.message === d.message).length;
        assert.ok(same(after) < same(before), `"${preferred.title}" left ${d.code}:\n${out}`);
      }
    }
  });
});

describe('duplicate keys', () => {
  const options = { tabSize: 2, insertSpaces: true };
  const text = '{\n  "mode": "snapshot",\n  "name": "x",\n  "mode": "replicate",\n  "mode": "snapshot"\n}';
  const doc = parseDocument(URI, 1, text);
  const duplicates = diagnose(text).filter((d) => d.code === 'PS109');
  // The repairs only: every warning also offers to be silenced by a comment (suppressions.test.ts).
  const fixes = (d: Diagnostic) => codeActions(doc, d.range, [d], options).filter((a) => !a.title.startsWith('Silence '));

  test('on the last copy, with a different value, keeping it is preferred and removing it says what changes', () => {
    const actions = fixes(duplicates[1]);
    assert.deepEqual(
      actions.map((a) => [a.title, a.isPreferred === true]),
      [
        ['Keep only this `mode` (the one the API uses)', true],
        ['Remove this `mode` (the API would then use the one on line 4)', false],
      ],
    );
    assert.equal(apply(text, editsOf(actions[0])), '{\n  "name": "x",\n  "mode": "snapshot"\n}');
    assert.equal(apply(text, editsOf(actions[1])), '{\n  "mode": "snapshot",\n  "name": "x",\n  "mode": "replicate"\n}');
  });

  test('on a copy that is not the last, removing it changes nothing the API sees and stays preferred', () => {
    const actions = fixes(duplicates[0]);
    assert.deepEqual(
      actions.map((a) => [a.title, a.isPreferred === true]),
      [
        ['Remove this duplicate `mode`', true],
        ['Keep only this `mode`', false],
      ],
    );
    assert.equal(apply(text, editsOf(actions[0])), '{\n  "mode": "snapshot",\n  "name": "x",\n  "mode": "snapshot"\n}');
    assert.equal(apply(text, editsOf(actions[1])), '{\n  "name": "x",\n  "mode": "replicate"\n}');
  });

  test('keeping one copy works in one-line objects too', () => {
    const inline = '{ "name": "x", "source_configuration": { "a": 1, "b": 2, "a": 3, "a": 4 } }';
    const d = diagnose(inline).filter((x) => x.code === 'PS109');
    assert.equal(d.length, 2);
    const keep = codeActions(parseDocument(URI, 1, inline), d[0].range, [d[0]], options).find((a) => a.title.startsWith('Keep only'))!;
    assert.equal(apply(inline, editsOf(keep)), '{ "name": "x", "source_configuration": { "b": 2, "a": 3 } }');
  });
});

describe('trailing commas', () => {
  const options = { tabSize: 2, insertSpaces: true };
  const fixOf = (text: string) => {
    const doc = parseDocument(URI, 1, text);
    const d = diagnose(text).find((x) => x.code === 'PS004');
    assert.ok(d, `no PS004 in ${text}`);
    return { doc, d, actions: codeActions(doc, d.range, [d], options).filter((a) => !a.title.startsWith('Silence ')) };
  };

  test('the space before the bracket follows the opening bracket\'s style', () => {
    for (const [input, output] of [
      ['{ "schemas": ["a", "b", ] }', '{ "schemas": ["a", "b"] }'],
      ['{ "schemas": [ "a", "b", ] }', '{ "schemas": [ "a", "b" ] }'],
      ['{ "name": "x",}', '{ "name": "x"}'],
      ['{\n  "name": "x",\n}', '{\n  "name": "x"\n}'],
      ['{\n  "name": "x", /* kept */\n}', '{\n  "name": "x" /* kept */\n}'],
    ]) {
      const { actions } = fixOf(input);
      assert.deepEqual(actions.map((a) => a.title), ['Remove the trailing comma']);
      assert.equal(apply(input, editsOf(actions[0])), output);
    }
  });

  test('a diagnostic that no longer points at a trailing comma offers nothing', () => {
    const { d } = fixOf('{ "schemas": ["a", "b", ] }');
    // The same diagnostic, sent back by the client after the text changed under it.
    for (const text of ['{ "schemas": ["a", "b", "c"] }', '{ "schemas": ["a", "b"  ] }']) {
      assert.deepEqual(codeActions(parseDocument(URI, 2, text), d.range, [d], options).filter((a) => !a.title.startsWith('Silence ')), [], text);
    }
  });

  test('fix all removes every trailing comma, also one next to another fix', () => {
    const text = '{\n  "mode": "Replicate",\n  "schemas": ["a", "b",],\n  "normalize_names": "Enabled",\n}';
    const doc = parseDocument(URI, 1, text);
    const { edits, fixed } = fixAll(doc, options);
    const out = apply(text, edits);
    assert.equal(out, '{\n  "mode": "replicate",\n  "schemas": ["a", "b"],\n  "normalize_names": "enabled"\n}');
    assert.deepEqual(fixed.map((d) => d.code).sort(), ['PS004', 'PS004', 'PS104', 'PS104']);
  });
});

describe('several diagnostics at once', () => {
  test('the same typo in two places gives two actions, each fixing its own place', () => {
    const text = '{\n  "automatically_add_new_fields": "al",\n  "automatically_add_new_objects": "al"\n}';
    const doc = parseDocument(URI, 1, text);
    const diagnostics = diagnose(text).filter((d) => d.code === 'PS104');
    assert.equal(diagnostics.length, 2);
    const whole = { start: { line: 0, character: 0 }, end: { line: 4, character: 0 } };
    const preferred = codeActions(doc, whole, diagnostics, { tabSize: 2, insertSpaces: true }).filter((a) => a.isPreferred);
    assert.equal(preferred.length, 2);
    assert.deepEqual(
      preferred.map((a) => apply(text, editsOf(a))),
      [
        '{\n  "automatically_add_new_fields": "all",\n  "automatically_add_new_objects": "al"\n}',
        '{\n  "automatically_add_new_fields": "al",\n  "automatically_add_new_objects": "all"\n}',
      ],
    );
  });

  test('the migration offered for both `schedule` and `discover` is a single action', () => {
    const text = readFileSync(path.join(FIXTURES, 'migrate-all-multi.input.polysync.json'), 'utf8');
    const doc = parseDocument(URI, 1, text);
    const legacy = diagnose(text).filter((d) => d.code === 'PS201' || d.code === 'PS202');
    const whole = { start: { line: 0, character: 0 }, end: { line: 30, character: 0 } };
    const migrate = codeActions(doc, whole, legacy, { tabSize: 2, insertSpaces: true }).filter((a) => a.title === 'Migrate to API 2025-09-18');
    assert.equal(migrate.length, 1);
    assert.deepEqual(migrate[0].diagnostics, legacy);
  });
});
