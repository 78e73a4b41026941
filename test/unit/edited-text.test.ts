// EditedText (a version's text read in place as the previous flat text with one region replaced) reads
// exactly like the string it stands for, through long sequences of edits: small ones that keep the
// region small, edits far apart whose region grows, and large ones past the point where it is made one
// flat string again.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EditedText } from '../../server/src/service/document/editedText';
import { random } from '../bench/generate';


function assertReadsLike(text: string | EditedText, expected: string, next: () => number, label: string): void {
  assert.equal(text.length, expected.length, `${label}: length`);
  for (let i = 0; i < 30; i++) {
    const at = Math.floor(next() * (expected.length + 2)) - 1;
    assert.equal(text.charCodeAt(at), expected.charCodeAt(at), `${label}: charCodeAt(${at})`);
    const from = Math.floor(next() * (expected.length + 1));
    const to = from + Math.floor(next() * 300) - 20;
    assert.equal(text.slice(from, to), expected.slice(from, to), `${label}: slice(${from}, ${to})`);
  }
  assert.equal(text.slice(0), expected, `${label}: slice(0)`);
}

test('an edited text reads like the spliced string, through small, scattered and large edits', () => {
  const next = random(9);
  const base = Array.from({ length: 4000 }, (_, i) => `line ${i} ${'x'.repeat(i % 50)}\n`).join('');
  let text: string | EditedText = base;
  let expected = base;
  let flatAgain = 0;
  for (let step = 0; step < 600; step++) {
    const roll = next();
    const start = Math.floor(next() * (expected.length + 1));
    // Mostly keystrokes near the last one; sometimes far away, sometimes a large cut or paste.
    const length = roll < 0.7 ? Math.floor(next() * 3) : roll < 0.9 ? Math.floor(next() * 200) : Math.floor(next() * 90_000);
    const end = Math.min(expected.length, start + (next() < 0.5 ? length : 0));
    const inserted = next() < 0.5 ? '' : roll > 0.95 ? 'y'.repeat(70_000) : 'ab\r\n'.slice(0, 1 + Math.floor(next() * 4));
    text = EditedText.replace(text, start, end, inserted);
    expected = expected.slice(0, start) + inserted + expected.slice(end);
    if (typeof text === 'string') flatAgain++;
    assertReadsLike(text, expected, next, `step ${step}`);
    if (step % 50 === 0) assert.equal(String(text), expected, `step ${step}: the whole text`);
  }
  assert.ok(flatAgain > 5, `the text was made flat again only ${flatAgain} times`);
});

test('edits in several far-apart places keep a region each: the text between them is never copied', () => {
  const next = random(10);
  const base = Array.from({ length: 6000 }, (_, i) => `line ${i} ${'x'.repeat(i % 50)}\n`).join('');
  let text: string | EditedText = base;
  let expected = base;
  // Cursors spread over the whole text, further apart than the size past which a region is folded.
  const cursors = [0.02, 0.3, 0.55, 0.97].map((f) => Math.floor(f * base.length));
  for (let step = 0; step < 800; step++) {
    const c = step % cursors.length;
    const at = cursors[c];
    const roll = next();
    // Type, delete backwards, or replace a character at the cursor; the cursors after it move.
    const [start, end, inserted] = roll < 0.6 ? [at, at, 'ab'.slice(0, 1 + (step % 2))] : roll < 0.85 ? [Math.max(0, at - 1), at, ''] : [at, at + 1, 'Z'];
    text = EditedText.replace(text, start, end, inserted);
    expected = expected.slice(0, start) + inserted + expected.slice(end);
    const delta = inserted.length - (end - start);
    for (let k = 0; k < cursors.length; k++) {
      if (k === c) cursors[k] = start + inserted.length;
      else if (cursors[k] >= end) cursors[k] += delta;
    }
    assert.notEqual(typeof text, 'string', `step ${step}: the text was made flat`);
    assertReadsLike(text, expected, next, `step ${step}`);
    // Reads across the regions.
    for (let k = 0; k + 1 < cursors.length; k++) assert.equal(text.slice(cursors[k] - 3, cursors[k + 1] + 3), expected.slice(cursors[k] - 3, cursors[k + 1] + 3));
  }
  assert.equal(String(text), expected);
});

test('a replace-all (hundreds of changes, last first) reads like the spliced string, folding its regions when there are too many', () => {
  const next = random(11);
  const base = Array.from({ length: 3000 }, (_, i) => `"Field_${i}": ${i},\n`).join('');
  let text: string | EditedText = base;
  let expected = base;
  let flatAgain = 0;
  for (let round = 0; round < 4; round++) {
    const replacement = round % 2 === 0 ? 'Fld_' : 'Field_';
    const old = round % 2 === 0 ? 'Field_' : 'Fld_';
    const places: number[] = [];
    for (let from = expected.indexOf(old); from >= 0; from = expected.indexOf(old, from + 1)) if (round % 2 === 1 || next() < 0.2) places.push(from);
    assert.ok(places.length > 300, `${places.length} changes`);
    for (const at of places.reverse()) {
      text = EditedText.replace(text, at, at + old.length, replacement);
      expected = expected.slice(0, at) + replacement + expected.slice(at + old.length);
      if (typeof text === 'string') flatAgain++;
    }
    assertReadsLike(text, expected, next, `round ${round}`);
    assert.equal(String(text), expected, `round ${round}: the whole text`);
  }
  assert.ok(flatAgain > 0, 'more than MAX_REGIONS regions were folded into a flat text');
});
