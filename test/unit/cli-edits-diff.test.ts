// The CLI's text plumbing: applying edits (each once, overlaps refused) and the unified diff the
// previews print, checked by applying it with patch(1).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { applyEdits } from '../../server/src/cli/edits';
import { unifiedDiff } from '../../server/src/cli/unifiedDiff';
import { parseDocument } from '../../server/src/service/document/document';

const at = (line: number, character: number) => ({ line, character });

describe('applyEdits', () => {
  const doc = parseDocument('file:///x.polysync.json', 1, '{ "minute": 15 }');
  test('the same edit listed twice is applied once', () => {
    const quote = { range: { start: at(0, 12), end: at(0, 14) }, newText: '"15"' };
    assert.equal(applyEdits(doc, [quote, { ...quote }]), '{ "minute": "15" }');
  });
  test('insertions at one place keep their order; other edits apply from the start', () => {
    const edits = [
      { range: { start: at(0, 1), end: at(0, 1) }, newText: 'A' },
      { range: { start: at(0, 1), end: at(0, 1) }, newText: 'B' },
      { range: { start: at(0, 12), end: at(0, 14) }, newText: '"15"' },
    ];
    assert.equal(applyEdits(doc, edits), '{AB "minute": "15" }');
  });
  test('overlapping edits are refused rather than written', () => {
    assert.throws(() => applyEdits(doc, [{ range: { start: at(0, 2), end: at(0, 10) }, newText: '' }, { range: { start: at(0, 5), end: at(0, 12) }, newText: 'x' }]), /overlapping/);
  });
});

describe('unifiedDiff', () => {
  test('empty for equal texts; names the file with a/ and b/; marks a missing final newline', () => {
    assert.equal(unifiedDiff('f.json', 'a\n', 'a\n'), '');
    assert.equal(unifiedDiff('f.json', 'a\nb', 'a\nc'), '--- a/f.json\n+++ b/f.json\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n');
  });

  test('patch(1) turns the old text into the new one with it', () => {
    const work = mkdtempSync(path.join(tmpdir(), 'polysync-diff-'));
    try {
      const line = fc.constantFrom('{', '}', '  "a": 1,', '  "b": 2,', '  // note', '', '  "c": [1, 2]');
      const text = fc.array(line, { maxLength: 30 }).chain((lines) => fc.constantFrom('\n', '\r\n').map((eol) => lines.join(eol) + (lines.length ? eol : '')));
      fc.assert(
        fc.property(text, text, (before, after) => {
          const file = path.join(work, 'f.json');
          writeFileSync(file, before);
          const diff = unifiedDiff('f.json', before, after);
          if (before === after) return diff === '';
          const r = spawnSync('patch', ['-p1', '--quiet', '--binary'], { cwd: work, input: diff, encoding: 'utf8' });
          assert.equal(r.status, 0, `${r.stdout}${r.stderr}\n${diff}`);
          assert.equal(readFileSync(file, 'utf8'), after, diff);
          return true;
        }),
        { numRuns: 150 },
      );
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
